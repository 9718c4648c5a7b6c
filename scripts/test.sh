#!/usr/bin/env bash
# `make test`: the framework's own tests (pytest, TEST_WORKERS processes) and one
# `make e2e-all -j4` of every feature, side by side. They share nothing: each
# pytest worker starts private localclouds on free ports and copies the checkout
# where it runs make; e2e-all uses LOCALCLOUD_PORT and build/test/runs. Most of
# either's time is waiting on Terraform's provider, so the two overlap on two
# cores. e2e-all writes to build/test/e2e-all.log, shown live once pytest is done.
# Ctrl-C reaches pytest from the terminal; e2e-all, in its own session, gets a
# SIGTERM from here and tears down (a second Ctrl-C aborts its teardown).
# Exit 0 only when both passed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=$ROOT/.venv/bin/python
cd "$ROOT"

E2E_LOG=$ROOT/build/test/e2e-all.log
mkdir -p "$(dirname "$E2E_LOG")"
setsid "${MAKE:-make}" e2e-all -j4 RUNS_DIR="$ROOT/build/test/runs" >"$E2E_LOG" 2>&1 &
e2e=$!
forward() { kill -TERM "$e2e" 2>/dev/null || true; }
SIGNAL_STATUS=
trap 'forward; SIGNAL_STATUS=130' INT
trap 'forward; SIGNAL_STATUS=143' TERM
echo "test: make e2e-all -j4 runs alongside the tests; its output: $E2E_LOG" >&2

tests_rc=0
"$PY" -m pytest tests -q -p no:cacheprovider -n "${TEST_WORKERS:-4}" --dist loadscope --no-loadscope-reorder ||
  tests_rc=$?

echo "test: make e2e-all -j4 (started with the tests):" >&2
tail -n +1 --pid="$e2e" -f "$E2E_LOG" >&2
e2e_rc=0
wait "$e2e" || e2e_rc=$?
echo "test: pytest exit $tests_rc, e2e-all exit $e2e_rc" >&2
((tests_rc == 0 && e2e_rc == 0)) || exit "${SIGNAL_STATUS:-1}"
