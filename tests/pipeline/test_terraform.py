"""Terraform code: formatted, valid, and every feature root in the shared shape."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from scripts.pipeline.cli_config import write_cli_config
from scripts.pipeline.contracts import features
from tests.kit.pipeline import ROOT, run

SHARED = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", ".terraform.lock.hcl")
FEATURES = features()


def test_terraform_fmt_is_clean() -> None:
    result = run(["terraform", "fmt", "-check", "-recursive", "-diff", "terraform"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("feature", FEATURES)
def test_feature_roots_link_the_shared_files(feature: str) -> None:
    folder = ROOT / "terraform/features" / feature
    for name in SHARED:
        assert (folder / name).is_symlink(), f"{folder / name} must link ../../shared/{name}"
        assert os.readlink(folder / name) == f"../../shared/{name}"
    assert (folder / "feature.tf").is_file()
    assert (ROOT / "handlers" / feature).is_dir(), f"terraform/features/{feature} has no handlers/{feature}"


@pytest.mark.parametrize("feature", FEATURES)
def test_feature_root_validates_with_the_locked_provider(feature: str, tmp_path: Path) -> None:
    env = {"TF_DATA_DIR": str(tmp_path / "data")}
    config = write_cli_config(tmp_path / "cli.tfrc")
    if config:
        env["TF_CLI_CONFIG_FILE"] = str(config)
    chdir = f"-chdir={ROOT / 'terraform/features' / feature}"
    init = run(["terraform", chdir, "init", "-backend=false", "-input=false", "-lockfile=readonly"], env=env)
    assert init.returncode == 0, init.stdout + init.stderr
    validate = run(["terraform", chdir, "validate", "-no-color"], env=env)
    assert validate.returncode == 0, validate.stdout + validate.stderr

