# localcloud for TARGET=local (sourced after lib.sh). Runs hold a lease on
# it; the last run out stops it, and only if a run started it, so localcloud
# is left as it was found even when several runs share it.
# shellcheck shell=bash

LEASES=$ROOT/build/cloud-leases/$LOCALCLOUD_PORT

cloud_healthy() {
  curl -fsS --max-time 2 "http://127.0.0.1:$LOCALCLOUD_PORT/_localcloud/health" >/dev/null 2>&1
}

cloud_pid() { # the running localcloud's pid, from its health answer
  curl -fsS --max-time 2 "http://127.0.0.1:$LOCALCLOUD_PORT/_localcloud/health" 2>/dev/null |
    grep -o '"pid": *[0-9]*' | grep -o '[0-9]*$' || true
}

cloud_start() {
  log "starting localcloud on 127.0.0.1:$LOCALCLOUD_PORT (X-Ray UDP $LOCALCLOUD_XRAY_PORT)"
  run_child "$PY" -m localcloud up --port "$LOCALCLOUD_PORT" --xray-port "$LOCALCLOUD_XRAY_PORT" || {
    log "localcloud did not start on port $LOCALCLOUD_PORT (see build/localcloud/$LOCALCLOUD_PORT/); is the port taken? set LOCALCLOUD_PORT"
    return 1
  }
}

cloud_lock() {
  mkdir -p "$LEASES"
  exec {CLOUD_FD}>"$LEASES/.lock"
  flock "$CLOUD_FD"
}

cloud_unlock() { exec {CLOUD_FD}>&-; }

cloud_acquire() { # cloud_acquire <holder>: make sure localcloud runs while we need it
  [[ $TARGET == local ]] || return 0
  cloud_lock
  if ! cloud_healthy; then
    cloud_start || {
      cloud_unlock
      return 1
    }
    cloud_pid >"$LEASES/.started-by-run" # names the process: a later one is not ours
  fi
  echo "$$" >"$LEASES/$1"
  cloud_unlock
}

cloud_release() { # cloud_release <holder>
  [[ $TARGET == local ]] || return 0
  local lease live=0 pid
  cloud_lock
  rm -f "$LEASES/$1"
  for lease in "$LEASES"/*; do
    [[ -f $lease ]] || continue
    if kill -0 "$(<"$lease")" 2>/dev/null; then live=1; else rm -f "$lease"; fi
  done
  pid=$(cloud_pid)
  if ((live == 0)) && [[ -n $pid && -f $LEASES/.started-by-run && $(<"$LEASES/.started-by-run") == "$pid" ]]; then
    log "stopping localcloud (a run started it and the last run is done)"
    "$PY" -m localcloud down --port "$LOCALCLOUD_PORT" >&2 || log "localcloud down failed; run 'make cloud-down'"
  fi
  ((live)) || rm -f "$LEASES/.started-by-run"
  cloud_unlock
}

cloud_keep() { # cloud_keep <holder>: KEEP=1 — the kept resources live in localcloud, so it stays up
  [[ $TARGET == local ]] || return 0
  cloud_lock
  rm -f "$LEASES/$1" "$LEASES/.started-by-run"
  cloud_unlock
  log "localcloud keeps running on port $LOCALCLOUD_PORT with the kept resources; 'make cloud-down' stops it"
}

cloud_leave() { # cloud_leave <holder>: release, or keep with KEEP=1
  if [[ ${KEEP:-} == 1 ]]; then cloud_keep "$1"; else cloud_release "$1"; fi
}

cloud_ensure() { # single phases (dev loop): start when needed and leave it running
  [[ $TARGET == local ]] || return 0
  cloud_healthy && return 0
  cloud_lock
  cloud_healthy || {
    cloud_start || die "cannot run without localcloud"
    log "localcloud keeps running for the next phase; stop it with 'make cloud-down'"
  }
  cloud_unlock
}
