"""Bad inputs: each fails before anything runs with a message naming the
problem (and, for names, the rule), and nothing is deployed.

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
from faultkit import Afterwards

from scripts.pipeline.contracts import features
from tests.kit.checkout import copy_checkout, make
from tests.kit.pipeline import new_run_id

FEATURE_RULE_MESSAGE = "breaks the feature-name rule: a lowercase letter, then up to 19 lowercase letters"


def _nothing_deployed(checkout: Path, run_id: str) -> None:
    """No state and no Terraform data for the run: terraform never applied anything."""
    run = checkout / "build" / "runs" / run_id
    assert not list(run.glob("*/terraform.tfstate")), f"state written under {run}"


@pytest.mark.parametrize("target", ["e2e", "deploy", "verify", "destroy"])
@pytest.mark.parametrize(
    ("feature", "message"),
    [
        ("", "FEATURE is empty; valid features: "),
        ("nosuchfeature", "unknown FEATURE 'nosuchfeature'; valid features: "),
        ("logger metrics", f"FEATURE 'logger metrics' {FEATURE_RULE_MESSAGE}"),
        ("Event_Handler", f"FEATURE 'Event_Handler' {FEATURE_RULE_MESSAGE}"),
    ],
)
def test_unknown_empty_or_misnamed_feature_is_refused_before_anything_runs(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, target: str, feature: str, message: str
) -> None:
    run_id = new_run_id()
    result = make(spaced, [target, f"FEATURE={feature}", f"RUN_ID={run_id}"], env)

    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert not (spaced / "build" / "runs" / run_id).exists()
    afterwards.bad_input(run_id)


def test_unknown_feature_lists_every_valid_one(spaced: Path, env: dict[str, str]) -> None:
    result = make(spaced, ["e2e", "FEATURE=nosuchfeature"], env)
    assert f"valid features: {' '.join(features(spaced))}" in result.stderr, result.stderr


def test_a_misnamed_feature_in_features_stops_e2e_all_before_the_layer(
    spaced: Path, env: dict[str, str], afterwards: Afterwards
) -> None:
    before = afterwards.tagged_total()
    result = make(spaced, ["e2e-all", "FEATURES=tracer data.masking"], env)

    assert result.returncode == 2
    assert f"FEATURE 'data.masking' {FEATURE_RULE_MESSAGE}" in result.stderr, result.stderr
    assert "layer" not in result.stderr
    afterwards.bad_input_without_run(before)


@pytest.mark.parametrize("run_id", ["Bad_Run", "UPPER", "has-dash", "x", "r" * 17, "1abc"])
def test_malformed_run_id_names_the_pattern(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, run_id: str
) -> None:
    before = afterwards.tagged_total()

    result = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}"], env)

    assert result.returncode == 2
    assert f"malformed RUN_ID '{run_id}': it must match ^[a-z][a-z0-9]{{2,15}}$" in result.stderr, result.stderr
    assert not (spaced / "build" / "runs" / run_id).exists()
    afterwards.bad_input_without_run(before)


@pytest.mark.parametrize(
    ("file_name", "text", "message"),
    [
        # a camelCase handler file, which Terraform and the verifiers once named differently
        ("fetchOrder.py", "def lambda_handler(event, context):\n    return 1\n",
         "fetchOrder.py' breaks the handler-name rule: snake_case"),
        # settings asking for an architecture Lambda does not have
        ("settings.json", '{"defaults": {"architecture": "sparc"}}',
         "settings.json['defaults']['architecture']: 'sparc' is not one of ['x86_64', 'arm64']"),
    ],
    ids=["handler-name", "settings"],
)
def test_a_feature_file_outside_its_rule_is_refused_before_anything_runs(
    tmp_path: Path, env: dict[str, str], afterwards: Afterwards, file_name: str, text: str, message: str
) -> None:
    # GIVEN a feature with a file outside its rule
    checkout = copy_checkout(tmp_path / "bad feature file")
    (checkout / "handlers" / "tracer" / file_name).write_text(text)
    run_id = new_run_id()

    # WHEN the feature runs end to end
    result = make(checkout, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}"], env)

    # THEN it is refused before anything runs, naming the rule
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert not (checkout / "build" / "runs" / run_id).exists()
    afterwards.bad_input(run_id)


def test_verify_without_a_deployed_run_says_deploy_first(spaced: Path, env: dict[str, str]) -> None:
    result = make(spaced, ["verify", "FEATURE=tracer", "RUN_ID=rnosuchrun1"], env)
    assert result.returncode != 0
    assert "run 'rnosuchrun1' has no feature 'tracer'" in result.stderr, result.stderr


def test_unknown_target(spaced: Path, env: dict[str, str], afterwards: Afterwards) -> None:
    run_id = new_run_id()
    result = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}", "TARGET=gcp"], env)

    assert result.returncode == 2
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


def test_help_lists_every_target_and_every_variable_the_scripts_read(spaced: Path, env: dict[str, str]) -> None:
    result = make(spaced, ["help"], env)
    assert result.returncode == 0
    for word in ("e2e-all", "deploy", "verify", "destroy", "layer", "test", "clean", "sweep", "bench",
                 "FEATURE", "RUN_ID", "KEEP", "TARGET", "PYTHON_RUNTIME", "ARCH", "LOCALCLOUD_PORT", "TESTS",
                 "TF_BACKEND_CONFIG", "TF_PLUGIN_MIRROR", "LOCALCLOUD_IDLE_SECONDS", "E2E_RETRY_ATTEMPTS",
                 "E2E_RETRY_DEADLINE", "LAYER_REQUIREMENTS", "LAYER_DIR", "HOST_PYTHON", "NAME_PREFIX"):
        assert f" {word} " in result.stdout, f"make help does not list {word}"
