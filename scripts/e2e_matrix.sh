#!/usr/bin/env bash
# make e2e-matrix: `make e2e-all` once per cell of RUNTIMES x ARCHS, then one
# table cell x feature (build/runs/<matrix>/matrix.md). Each cell first goes
# through scripts/matrix/preflight.py, which builds its layer and says whether
# it can run here; one that cannot is SKIPPED with the reason, never PASS.
# Cells are targets of a sub-make, so `make e2e-matrix -jN` runs them (and
# their features) N at a time; on TARGET=local they share one localcloud,
# which runs each cell's functions on the interpreter of its runtime.
#
#   e2e_matrix.sh         plan the cells, run them, summarise
#   e2e_matrix.sh cell C  one cell (from the sub-make)
set -euo pipefail
source "$(dirname "$0")/sh/lib.sh"
cd "$ROOT"

run_cell() { # run_cell <cell>: preflight, then e2e-all with its lines prefixed by the cell
  local cell=$1 runtime arch run_id rc=0
  read -r _ runtime arch run_id < <(grep "^$cell " "$MATRIX_DIR/cells")
  "$PY" -m scripts.matrix.preflight "$MATRIX_DIR/$cell.cell.json" --runtime "$runtime" --arch "$arch" \
    --run-id "$run_id" | sed "s/^/[$cell] /"
  grep -q '"status": "ready"' "$MATRIX_DIR/$cell.cell.json" || return 0
  # sed ignores Ctrl-C, so the cell's teardown output still has a reader
  "${MAKE:-make}" e2e-all PYTHON_RUNTIME="$runtime" ARCH="$arch" RUN_ID="$run_id" 2>&1 |
    (trap '' INT TERM && exec sed -u "s/^/[$cell] /") || rc=$?
  echo "$rc" >"$MATRIX_DIR/$cell.status"
}

if [[ ${1:-} == cell ]]; then
  run_cell "$2"
  exit 0 # the summary judges every cell; a failed one must not stop the others (-k aside)
fi

check_contracts --target "$TARGET"
read -ra runtimes <<<"${RUNTIMES:-$PYTHON_RUNTIME}"
read -ra archs <<<"${ARCHS:-$ARCH}"
((${#runtimes[@]} * ${#archs[@]} <= 26)) || die "at most 26 cells (RUNTIMES x ARCHS)"
matrix_id=$(new_run_id)
MATRIX_DIR=$RUNS_DIR/$matrix_id
mkdir -p "$MATRIX_DIR"
chmod 700 "$MATRIX_DIR"
export MATRIX_DIR
cells=()
letters=abcdefghijklmnopqrstuvwxyz
for runtime in "${runtimes[@]}"; do
  for arch in "${archs[@]}"; do
    cell=${runtime//./}-$arch
    echo "$cell $runtime $arch $matrix_id${letters:${#cells[@]}:1}" >>"$MATRIX_DIR/cells"
    cells+=("$cell")
  done
done
log "matrix $matrix_id: ${cells[*]} (TARGET=$TARGET)"
open_terminal
trap_signals
DELEGATED=1 # each cell's e2e-all tears down itself
FINISH_HINT="make destroy RUN_ID=<cell run> FEATURE=<feature> for what is left under $MATRIX_DIR/../"
run_child "${MAKE:-make}" -k -C "$ROOT" _matrix-cells MATRIX_CELLS="${cells[*]}" || true
rc=0
py_module scripts.matrix.summary "$MATRIX_DIR" || rc=$?
exit "${SIGNAL_STATUS:-$rc}"
