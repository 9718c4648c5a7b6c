"""Run the pipeline's entry points and modules as the Makefile does; throwaway layer recipes."""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
LAYER_RECIPE = ("scripts/layer.sh", "scripts/__init__.py", "scripts/artefacts/__init__.py",
                "scripts/artefacts/detzip.py", "scripts/artefacts/layer_prune.py", "scripts/artefacts/layer_source.py",
                "scripts/artefacts/layer_contents.py", "layer/requirements.txt",
                "scripts/pipeline/__init__.py", "scripts/pipeline/contracts.py")
# A make calling pytest (make test) must not hand its flags, nor where its own runs go, to the scripts under test.
OUTER_MAKE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MAKE_TERMOUT", "MAKE_TERMERR", "RUNS_DIR")


def new_run_id() -> str:
    return "t" + uuid.uuid4().hex[:8]


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in OUTER_MAKE}
    env.update(extra or {})
    return env


def run(args: list[str], env: Mapping[str, str] | None = None, cwd: Path = ROOT,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=clean_env(env), capture_output=True, text=True, timeout=timeout)


def run_module(module: str, args: list[str], env: Mapping[str, str],
               stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m <module>` from the root as the Makefile runs it, with only the given AWS env."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SWEEP_", "DRY_RUN", "TARGET"))}
    return subprocess.run(
        [str(PYTHON), "-m", module, *args],
        cwd=ROOT,
        env={**clean, "E2E_RETRY_ATTEMPTS": "2", "E2E_RETRY_DEADLINE": "5", **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_layer_recipe(dest: Path) -> Path:
    """A minimal checkout holding only the layer recipe, sharing the real .venv."""
    for rel in LAYER_RECIPE:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def layer(checkout: Path, env: Mapping[str, str] | None = None, *args: str) -> subprocess.CompletedProcess[str]:
    return run([str(checkout / "scripts/layer.sh"), *args], env=env, cwd=checkout)


def layer_path(checkout: Path, env: Mapping[str, str] | None = None) -> str:
    result = layer(checkout, env, "--path")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]
