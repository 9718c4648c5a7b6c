# localcloud for TARGET=local (sourced after lib.sh). Runs hold a lease on it;
# the last run out stops it, and only if a run started it. The ledger is
# `python -m localcloud up|down|keep --lease`; bash only runs it as a child
# that a Ctrl-C reaches once (run_child).
# shellcheck shell=bash

cloud_ledger() { # cloud_ledger <up|down|keep> <holder>
  run_child "$PY" -m localcloud "$1" --lease "$2" --holder-pid "$$" \
    --port "$LOCALCLOUD_PORT" --xray-port "$LOCALCLOUD_XRAY_PORT"
}

cloud_acquire() { # cloud_acquire <holder>: make sure localcloud runs while we need it
  [[ $TARGET == local ]] || return 0
  log "localcloud on 127.0.0.1:$LOCALCLOUD_PORT (X-Ray UDP $LOCALCLOUD_XRAY_PORT): taking a lease"
  cloud_ledger up "$1" || {
    log "localcloud did not start on port $LOCALCLOUD_PORT (see build/localcloud/$LOCALCLOUD_PORT/)"
    return 1
  }
}

cloud_release() { # cloud_release <holder>
  [[ $TARGET == local ]] || return 0
  cloud_ledger down "$1" || log "localcloud down failed; run 'make cloud-down'"
}

cloud_keep() { # cloud_keep <holder>: KEEP=1 — the kept resources live in localcloud, so it stays up
  [[ $TARGET == local ]] || return 0
  cloud_ledger keep "$1"
}

cloud_leave() { # cloud_leave <holder>: release, or keep with KEEP=1
  if [[ ${KEEP:-} == 1 ]]; then cloud_keep "$1"; else cloud_release "$1"; fi
}

cloud_ensure() { # single phases (dev loop): start when needed and leave it running
  [[ $TARGET == local ]] || return 0
  run_child "$PY" -m localcloud up --port "$LOCALCLOUD_PORT" --xray-port "$LOCALCLOUD_XRAY_PORT" ||
    die "cannot run without localcloud"
}
