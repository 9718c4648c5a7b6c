#!/usr/bin/env bash
# Build the Lambda layer as build/layer/<hash>.zip and print its path as the
# last line of stdout (everything else goes to stderr).
#
# With FEATURE set, the feature's own packages (handlers/<FEATURE>/requirements.txt,
# when it has one) are installed with the base requirements: features with the
# same set of files map to the same hash and share one zip.
#
# The hash covers every input: the requirements files, what LAYER_SOURCE (a
# local checkout, replacing the pinned release of its package) installs (its
# wheel's contents: a docs or test edit does not rebuild), the runtime's
# Python version, the architecture and this recipe itself. A cache
# hit runs neither pip nor zip. Builds run in a temporary folder under a lock
# and end with a rename, so concurrent or killed builds never leave a half zip.
# `layer.sh --path` only prints the path the current inputs map to.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runtime=${PYTHON_RUNTIME:-python3.12}
arch=${ARCH:-x86_64}
requirements=${LAYER_REQUIREMENTS:-$root/layer/requirements.txt}
feature_requirements=$root/handlers/${FEATURE:-}/requirements.txt
[[ -n ${FEATURE:-} && -f $feature_requirements ]] || feature_requirements=
source_dir=${LAYER_SOURCE:-}
out_dir=${LAYER_DIR:-$root/build/layer}
py=$root/.venv/bin/python
recipe=("$root/scripts/layer.sh" "$root/scripts/artefacts/detzip.py" "$root/scripts/artefacts/layer_prune.py"
  "$root/scripts/artefacts/layer_source.py")

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

pip=("$py" -m pip --disable-pip-version-check --no-input)
# LAYER_SOURCE's wheel, built once per call: the hash and the install both use it.
source_wheel=
if [[ -n $source_dir ]]; then
  [[ -x $py ]] || die "$py not found: run 'make venv'"
  wheels=$(mktemp -d)
  trap 'rm -rf "$wheels"' EXIT
  "${pip[@]}" wheel --quiet --no-deps --wheel-dir "$wheels" "$source_dir" >"$wheels/pip.log" 2>&1 || {
    grep -v '^WARNING: Location' "$wheels/pip.log" >&2 || true
    die "could not build LAYER_SOURCE=$source_dir into a wheel (pip output above); no zip written"
  }
  source_wheel=$(echo "$wheels"/*.whl)
fi

input_hash() {
  {
    printf 'runtime=%s\narch=%s\n' "$runtime" "$arch"
    sha256sum <"$requirements"
    [[ -z $feature_requirements ]] || sha256sum <"$feature_requirements"
    sha256sum "${recipe[@]}" | cut -d' ' -f1
    [[ -z $source_wheel ]] || (cd "$root" && "$py" -m scripts.artefacts.layer_source digest "$source_wheel")
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
trap 'rm -rf "$work" ${wheels:+"$wheels"}' EXIT

[[ -x $py ]] || die "$py not found: run 'make venv'"
run_pip() { # in the background, so that `wait` returns as soon as a signal arrives
  "${pip[@]}" "$@" &
  pip_pid=$!
  wait "$pip_pid"
}
pyver=${runtime#python}
requirement_args=(-r "$requirements")
[[ -z $feature_requirements ]] || requirement_args+=(-r "$feature_requirements")
echo "layer: building for $runtime/$arch from $requirements${feature_requirements:+ + $feature_requirements}${source_dir:+ + $source_dir}" >&2
if ! run_pip install --quiet --no-compile --target "$work/python" --platform "$platform" \
  --implementation cp --python-version "$pyver" --only-binary=:all: \
  "${requirement_args[@]}" >"$work/pip.log" 2>&1; then
  grep -v '^WARNING: Location' "$work/pip.log" >&2 || true
  die "could not resolve the layer requirements in $requirements${feature_requirements:+ + $feature_requirements} for $runtime/$arch (pip output above); no zip written"
fi
if [[ -n $source_wheel ]]; then
  # The checkout replaces the pinned release of the same package (one
  # dist-info); its dependencies must be in the requirements file.
  (cd "$root" && "$py" -m scripts.artefacts.layer_source replace "$work/python" "$source_wheel")
  if ! run_pip install --quiet --no-compile --no-deps --target "$work/python" "$source_wheel" \
    >"$work/pip.log" 2>&1; then
    grep -v '^WARNING: Location' "$work/pip.log" >&2 || true
    die "could not install LAYER_SOURCE=$source_dir into the layer (pip output above); no zip written"
  fi
fi
(cd "$root" && "$py" -m scripts.artefacts.layer_prune "$work/python")
rm -f "$work/pip.log"
(cd "$root" && "$py" -m scripts.artefacts.detzip "$zip" "$work")
echo "layer: wrote $zip ($(du -h "$zip" | cut -f1))" >&2
[[ -z $source_wheel ]] || echo "layer: LAYER_SOURCE=$source_dir built as ${source_wheel##*/}" >&2
(cd "$root" && "$py" -m scripts.artefacts.layer_contents "$zip" --requirements "$requirements" \
  ${feature_requirements:+--requirements "$feature_requirements"}) >&2 # the versions under test
echo "$zip"
