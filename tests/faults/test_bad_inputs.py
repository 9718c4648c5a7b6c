"""Bad inputs: each fails with a message naming the problem, and nothing is deployed.

They run in a throwaway copy of the checkout whose path contains a space, so
every case also proves the pipeline quotes its paths.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_checkout import copy_checkout, make, make_env
from faultkit import Afterwards, Cloud, new_run_id


@pytest.fixture(scope="module")
def spaced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_checkout(tmp_path_factory.mktemp("bad inputs") / "lambda e2e")


@pytest.fixture
def env(cloud: Cloud) -> dict[str, str]:
    return make_env(cloud.env, cloud.port, cloud.xray_port)


def _nothing_deployed(checkout: Path, run_id: str) -> None:
    """No state and no Terraform data for the run: terraform never applied anything."""
    run = checkout / "build" / "runs" / run_id
    assert not list(run.glob("*/terraform.tfstate")), f"state written under {run}"


@pytest.mark.parametrize(
    ("feature", "message"),
    [("", "FEATURE is empty; valid features: "), ("nosuchfeature", "unknown FEATURE 'nosuchfeature'; valid features: ")],
)
def test_unknown_or_empty_feature(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, feature: str, message: str
) -> None:
    run_id = new_run_id()
    result = make(spaced, ["e2e", f"FEATURE={feature}", f"RUN_ID={run_id}"], env)

    assert result.returncode != 0
    assert message in result.stderr and "tracer" in result.stderr, result.stderr
    _nothing_deployed(spaced, run_id)
    afterwards.bad_input(run_id)


def test_malformed_run_id(spaced: Path, env: dict[str, str], afterwards: Afterwards) -> None:
    before = afterwards.tagged_total()

    result = make(spaced, ["e2e", "FEATURE=tracer", "RUN_ID=Bad_Run"], env)

    assert result.returncode != 0
    assert "malformed RUN_ID 'Bad_Run'" in result.stderr, result.stderr
    assert not (spaced / "build" / "runs" / "Bad_Run").exists()
    afterwards.bad_input_without_run(before)


def test_unknown_target(spaced: Path, env: dict[str, str], afterwards: Afterwards) -> None:
    run_id = new_run_id()
    result = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}", "TARGET=gcp"], env)

    assert result.returncode != 0
    assert "unknown TARGET 'gcp'; valid targets: local aws" in result.stderr, result.stderr
    _nothing_deployed(spaced, run_id)
    afterwards.bad_input(run_id)


@pytest.fixture
def terraform_spy(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A `terraform` first on PATH that records each call, then runs the real one."""
    real = shutil.which("terraform")
    assert real, "terraform must be installed for this test"
    folder, calls = tmp_path / "spy bin", tmp_path / "terraform-calls"
    folder.mkdir()
    spy = folder / "terraform"
    spy.write_text(f'#!/usr/bin/env bash\necho "$*" >> "{calls}"\nexec "{real}" "$@"\n')
    spy.chmod(spy.stat().st_mode | stat.S_IXUSR)
    yield folder, calls


def test_aws_target_without_credentials_stops_before_terraform(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, tmp_path: Path, terraform_spy: tuple[Path, Path]
) -> None:
    # GIVEN no credentials anywhere (no env, no ~/.aws, no instance metadata)
    folder, calls = terraform_spy
    bare = {k: v for k, v in env.items() if not k.startswith("AWS_")}
    bare.update(
        HOME=str(tmp_path),
        PATH=f"{folder}{os.pathsep}{env['PATH']}",
        AWS_CONFIG_FILE=str(tmp_path / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    run_id = new_run_id()

    # WHEN a run targets AWS
    result = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}", "TARGET=aws"], bare)

    # THEN it fails saying credentials are missing, and terraform never ran
    assert result.returncode != 0
    assert "TARGET=aws needs AWS credentials" in result.stderr, result.stderr
    assert not calls.exists(), f"terraform ran: {calls.read_text()}"
    _nothing_deployed(spaced, run_id)
    afterwards.bad_input(run_id)


def test_terraform_missing_from_path(spaced: Path, env: dict[str, str], afterwards: Afterwards) -> None:
    terraform = Path(shutil.which("terraform") or "/nonexistent").parent
    path = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if Path(p) != terraform)
    run_id = new_run_id()

    result = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}"], {**env, "PATH": path})

    assert result.returncode != 0
    assert "terraform not found on PATH" in result.stderr, result.stderr
    _nothing_deployed(spaced, run_id)
    afterwards.bad_input(run_id)


def test_localcloud_unreachable(spaced: Path, env: dict[str, str], afterwards: Afterwards) -> None:
    # GIVEN LOCALCLOUD_PORT names a port that something else holds and that never answers
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        run_id = new_run_id()

        # WHEN a run uses it
        result = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}", f"LOCALCLOUD_PORT={port}"], env)

    # THEN it fails naming the port, and deploys nothing
    assert result.returncode != 0
    assert f"localcloud did not start on port {port}" in result.stderr, result.stderr
    _nothing_deployed(spaced, run_id)
    afterwards.bad_input(run_id)


def test_unresolvable_layer_requirement(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, tmp_path: Path
) -> None:
    # GIVEN a layer requirement no index can satisfy
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("aws-lambda-powertools==99.0.0\n")
    layers = tmp_path / "layers"
    run_id = new_run_id()

    # WHEN a run builds its layer from it
    result = make(
        spaced,
        ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}"],
        {**env, "LAYER_REQUIREMENTS": str(requirements), "LAYER_DIR": str(layers)},
    )

    # THEN it fails naming the requirements, writes no zip and deploys nothing
    assert result.returncode != 0
    assert "could not resolve the layer requirements" in result.stderr, result.stderr
    assert not list(layers.glob("*.zip"))
    _nothing_deployed(spaced, run_id)
    afterwards.bad_input(run_id)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "outputs.json: deploy first"),
        ("{not json", "outputs.json: invalid JSON"),
        ('{"ServiceName": {"value": 3}}', "outputs.json: "),
    ],
)
def test_missing_or_invalid_outputs(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, content: str | None, message: str
) -> None:
    # GIVEN a run folder whose outputs.json is absent, not JSON, or not the feature's outputs
    run_id = new_run_id()
    folder = spaced / "build" / "runs" / run_id / "tracer"
    folder.mkdir(parents=True)
    if content is not None:
        (folder / "outputs.json").write_text(content)

    # WHEN the verify phase runs
    result = make(spaced, ["verify", "FEATURE=tracer", f"RUN_ID={run_id}"], env)

    # THEN it fails before any verifier test, naming the outputs
    assert result.returncode != 0
    assert message in result.stderr + result.stdout, result.stderr
    assert "passed" not in result.stdout
    afterwards.bad_input(run_id)
