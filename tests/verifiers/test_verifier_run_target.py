"""A verifier suite run by hand talks to where its run was deployed (run.json in the
run folder), and refuses a shell that names another target."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import boto3
import pytest

from scripts.pipeline.run_record import RunRecord, TargetMismatch, environment_for, write
from tests.verifiers.test_verifier_outputs import GOOD

REPO = Path(__file__).resolve().parents[2]
LOCAL = RunRecord("r1", "logger", "local", "eu-west-1", "http://127.0.0.1:4599", "python3.12", "x86_64")
ON_AWS = RunRecord("r2", "logger", "aws", "eu-west-1", None, "python3.12", "x86_64")
REAL_LOOKING = {"AWS_ACCESS_KEY_ID": "AKIAREALLOOKING00000", "AWS_SECRET_ACCESS_KEY": "x" * 40, "AWS_PROFILE": "prod"}


def run_folder(tmp_path: Path, record: RunRecord) -> Path:
    (tmp_path / "outputs.json").write_text(json.dumps(GOOD))
    write(tmp_path, record)
    return tmp_path / "outputs.json"


def collect_logger_suite(outputs: Path, shell: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`pytest verifiers/logger --outputs …` as a user types it, collecting only (nothing is invoked)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "TARGET"}
    return subprocess.run([sys.executable, "-m", "pytest", "verifiers/logger", "-p", "no:cacheprovider",
                           "--collect-only", "-q", "--outputs", str(outputs)],
                          cwd=REPO, env={**env, **shell}, capture_output=True, text=True, timeout=120)


def test_a_local_run_gets_its_endpoint_region_and_dummy_keys_whatever_credentials_the_shell_has() -> None:
    # GIVEN a run deployed to localcloud and a shell with real-looking credentials and no region
    # WHEN the session's environment is derived
    wanted = environment_for(LOCAL, dict(REAL_LOOKING))
    # THEN clients built from it reach localcloud, in the run's region, with dummy keys
    session = boto3.session.Session(aws_access_key_id=wanted["AWS_ACCESS_KEY_ID"],
                                     aws_secret_access_key=wanted["AWS_SECRET_ACCESS_KEY"],
                                     region_name=wanted["AWS_REGION"])
    client = session.client("lambda", endpoint_url=wanted["AWS_ENDPOINT_URL"])
    assert client.meta.endpoint_url == LOCAL.endpoint and client.meta.region_name == "eu-west-1"
    assert wanted["AWS_ACCESS_KEY_ID"] == "test" and wanted["TARGET"] == "local"


@pytest.mark.parametrize(("record", "shell", "said"), [
    (LOCAL, {"TARGET": "aws"}, "deployed to TARGET=local, but the shell has TARGET=aws"),
    (LOCAL, {"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"}, "but the shell has AWS_ENDPOINT_URL=http://127.0.0.1:4566"),
    (ON_AWS, {"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"}, "deployed to TARGET=aws, but the shell has AWS_ENDPOINT_URL"),
    (ON_AWS, {"TARGET": "local"}, "deployed to TARGET=aws, but the shell has TARGET=local"),
], ids=["local-run-aws-shell", "local-run-other-localcloud", "aws-run-endpoint-in-shell", "aws-run-local-shell"])
def test_a_shell_naming_another_target_is_refused(record: RunRecord, shell: dict[str, str], said: str) -> None:
    with pytest.raises(TargetMismatch, match=said):
        environment_for(record, shell)


def test_a_standalone_suite_names_the_run_it_talks_to_without_a_region_in_the_shell(tmp_path: Path) -> None:
    # GIVEN a local run's folder, and a shell with real-looking credentials but no AWS_REGION
    outputs = run_folder(tmp_path, LOCAL)
    # WHEN the suite is started by hand
    result = collect_logger_suite(outputs, REAL_LOOKING)
    # THEN it starts (no NoRegionError) and says which run, target, region and endpoint it uses
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verifiers: run r1 (logger) on TARGET=local in eu-west-1 at http://127.0.0.1:4599" in result.stdout


def test_a_standalone_suite_refuses_a_shell_pointing_elsewhere_before_any_test(tmp_path: Path) -> None:
    # GIVEN a run deployed to AWS, and a shell pointing at a localcloud
    outputs = run_folder(tmp_path, ON_AWS)
    # WHEN the suite is started by hand, THEN it is a usage error naming both targets
    result = collect_logger_suite(outputs, {"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"})
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "run.json: run r2 (logger) was deployed to TARGET=aws" in result.stderr


def test_the_record_keeps_what_the_pipeline_deployed_with(tmp_path: Path) -> None:
    record_file = write(tmp_path, LOCAL)
    assert json.loads(record_file.read_text()) == asdict(LOCAL)
