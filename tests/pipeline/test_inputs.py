"""Bad inputs fail before any terraform runs, saying what is valid."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pipeline_kit import ROOT, run

FEATURES = sorted(p.name for p in (ROOT / "handlers").iterdir()
                  if p.is_dir() and (ROOT / "terraform/features" / p.name).is_dir())
NO_AWS = {"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
          "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
          "AWS_PROFILE": "", "AWS_SESSION_TOKEN": "", "AWS_ENDPOINT_URL": ""}


def runs_before() -> set[str]:
    runs = ROOT / "build/runs"
    return {p.name for p in runs.iterdir()} if runs.is_dir() else set()


def make(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = run(["make", *args], env=env)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("target", ["e2e", "deploy", "verify", "destroy"])
def test_unknown_feature_lists_the_valid_ones(target: str) -> None:
    before = runs_before()
    code, out = make(target, "FEATURE=nosuchfeature")
    assert code != 0
    assert f"unknown FEATURE 'nosuchfeature'; valid features: {' '.join(FEATURES)}" in out
    assert runs_before() == before  # nothing was started


def test_empty_feature_lists_the_valid_ones() -> None:
    code, out = make("e2e", "FEATURE=")
    assert code != 0
    assert f"FEATURE is empty; valid features: {' '.join(FEATURES)}" in out


@pytest.mark.parametrize("run_id", ["UPPER", "has-dash", "x", "r" * 17, "1abc"])
def test_malformed_run_id_names_the_pattern(run_id: str) -> None:
    code, out = make("e2e", f"FEATURE={FEATURES[0]}", f"RUN_ID={run_id}")
    assert code != 0
    assert f"malformed RUN_ID '{run_id}': it must match ^[a-z][a-z0-9]{{2,15}}$" in out


def test_unknown_target_lists_the_valid_ones() -> None:
    code, out = make("e2e", f"FEATURE={FEATURES[0]}", "TARGET=gcp")
    assert code != 0
    assert "unknown TARGET 'gcp'; valid targets: local aws" in out


def test_aws_target_without_credentials_stops_before_terraform() -> None:
    before = runs_before()
    code, out = make("e2e", f"FEATURE={FEATURES[0]}", "TARGET=aws", env=NO_AWS)
    assert code != 0
    assert "TARGET=aws needs AWS credentials" in out
    assert runs_before() == before


def test_missing_terraform_is_named(tmp_path: Path) -> None:
    # GIVEN a PATH with everything the scripts use except terraform
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    terraform = shutil.which("terraform")
    assert terraform is not None
    for folder in os.environ["PATH"].split(os.pathsep):
        if Path(folder).is_dir() and folder != str(Path(terraform).parent):
            for tool in Path(folder).iterdir():
                if tool.name != "terraform" and not (bin_dir / tool.name).exists():
                    (bin_dir / tool.name).symlink_to(tool)
    code, out = make("e2e", f"FEATURE={FEATURES[0]}", env={"PATH": str(bin_dir)})
    assert code != 0
    assert "terraform not found on PATH" in out


def test_verify_without_a_deployed_run_says_deploy_first() -> None:
    code, out = make("verify", f"FEATURE={FEATURES[0]}", "RUN_ID=rnosuchrun1")
    assert code != 0
    assert "run 'rnosuchrun1' has no feature" in out


def test_help_lists_targets_and_variables() -> None:
    code, out = make("help")
    assert code == 0
    for word in ("e2e-all", "deploy", "verify", "destroy", "layer", "test", "FEATURE", "RUN_ID", "KEEP",
                 "TARGET", "PYTHON_RUNTIME", "ARCH", "LOCALCLOUD_PORT"):
        assert word in out
