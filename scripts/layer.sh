#!/usr/bin/env bash
# Build the Lambda layer as build/layer/<hash>.zip and print its path as the
# last line of stdout (everything else goes to stderr).
#
# The hash covers every input: the requirements file, the files of
# LAYER_SOURCE (a local checkout installed over the pinned package), the
# runtime's Python version, the architecture and this recipe itself. A cache
# hit runs neither pip nor zip. Builds run in a temporary folder under a lock
# and end with a rename, so concurrent or killed builds never leave a half zip.
# `layer.sh --path` only prints the path the current inputs map to.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runtime=${PYTHON_RUNTIME:-python3.12}
arch=${ARCH:-x86_64}
requirements=${LAYER_REQUIREMENTS:-$root/layer/requirements.txt}
source_dir=${LAYER_SOURCE:-}
out_dir=${LAYER_DIR:-$root/build/layer}
py=$root/.venv/bin/python
recipe=("$root/scripts/layer.sh" "$root/scripts/artefacts/detzip.py" "$root/scripts/artefacts/layer_prune.py")

die() { echo "layer: error: $*" >&2; exit 1; }
# Ctrl-C or SIGTERM ends pip too (run_pip), and says so instead of blaming the requirements.
pip_pid=
exec {console}>&2 # the trap may run while stderr goes to pip.log
interrupted() { # interrupted <signal> <exit status>
  if [[ -n $pip_pid ]]; then
    kill -TERM "$pip_pid" 2>/dev/null || true
    wait "$pip_pid" 2>/dev/null || true # pip lets go of the build folder before it is removed
  fi
  echo "layer: interrupted by $1; no zip written" >&"$console"
  exit "$2"
}
trap 'interrupted SIGINT 130' INT
trap 'interrupted SIGTERM 143' TERM

case $arch in
  x86_64) platform=manylinux2014_x86_64 ;;
  arm64) platform=manylinux2014_aarch64 ;;
  *) die "ARCH='$arch' is not valid: use x86_64 or arm64" ;;
esac
[[ -f $requirements ]] || die "requirements file '$requirements' not found"
if [[ -n $source_dir ]]; then
  [[ -d $source_dir ]] || die "LAYER_SOURCE='$source_dir' is not a folder"
  source_dir=$(cd "$source_dir" && pwd)
fi

# Files of the local source that matter: no VCS, caches or build output.
source_files() {
  (cd "$source_dir" && find . \( -name .git -o -name __pycache__ -o -name '.*_cache' -o -name .tox \
    -o -name .venv -o -name node_modules -o -name build -o -name dist -o -name '*.egg-info' \) -prune \
    -o -type f ! -name '*.pyc' -print0 | LC_ALL=C sort -z)
}

input_hash() {
  {
    printf 'runtime=%s\narch=%s\n' "$runtime" "$arch"
    sha256sum <"$requirements"
    sha256sum "${recipe[@]}" | cut -d' ' -f1
    if [[ -n $source_dir ]]; then
      source_files | (cd "$source_dir" && xargs -0r sha256sum --)
    fi
  } | sha256sum | cut -c1-20
}

zip=$out_dir/$(input_hash).zip
if [[ ${1:-} == --path ]]; then
  echo "$zip"
  exit 0
fi
if [[ -f $zip ]]; then
  echo "layer: cache hit" >&2
  echo "$zip"
  exit 0
fi

# Before building (a cache hit runs no Python): only Lambda's runtimes.
(cd "$root" && "$py" -m scripts.pipeline.contracts check --runtime "$runtime") || exit 2
mkdir -p "$out_dir"
exec 9>"$out_dir/.lock"
flock 9
if [[ -f $zip ]]; then  # a concurrent build made it while we waited
  echo "layer: built by a concurrent run" >&2
  echo "$zip"
  exit 0
fi
rm -rf "$out_dir"/.build.*  # leftovers of killed builds; we hold the lock
work=$(mktemp -d "$out_dir/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT

[[ -x $py ]] || die "$py not found: run 'make venv'"
pip=("$py" -m pip --disable-pip-version-check --no-input)
run_pip() { # in the background, so that `wait` returns as soon as a signal arrives
  "${pip[@]}" "$@" &
  pip_pid=$!
  wait "$pip_pid"
}
pyver=${runtime#python}
echo "layer: building for $runtime/$arch from $requirements${source_dir:+ + $source_dir}" >&2
if ! run_pip install --quiet --no-compile --target "$work/python" --platform "$platform" \
  --implementation cp --python-version "$pyver" --only-binary=:all: \
  -r "$requirements" >"$work/pip.log" 2>&1; then
  grep -v '^WARNING: Location' "$work/pip.log" >&2 || true
  die "could not resolve the layer requirements in $requirements for $runtime/$arch (pip output above); no zip written"
fi
if [[ -n $source_dir ]]; then
  # The checkout replaces the pinned release of the same package; its
  # dependencies must be in the requirements file.
  if ! { run_pip wheel --quiet --no-deps --wheel-dir "$work/wheels" "$source_dir" &&
    run_pip install --quiet --no-compile --no-deps --upgrade --target "$work/python" "$work"/wheels/*.whl; } \
    >"$work/pip.log" 2>&1; then
    grep -v '^WARNING: Location' "$work/pip.log" >&2 || true
    die "could not build LAYER_SOURCE=$source_dir into the layer (pip output above); no zip written"
  fi
fi
(cd "$root" && "$py" -m scripts.artefacts.layer_prune "$work/python")
rm -f "$work/pip.log"
rm -rf "$work/wheels"
(cd "$root" && "$py" -m scripts.artefacts.detzip "$zip" "$work")
echo "layer: wrote $zip ($(du -h "$zip" | cut -f1))" >&2
echo "$zip"
