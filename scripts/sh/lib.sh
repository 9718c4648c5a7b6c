# Shared by the pipeline scripts (sourced): input validation, run folders,
# the Terraform and AWS environment, and signal-safe child processes.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PY=$ROOT/.venv/bin/python
# The Makefile's defaults, for scripts run without make (e.g. with_aws_env.sh).
TARGET=${TARGET:-local}
AWS_REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}
LOCALCLOUD_PORT=${LOCALCLOUD_PORT:-4566}
LOCALCLOUD_XRAY_PORT=${LOCALCLOUD_XRAY_PORT:-2000}
# Where run folders go (make test points it away from the user's build/runs).
RUNS_DIR=${RUNS_DIR:-build/runs}
[[ $RUNS_DIR == /* ]] || RUNS_DIR=$ROOT/$RUNS_DIR
export RUNS_DIR
umask 077 # state, logs and outputs are the owner's only

log() { echo "e2e: $*" >&2; }
die() {
  echo "e2e: error: $*" >&2
  exit 2
}

# py_module <module> [args]: one of the framework's Python modules, from the root.
py_module() { (cd "$ROOT" && "$PY" -m "$@"); }

features() { py_module scripts.pipeline.contracts features; }

# check_contracts [--target T] [--feature F]... [--run-id R]: exits 2 naming
# the rule an input breaks (scripts/pipeline/contracts.py), before anything runs.
check_contracts() { py_module scripts.pipeline.contracts check "$@" || exit 2; }

# check_settings [check_contracts args]: TARGET, PYTHON_RUNTIME and localcloud's
# ports (they name folders under build/), before anything is built, started or
# written; then what the arguments add, in the same call.
check_settings() {
  check_contracts --target "$TARGET" --runtime "${PYTHON_RUNTIME:-python3.12}" \
    --port "LOCALCLOUD_PORT=$LOCALCLOUD_PORT" --port "LOCALCLOUD_XRAY_PORT=$LOCALCLOUD_XRAY_PORT" "$@"
}

require_terraform() {
  command -v terraform >/dev/null || die "terraform not found on PATH; install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install)"
}

# TARGET=aws must have working credentials before any terraform runs.
require_aws_credentials() {
  [[ $TARGET == aws ]] || return 0
  local who
  if ! who=$(unset AWS_ENDPOINT_URL && py_module scripts.pipeline.aws_identity 2>&1); then
    die "TARGET=aws needs AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or SSO) and AWS_REGION; STS said: $(tail -n1 <<<"$who")"
  fi
  log "TARGET=aws as $who in $AWS_REGION"
}

validate_inputs() { # validate_inputs <feature> <run_id|"">; RUNNER unset: the feature's own (contracts.py)
  check_settings ${RUNNER:+--runner "$RUNNER"} --feature "$1" ${2:+--run-id "$2"}
  [[ -n ${RUNNER:-} ]] || RUNNER=$(py_module scripts.pipeline.contracts runner "$1") || exit 2
  export RUNNER
  require_terraform
  require_aws_credentials
}

new_run_id() {
  printf 'r%s%s\n' "$(date -u +%m%d%H%M)" "$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')"
}

now() { echo "${EPOCHREALTIME/,/.}"; }

# Everything a run of one feature keeps: state, Terraform data, logs, outputs.
prepare_run() { # prepare_run <run_id> <feature>; sets RUN_DIR and the environment
  RUN_DIR=$RUNS_DIR/$1/$2
  mkdir -p "$RUN_DIR"
  chmod 700 "$RUNS_DIR/$1" "$RUN_DIR"
  lock_run_dir "$1" "$2"
  export E2E_RUN_ID=$1 E2E_FEATURE=$2
  # The run's state is its own workspace; tf_init sets TF_DATA_DIR (shared by runs of one configuration).
  export TF_WORKSPACE=$1 TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1 # no version-check call
  unset TF_DATA_DIR TF_PLUGIN_CACHE_DIR # the plugin cache is not safe for concurrent inits; the mirror is shared read-only
  TF_DIR=$ROOT/terraform/features/$2
  terraform_cli_config
  aws_env
}

# One make at a time per run folder: two runs sharing RUN_ID and FEATURE would
# race on one state. The lock lives as long as this script (run_child keeps it
# from children; Terraform's own state lock covers a terraform still stopping);
# the file names its holder.
lock_run_dir() { # lock_run_dir <run_id> <feature>
  local lock=$RUN_DIR/run.lock holder
  exec {RUN_LOCK}>>"$lock"
  if ! flock -n "$RUN_LOCK"; then
    holder=$(cat "$lock" 2>/dev/null || true)
    die "run $1 of feature $2 is in use by another make${holder:+ ($holder)}: wait for it to end, or use another RUN_ID"
  fi
  echo "pid $$: $(basename "$0") ${command:-}" >"$lock"
}

# Use the provider mirror when this machine has one; elsewhere the registry.
# A CLI config the user points at (and that exists) wins.
terraform_cli_config() {
  local config
  [[ -n ${TF_CLI_CONFIG_FILE:-} && -f ${TF_CLI_CONFIG_FILE:-} ]] && return 0
  config=$(py_module scripts.pipeline.cli_config "$ROOT/build/terraform.tfrc")
  [[ -z $config ]] || export TF_CLI_CONFIG_FILE=$config
}

# TARGET=local talks to localcloud only; TARGET=aws uses the standard chain.
aws_env() {
  export AWS_REGION AWS_DEFAULT_REGION=$AWS_REGION
  [[ $TARGET == local ]] || return 0
  unset AWS_PROFILE AWS_SESSION_TOKEN
  export AWS_ENDPOINT_URL=http://127.0.0.1:$LOCALCLOUD_PORT
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  # AWS_ENDPOINT_URL_<SERVICE>, the ignore switch and the shared config file
  # could still send a client (boto3 or Terraform's provider) elsewhere
  py_module scripts.pipeline.endpoints check || exit 2
}

# Children run in their own session, so a Ctrl-C meant for us reaches them
# exactly once: through on_signal, which forwards a SIGTERM (Terraform stops
# gracefully on its first signal and aborts on its second). On a leash
# (setpriv --pdeathsig, Linux) they get that SIGTERM also when this script dies
# without a word (kill -9): no orphaned terraform finishes an apply unseen.
# They do not inherit the run folder's lock (RUN_LOCK): a grandchild that
# outlives us (a provisioner's process) must not keep the run locked.
leash() { # leash <signal>: sets LEASH, the launcher of such a child, told <signal> when this script dies
  LEASH=()
  ! command -v setsid >/dev/null || LEASH=(setsid)
  ! command -v setpriv >/dev/null || LEASH+=(setpriv --pdeathsig "$1")
}

CHILD=
run_child() {
  leash TERM
  if [[ -n ${RUN_LOCK:-} ]]; then
    "${LEASH[@]}" "$@" {RUN_LOCK}>&- &
  else
    "${LEASH[@]}" "$@" &
  fi
  CHILD=$!
  local rc=0
  await_child "$CHILD" || rc=$?
  CHILD=
  return "$rc"
}

await_child() { # await_child <pid>: its exit status
  local rc=0 again
  # `wait` also returns when a signal arrives (status > 128), even one whose
  # trap already ran or was coalesced: wait until the child itself is gone.
  while :; do
    wait "$1" && rc=0 || rc=$?
    kill -0 "$1" 2>/dev/null || break
  done
  if ((rc > 128)); then # a signal cut the last wait short: ask for the real status
    wait "$1" 2>/dev/null && rc=0 || { again=$?; ((again == 127)) || rc=$again; }
  fi
  return "$rc"
}

stop_child() { # the process only: Terraform then stops its own plugins cleanly
  [[ -z $CHILD ]] || kill -TERM "$CHILD" 2>/dev/null || true
}

wait_child_gone() { # wait_child_gone <seconds>: bounded wait for a child told to stop
  local tries=$(($1 * 10))
  while [[ -n $CHILD ]] && kill -0 "$CHILD" 2>/dev/null && ((tries-- > 0)); do sleep 0.1; done
}

# SIGINT/SIGTERM: the first stops the current child and lets the script
# go on to teardown (or, during teardown, lets it finish); a second one during
# teardown aborts it and says how to finish. A repeat within a second is the
# same signal arriving twice (from the process group and from make), not a
# second press. DELEGATED scripts (e2e-all) forward every signal to their
# child, which tears down itself.
FIRST_SIGNAL_AT=
SIGNAL_STATUS=
TEARING_DOWN=0
DELEGATED=0
FINISH_HINT=
on_signal() { # on_signal <name> <exit status>
  local t
  t=$(now)
  if [[ -n $FIRST_SIGNAL_AT ]]; then
    awk -v a="$FIRST_SIGNAL_AT" -v b="$t" 'BEGIN { exit !(b - a < 1) }' && return 0
    if ((DELEGATED)); then
      stop_child
      log "second $1: teardown aborted. Finish it with: $FINISH_HINT" 2>&"$TERMINAL"
      return 0
    fi
    ((TEARING_DOWN)) || return 0
    stop_child
    wait_child_gone 15 # Terraform lets go of the state lock as it exits: the hint works at once
    log "second $1: teardown aborted. Finish it with: $FINISH_HINT" 2>&"$TERMINAL"
    exit "$2"
  fi
  FIRST_SIGNAL_AT=$t
  SIGNAL_STATUS=$2
  if ((TEARING_DOWN)); then
    log "$1: tearing down already (a second one aborts teardown)" 2>&"$TERMINAL"
    return 0
  fi
  log "$1: stopping, then tearing down (a second one aborts teardown)" 2>&"$TERMINAL"
  stop_child
}

# The user's terminal (stderr as the script found it), for messages that must
# be seen while phase output goes to logs. A free fd: make's jobserver may
# hold 3 and 4.
open_terminal() { exec {TERMINAL}>&2; }

trap_signals() {
  trap 'on_signal SIGINT 130' INT
  trap 'on_signal SIGTERM 143' TERM
}

# Phases: output to <run>/<phase>.log, one JSON line per phase in timings.json
# ({"phase","start","end","status"}), the tail of the log shown on failure.
record_phase() { # record_phase <timings file> <phase> <start|null> <end|null> <status>
  py_module scripts.report.timings record "$@"
}

phase() { # phase <name> <function...>: the function runs its commands through run_child
  local name=$1 start rc=0 status=pass logfile=$RUN_DIR/$1.log
  shift
  start=$(now)
  announce "$E2E_FEATURE/$name ..."
  "$@" >"$logfile" 2>&1 || rc=$?
  ((rc == 0)) || status=fail
  record_phase "$RUN_DIR/timings.json" "$name" "$start" "$(now)" "$status"
  if ((rc != 0)); then
    tail -n 40 "$logfile" | sed "s/^/  $name| /" >&2
    announce "$E2E_FEATURE/$name failed (exit $rc); full log: $logfile"
  else
    announce "$E2E_FEATURE/$name ok ($(awk -v s="$start" -v e="$(now)" 'BEGIN{printf "%.1f", e-s}') s)"
    [[ $name != verify ]] || grep -E ' in [0-9.]+s|^plan: ' "$logfile" | sed "s/^/  $name| /" >&2 # pytest's summary, the plan's verdict
  fi
  return "$rc"
}

skip_phase() { # skip_phase <name> <why>
  record_phase "$RUN_DIR/timings.json" "$1" null null skipped
  announce "$E2E_FEATURE/$1 skipped ($2)"
}

# A phase's start and end: on stderr, and under e2e-all (whose features log to
# e2e.log) on the terminal too, so `-jN` shows every feature's progress.
announce() {
  log "$@"
  [[ ${E2E_LOG:-} != 1 || -z ${TERMINAL:-} ]] || log "$@" 2>&"$TERMINAL"
}

# build/runs/latest -> the run started last (replaced atomically: runs may start together).
point_latest() { # point_latest <run_id>
  local link=$RUNS_DIR/latest
  ln -sfn "$1" "$link.$$" && mv -Tf "$link.$$" "$link"
}
