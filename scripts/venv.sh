#!/usr/bin/env bash
# Create or refresh the framework's virtual environment (.venv), once per
# requirements change, safely when several make processes ask at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
stamp="$venv/.requirements.sha256"
want=$(cat requirements.txt | sha256sum | cut -d' ' -f1)
[[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && exit 0
mkdir -p build
exec 9>build/.venv.lock
flock 9
[[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && exit 0
host_python=${HOST_PYTHON:-python3}
command -v "$host_python" >/dev/null || { echo "venv: '$host_python' not found; set HOST_PYTHON to a Python >= 3.11" >&2; exit 1; }
echo "venv: installing requirements into $venv (once per requirements change)" >&2
[[ -x "$venv/bin/python" ]] || "$host_python" -m venv "$venv"
# A line per package as pip reaches it (the first install takes minutes), not pip's whole output.
"$venv/bin/python" -m pip install --progress-bar off --disable-pip-version-check -r requirements.txt \
  2> >(grep -v "^WARNING: Location" >&2) |
  sed -un 's/^\(Collecting\|Installing collected\|Successfully installed\) /venv: \1 /p' >&2
echo "$want" > "$stamp"
