#!/usr/bin/env bash
# One phase of the dev loop: phase.sh deploy|verify|destroy, for FEATURE and
# RUN_ID. Without RUN_ID, deploy reuses the feature's last deployed run (or
# makes a new one) and remembers it in build/runs/latest-<feature>, so
# `make deploy/verify/destroy FEATURE=f` address the same run. A redeploy
# after editing a handler updates only that function.
set -euo pipefail
source "$(dirname "$0")/sh/lib.sh"
source "$ROOT/scripts/sh/phases.sh"
source "$ROOT/scripts/sh/cloud.sh"
cd "$ROOT"

what=${1:-}
[[ $what =~ ^(deploy|verify|destroy)$ ]] || die "usage: phase.sh deploy|verify|destroy"
feature=${FEATURE:-}
validate_inputs "$feature" "${RUN_ID:-}"
latest=$ROOT/build/runs/latest-$feature
run_id=${RUN_ID:-}
if [[ -z $run_id && -f $latest ]]; then
  run_id=$(<"$latest")
elif [[ -z $run_id && $what == deploy ]]; then
  run_id=$(new_run_id)
elif [[ -z $run_id ]]; then
  die "no deployed run of '$feature': run 'make deploy FEATURE=$feature' first, or pass RUN_ID"
fi
[[ $what == deploy || -d $ROOT/build/runs/$run_id/$feature ]] ||
  die "run '$run_id' has no feature '$feature' under build/runs/"
prepare_run "$run_id" "$feature"
open_terminal
FINISH_HINT="make destroy RUN_ID=$run_id FEATURE=$feature TARGET=$TARGET"
[[ $what != destroy ]] || TEARING_DOWN=1
trap_signals

cloud_ensure
[[ $what != deploy ]] || echo "$run_id" >"$latest"
rc=0
phase "$what" "$what" || rc=$?
# a destroy is done when nothing of the run is left, as at the end of `make e2e`
[[ $what != destroy || $rc != 0 || -n ${SIGNAL_STATUS:-} ]] || phase leakcheck leak_check || rc=$?
rc=${SIGNAL_STATUS:-$rc}
if ((rc != 0)); then
  [[ $what == verify ]] || log "resources of run $run_id may remain; remove them with: $FINISH_HINT"
  exit "$rc"
fi
case $what in
  deploy) log "deployed run $run_id: next 'make verify FEATURE=$feature', then 'make destroy FEATURE=$feature'" ;;
  verify) log "verified run $run_id (JUnit: $RUN_DIR/junit.xml)" ;;
  destroy)
    [[ ! -f $latest || $(<"$latest") != "$run_id" ]] || rm -f "$latest"
    log "destroyed run $run_id"
    ;;
esac
