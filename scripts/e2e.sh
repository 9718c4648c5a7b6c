#!/usr/bin/env bash
# One feature end to end: layer, init, apply, verify, destroy, leak check.
#
# Destroy is registered (EXIT trap) before anything is deployed and runs after
# a failed deploy (partial state), a failed verify, SIGINT or SIGTERM; KEEP=1
# skips it. A leak check then lists what is still tagged with the run id
# (e.g. a function whose create was interrupted before it reached the state).
# The exit status is the first failing phase's (130/143 after a signal).
# Inputs: FEATURE, RUN_ID (default: a new one), TARGET, KEEP, and
# from e2e-all: LAYER_ZIP (built once), E2E_CLOUD_HELD=1, E2E_LOG=1.
set -euo pipefail
source "$(dirname "$0")/sh/lib.sh"
source "$ROOT/scripts/sh/phases.sh"
source "$ROOT/scripts/sh/cloud.sh"
cd "$ROOT"

feature=${FEATURE:-}
validate_inputs "$feature" "${RUN_ID:-}"
run_id=${RUN_ID:-$(new_run_id)}
prepare_run "$run_id" "$feature"
open_terminal
[[ ${E2E_LOG:-} != 1 ]] || exec >>"$RUN_DIR/e2e.log" 2>&1 # e2e-all: this feature's own log
holder=$run_id-$feature
FINISH_HINT="make destroy RUN_ID=$run_id FEATURE=$feature TARGET=$TARGET"
status=0
finished=0
deploy_started=0

fail() { ((status)) || status=$1; } # the first failing phase sets the exit status

finish() {
  local rc=$?
  ((finished)) && return 0
  finished=1
  fail "$rc"
  TEARING_DOWN=1
  if [[ ${KEEP:-} == 1 ]]; then
    skip_phase destroy "KEEP=1; later: $FINISH_HINT"
  elif has_state; then
    phase destroy destroy || {
      fail $?
      log "destroy failed: resources of run $run_id may remain; retry with: $FINISH_HINT"
    }
  else
    skip_phase destroy "nothing deployed"
  fi
  if [[ ${KEEP:-} != 1 ]] && ((deploy_started)); then
    phase leakcheck leak_check || fail $?
  fi
  [[ ${E2E_CLOUD_HELD:-} == 1 ]] || cloud_leave "$holder"
  [[ ${KEEP:-} != 1 ]] || echo "$run_id" >"$ROOT/build/runs/latest-$feature" # make verify/destroy find it
  status=${SIGNAL_STATUS:-$status}
  local verdict=pass
  ((status == 0)) || verdict="FAIL (exit $status)"
  echo "$status" >"$RUN_DIR/status"
  # e2e-all (E2E_LOG=1) writes one report for all its features at its end
  [[ ${E2E_LOG:-} == 1 ]] || py_module scripts.report.run_report "$(dirname "$RUN_DIR")" >&"$TERMINAL" 2>&1 ||
    log "no report (see above)"
  echo "e2e: $feature $verdict  run $run_id  logs $RUN_DIR" >&"$TERMINAL"
  exit "$status"
}
trap finish EXIT
trap_signals

go_on() { ((status == 0)) && [[ -z $FIRST_SIGNAL_AT ]]; }

log "run $run_id, feature $feature, TARGET=$TARGET ($RUN_DIR)"
if [[ $TARGET == local && ${E2E_CLOUD_HELD:-} != 1 ]]; then
  phase localcloud cloud_acquire "$holder" || fail $?
fi
if [[ -z ${LAYER_ZIP:-} ]]; then
  go_on && { phase layer build_layer || fail $?; }
fi
go_on && { phase init init || fail $?; }
go_on && {
  deploy_started=1
  phase apply apply || fail $?
}
if go_on; then
  phase verify verify || fail $?
else
  skip_phase verify "an earlier phase failed or the run was interrupted"
fi
finish
