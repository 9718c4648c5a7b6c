#!/usr/bin/env bash
# Every feature (handlers/ ∩ terraform/features/, or FEATURES) end to end in
# one run: each distinct layer (base packages + a feature's own
# handlers/<f>/requirements.txt) is built once and localcloud started once, then a
# sub-make runs `scripts/stages.sh e2e` per feature with make's own -jN (this script
# is a `+` recipe, so it shares the caller's job slots). Each feature logs to
# build/runs/<run>/<feature>/e2e.log; a summary table, the combined
# build/runs/<run>/junit.xml (a testsuite per feature) and build/runs/latest
# (-> the run) end it. Exit 0 only when every feature passed.
set -euo pipefail
source "$(dirname "$0")/sh/lib.sh"
source "$ROOT/scripts/sh/phases.sh"
source "$ROOT/scripts/sh/cloud.sh"
cd "$ROOT"

check_settings
read -ra selected <<<"${FEATURES:-$(features | paste -sd' ')}"
((${#selected[@]})) || die "no features: add handlers/<f>/ and terraform/features/<f>/"
check_contracts "${selected[@]/#/--feature=}" ${RUN_ID:+--run-id "$RUN_ID"}
require_terraform
require_aws_credentials
run_id=${RUN_ID:-$(new_run_id)}
RUN_DIR=$RUNS_DIR/$run_id
mkdir -p "$RUN_DIR"
chmod 700 "$RUN_DIR"
point_latest "$run_id"
export E2E_RUN_ID=$run_id E2E_FEATURE=all
aws_env
terraform_cli_config
open_terminal
FINISH_HINT="make destroy RUN_ID=$run_id FEATURE=<feature> for each feature still in $RUNS_DIR/$run_id"
holder=$run_id-all
finish() {
  local rc=$? failed=()
  trap - EXIT
  cloud_leave "$holder"
  for feature in "${selected[@]}"; do
    [[ $(cat "$RUN_DIR/$feature/status" 2>/dev/null) == 0 ]] || failed+=("$feature")
  done
  py_module scripts.report.junit "$RUN_DIR" "${selected[@]}" >&2 || log "no combined JUnit (see above)"
  py_module scripts.report.run_report "$RUN_DIR" >&2 || log "no report (see above)"
  if ((${#failed[@]})); then
    log "run $run_id: FAILED: ${failed[*]} (logs: $RUNS_DIR/$run_id/<feature>/e2e.log)"
    ((rc)) || rc=1
  else
    log "run $run_id: all ${#selected[@]} features passed"
  fi
  exit "${SIGNAL_STATUS:-$rc}"
}
trap finish EXIT
trap_signals

build_layers() { # one build per distinct set of packages; each feature's layer phase is then a cache hit
  local feature
  for feature in "${selected[@]}"; do
    FEATURE=$feature build_layer || return
  done
  unset LAYER_ZIP
}

log "run $run_id: ${selected[*]} (TARGET=$TARGET)"
[[ $TARGET != local ]] || phase localcloud cloud_acquire "$holder"
phase layer build_layers
export RUN_ID=$run_id E2E_CLOUD_HELD=1 E2E_LOG=1
DELEGATED=1 # from here signals go to the features, which tear down themselves
run_child "${MAKE:-make}" -k -C "$ROOT" _e2e-features FEATURES="${selected[*]}"
