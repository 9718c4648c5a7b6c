"""Can a matrix cell (runtime x architecture) run here? Decide before deploying anything.

    python -m scripts.matrix.preflight <cell.json> --runtime python3.10 --arch x86_64 --run-id <id>

Builds the cell's layer (scripts/layer.sh) and writes the cell's record: `ready`
with the interpreter that will run its functions and the versions under test,
or `skipped` with a one-line reason: no interpreter for the runtime here, a
layer that pip cannot resolve for it (e.g. `Requires-Python >=3.10`), or, on
TARGET=local, C extensions built for another CPU than this host's (localcloud
runs functions on the host). Exit 0 either way; 2 on bad arguments.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

from localcloud.awslambda.runtimes import RuntimeUnavailable, interpreter
from scripts.artefacts.layer_contents import native_modules, versions_under_test
from scripts.pipeline.contracts import ROOT

HOST_ARCH = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}
REASON_CHARS = 200


def interpreter_of(runtime: str) -> str:
    """`3.10.13 (/path/to/python3.10)` for localcloud's interpreter of the runtime; raises RuntimeUnavailable."""
    path = interpreter(runtime)
    version = subprocess.run([path, "-S", "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, timeout=30, check=True).stdout.strip()
    return f"{version} ({path})"


def pip_cause(output: str) -> str:
    """The one line of pip's output that says why: the pinned requirement and its Requires-Python
    bound when that is the cause, else the first error, without pip's list of every version."""
    wanted = re.search(r"satisfies the requirement (\S+?)==(\S+)", output)
    if wanted:
        bound = re.search(rf"(?:^|[:;] ){re.escape(wanted.group(2))} Requires-Python ([^;\n]+)", output, re.M)
        if bound:
            return f"{wanted.group(1)}=={wanted.group(2)} needs Requires-Python {bound.group(1).strip()}"
    errors = [line for line in output.splitlines() if line.startswith(("ERROR: Could not", "ERROR: No matching",
                                                                       "layer: error:"))]
    first = re.sub(r" \(from versions: [^)]*\)", "", errors[0] if errors else "the layer build failed")
    return first[:REASON_CHARS]


def build_layer(runtime: str, arch: str) -> tuple[Path | None, str]:
    """The cell's layer zip, or None and the one-line cause."""
    built = subprocess.run([str(ROOT / "scripts" / "layer.sh")], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHON_RUNTIME": runtime, "ARCH": arch}, check=False)
    if built.returncode != 0:
        return None, pip_cause(built.stderr)
    return Path(built.stdout.strip().splitlines()[-1]), ""


def foreign_extensions(layer: Path, arch: str, target: str) -> str:
    """Why the layer cannot load here ("" when it can): native modules for another CPU on TARGET=local."""
    host = HOST_ARCH.get(platform.machine(), platform.machine())
    natives = native_modules(layer)
    if target != "local" or arch == host or not natives:
        return ""
    return (f"{arch} layer has C extensions ({natives[0].rsplit('/', 1)[-1]}"
            + (f" and {len(natives) - 1} more" if len(natives) > 1 else "")
            + f") that cannot load on this {host} host; run it on TARGET=aws or an {arch} host")


def preflight(runtime: str, arch: str, target: str) -> dict[str, object]:
    cell: dict[str, object] = {"runtime": runtime, "arch": arch, "target": target}
    try:
        cell["interpreter"] = interpreter_of(runtime) if target == "local" else f"AWS Lambda {runtime}"
    except RuntimeUnavailable as err:
        return {**cell, "status": "skipped", "reason": str(err).split(";")[0]}
    layer, cause = build_layer(runtime, arch)
    if layer is None:
        return {**cell, "status": "skipped", "reason": cause}
    cell["versions"] = versions_under_test(layer, Path(os.environ.get("LAYER_REQUIREMENTS")
                                                       or ROOT / "layer" / "requirements.txt"))
    reason = foreign_extensions(layer, arch, target)
    return {**cell, "status": "skipped", "reason": reason} if reason else {**cell, "status": "ready"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.matrix.preflight", description=__doc__.splitlines()[0])
    parser.add_argument("cell_file", type=Path)
    parser.add_argument("--runtime", required=True)
    parser.add_argument("--arch", required=True, choices=["x86_64", "arm64"])
    parser.add_argument("--run-id", required=True)
    args = parser.parse_args(argv)
    cell = {**preflight(args.runtime, args.arch, os.environ.get("TARGET") or "local"), "run_id": args.run_id}
    args.cell_file.write_text(json.dumps(cell, indent=2) + "\n", encoding="utf-8")
    what = cell.get("reason") or f"interpreter {cell['interpreter']}"
    print(f"matrix: {args.runtime}/{args.arch}: {str(cell['status']).upper()}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
