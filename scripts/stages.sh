#!/usr/bin/env bash
# The stage runner: stages.sh e2e|deploy|verify|destroy for FEATURE and RUN_ID.
#
# e2e: localcloud, layer, init, apply, verify, then destroy and the leak
# check. Destroy is registered (EXIT trap) before anything is deployed and
# runs after a failed deploy (partial state), a failed verify, SIGINT or
# SIGTERM; KEEP=1 skips it. The leak check then lists what is still tagged
# with the run id. The exit status is the first failing stage's (130/143
# after a signal). Before teardown, a failed verify (or FORENSICS=1) saves
# the functions' logs and the run's traces into the run folder (phase
# forensics). Inputs from e2e-all (which built every layer first, so the
# layer phase is a cache hit): E2E_CLOUD_HELD=1, E2E_LOG=1.
#
# deploy/verify/destroy: the dev loop, one stage each (deploy = layer, init,
# apply; destroy = destroy, leak check). Without RUN_ID, deploy reuses the
# feature's last deployed run (or makes a new one) and remembers it in
# build/runs/latest-<feature>, so the three address the same run; localcloud
# is started when needed and left running.
#
# logs: the run's function logs (scripts/forensics/show.py): tailed while the
# run is deployed, else those saved in its folder; without RUN_ID the
# feature's last deployed run, else the last run (build/runs/latest) if it
# has the feature.
set -euo pipefail
source "$(dirname "$0")/sh/lib.sh"
source "$ROOT/scripts/sh/phases.sh"
source "$ROOT/scripts/sh/cloud.sh"
source "$ROOT/scripts/sh/provider.sh"
cd "$ROOT"

command=${1:-}
[[ $command =~ ^(e2e|deploy|verify|destroy|logs)$ ]] || die "usage: stages.sh e2e|deploy|verify|destroy|logs"
feature=${FEATURE:-}
validate_inputs "$feature" "${RUN_ID:-}"
latest=$RUNS_DIR/latest-$feature

resolve_run_id() { # the run to address: RUN_ID, else a new one (e2e), else the feature's last deploy
  if [[ -n ${RUN_ID:-} ]]; then
    echo "$RUN_ID"
  elif [[ $command == e2e || ($command == deploy && ! -f $latest) ]]; then
    new_run_id
  elif [[ -f $latest ]]; then
    cat "$latest"
  elif [[ $command == logs && -d $RUNS_DIR/latest/$feature ]]; then
    readlink "$RUNS_DIR/latest"
  else
    die "no deployed run of '$feature': run 'make deploy FEATURE=$feature' first, or pass RUN_ID"
  fi
}
run_id=$(resolve_run_id)
[[ $command == e2e || $command == deploy || -d $RUNS_DIR/$run_id/$feature ]] ||
  die "run '$run_id' has no feature '$feature' under $RUNS_DIR/"
prepare_run "$run_id" "$feature"
[[ $command != logs ]] || exec "$PY" -m scripts.forensics.show "$RUN_DIR" --feature "$feature"
open_terminal
[[ $command != e2e || ${E2E_LOG:-} != 1 ]] || exec >>"$RUN_DIR/e2e.log" 2>&1 # e2e-all: this feature's own log
holder=$run_id-$feature
[[ $command != e2e || ${E2E_LOG:-} == 1 ]] || point_latest "$run_id" # e2e-all points at its run itself
FINISH_HINT="make destroy RUN_ID=$run_id FEATURE=$feature TARGET=$TARGET"
status=0
finished=0
deploy_started=0

fail() { ((status)) || status=$1; } # the first failing stage sets the exit status
go_on() { ((status == 0)) && [[ -z $FIRST_SIGNAL_AT ]]; }

teardown() { # destroy (unless KEEP=1 or nothing is deployed), then the leak check
  TEARING_DOWN=1
  [[ ${KEEP:-} == 1 ]] || ((!deploy_started)) || leak_check_start # it loads while destroy runs
  if [[ ${KEEP:-} == 1 ]]; then
    skip_phase destroy "KEEP=1; later: $FINISH_HINT"
  elif has_state; then
    if phase destroy destroy; then
      kept_run unmark
    else
      fail $?
      log "destroy failed: resources of run $run_id may remain; retry with: $FINISH_HINT"
    fi
  else
    skip_phase destroy "nothing deployed"
  fi
  provider_stop # terraform is done
  if [[ ${KEEP:-} != 1 ]] && ((deploy_started)); then
    phase leakcheck leak_check || fail $?
  fi
}

finish() {
  local rc=$?
  ((finished)) && return 0
  finished=1
  fail "$rc"
  if [[ $command == e2e ]]; then
    finish_e2e
  else
    provider_stop
    provider_reap
    finish_stage
  fi
  exit "$status"
}

finish_e2e() {
  local report=
  rm -f "$RUN_DIR/status"
  # e2e-all (E2E_LOG=1) writes one report for all its features at its end. Here
  # the report starts now, in its own session, and waits for the status file:
  # loading its chart library overlaps teardown.
  if [[ ${E2E_LOG:-} != 1 ]]; then
    setsid "$PY" -m scripts.report.run_report --after "$RUN_DIR/status" --while-pid $$ "$(dirname "$RUN_DIR")" \
      >&"$TERMINAL" 2>&1 &
    report=$!
  fi
  teardown
  [[ ${E2E_CLOUD_HELD:-} == 1 ]] || cloud_leave "$holder"
  if [[ ${KEEP:-} == 1 ]]; then
    echo "$run_id" >"$latest" # make verify/destroy find it
    kept_run mark             # and a sweep spares it
  fi
  status=${SIGNAL_STATUS:-$status}
  local verdict=pass
  ((status == 0)) || verdict="FAIL (exit $status)"
  echo "$status" >"$RUN_DIR/status"
  provider_reap
  [[ -z $report ]] || wait "$report" || log "no report (see above)"
  echo "e2e: $feature $verdict  run $run_id  logs $RUN_DIR" >&"$TERMINAL"
}

finish_stage() {
  status=${SIGNAL_STATUS:-$status}
  if ((status != 0)); then
    [[ $command == verify ]] || log "resources of run $run_id may remain; remove them with: $FINISH_HINT"
    return 0
  fi
  case $command in
    deploy) log "deployed run $run_id: next 'make verify FEATURE=$feature', then 'make destroy FEATURE=$feature'" ;;
    verify) log "verified run $run_id (JUnit: $RUN_DIR/junit.xml)" ;;
    destroy)
      [[ ! -f $latest || $(<"$latest") != "$run_id" ]] || rm -f "$latest"
      kept_run unmark
      log "destroyed run $run_id"
      ;;
  esac
}

keep_evidence() { # after verify: save what teardown would delete when it failed or FORENSICS=1
  [[ -z $FIRST_SIGNAL_AT ]] || return 0
  ((status)) || [[ ${FORENSICS:-} == 1 ]] || return 0
  phase forensics collect_forensics || log "forensics failed (the run's result stands)"
}

deploy_stages() { # layer (unless e2e-all built it), init, apply
  if [[ -z ${LAYER_ZIP:-} ]]; then
    go_on && { phase layer build_layer || fail $?; }
  fi
  go_on && { phase init init || fail $?; }
  go_on && {
    deploy_started=1
    phase apply apply || fail $?
  }
}

trap finish EXIT
trap_signals
log "run $run_id, feature $feature, TARGET=$TARGET ($RUN_DIR)"
case $command in
  e2e)
    if [[ $TARGET == local && ${E2E_CLOUD_HELD:-} != 1 ]]; then
      phase localcloud cloud_acquire "$holder" || fail $?
    fi
    deploy_stages
    if go_on; then
      phase verify verify || fail $?
      keep_evidence
    else
      skip_phase verify "an earlier phase failed or the run was interrupted"
    fi
    ;;
  deploy)
    cloud_ensure
    echo "$run_id" >"$latest"
    kept_run mark
    deploy_stages
    ;;
  verify)
    cloud_ensure
    phase verify verify || fail $?
    keep_evidence
    ;;
  destroy)
    cloud_ensure
    [[ ${FORENSICS:-} != 1 ]] || phase forensics collect_forensics || true
    TEARING_DOWN=1
    deploy_started=1
    phase destroy destroy || fail $?
    # a destroy is done when nothing of the run is left, as at the end of e2e
    go_on && { phase leakcheck leak_check || fail $?; }
    ;;
esac
