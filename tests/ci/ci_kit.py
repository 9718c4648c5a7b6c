"""Paths and runners shared by the CI tests: the workflows, the CI Terraform
module, actionlint from the virtual environment, and Terraform with its data
folder (and, where this machine has one, the provider mirror) in a tmp dir."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scripts.pipeline.cli_config import write_cli_config

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
CI_MODULE = ROOT / "terraform" / "ci"
README = ROOT / "README.md"


def workflow_files(folder: Path = WORKFLOWS) -> list[Path]:
    return sorted(folder.glob("*.yml"))


def run(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def actionlint(files: list[Path], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """actionlint from the virtual environment (requirements.txt installs it);
    it runs shellcheck on the `run:` scripts when shellcheck is on PATH."""
    binary = Path(sys.executable).parent / "actionlint"
    assert binary.is_file(), f"{binary} is missing: install requirements.txt into the virtual environment"
    return run([str(binary), "-no-color", *map(str, files)], cwd=cwd)


def terraform_env(tmp_path: Path) -> dict[str, str]:
    """Terraform's data folder in tmp_path; providers from the mirror when the
    folder exists, else from the registry as usual."""
    env = {**os.environ, "TF_DATA_DIR": str(tmp_path / "tfdata"), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    config = write_cli_config(tmp_path / "mirror.tfrc")
    if config:
        env["TF_CLI_CONFIG_FILE"] = str(config)
    return env


def terraform_validate(module: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`init -backend=false` with the committed lock file, then `validate`:
    the first that fails is returned."""
    env = terraform_env(tmp_path)
    init = run(["terraform", f"-chdir={module}", "init", "-backend=false", "-input=false", "-lockfile=readonly", "-no-color"], env=env)
    if init.returncode != 0:
        return init
    return run(["terraform", f"-chdir={module}", "validate", "-no-color"], env=env)
