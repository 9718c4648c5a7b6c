"""The leak check names every resource a run left behind, and passes when none remain."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from faultkit import Seeder, hours_ago

from tests.kit.cloud import LocalCloudHandle
from tests.kit.pipeline import ROOT, new_run_id, run_module


def test_names_every_leaked_resource_and_the_command_to_clean_it(cloud: LocalCloudHandle, seed: Seeder, tmp_path: Path) -> None:
    # GIVEN a run whose function, role, log group and layer version still exist, and are in its state
    run_id = new_run_id()
    leaked = seed(run_id, feature="tracer")
    state = ROOT / "build/runs" / run_id / "tracer/terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"version": 4, "resources": [{"type": "aws_lambda_function", "name": "this"}]}))

    # WHEN the leak check runs for that run id
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id], cloud.env)

    # THEN it fails and names each of them and how to remove them
    assert result.returncode == 1, result.stderr
    for name in (leaked.function, leaked.role, leaked.log_group, leaked.layer_version, leaked.bucket):
        assert name in result.stderr
    assert "5 resource(s)" in result.stderr
    assert f"make destroy RUN_ID={run_id} FEATURE=tracer" in result.stderr
    shutil.rmtree(state.parent.parent)


def test_the_state_is_looked_for_where_the_run_folders_are(cloud: LocalCloudHandle, seed: Seeder, tmp_path: Path) -> None:
    # GIVEN a run's leftovers, still in its state under RUNS_DIR (as make test keeps its runs)
    run_id = new_run_id()
    seed(run_id, feature="tracer")
    state = tmp_path / run_id / "tracer/terraform.tfstate"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"version": 4, "resources": [{"type": "aws_lambda_function", "name": "this"}]}))
    # WHEN the leak check runs with that RUNS_DIR
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id], {**cloud.env, "RUNS_DIR": str(tmp_path)})
    # THEN it names the destroy that removes them
    assert result.returncode == 1
    assert f"make destroy RUN_ID={run_id} FEATURE=tracer" in result.stderr


def test_resources_no_state_holds_are_left_to_the_sweep(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN a run's resources and no Terraform state of that run
    run_id = new_run_id()
    seed(run_id, feature="tracer")
    # WHEN the leak check runs
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id], cloud.env)
    # THEN it points at the sweep only: a destroy would find nothing to remove
    assert result.returncode == 1
    assert f"(not in any Terraform state) make sweep SWEEP_RUN_ID={run_id} SWEEP_AGE=0s" in result.stderr
    assert "make destroy" not in result.stderr


def test_started_ahead_it_lists_only_when_told(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN a run's leftovers, and the leak check started ahead of the run's destroy (--when-told)
    run_id = new_run_id()
    leaked = seed(run_id, feature="tracer")
    args = ["--run-id", run_id, "--when-told"]
    # WHEN told to go THEN it names them as it does when run plainly
    told = run_module("scripts.cleanup.leakcheck", args, cloud.env, stdin="go\n")
    assert told.returncode == 1, told.stderr
    assert leaked.function in told.stderr and "5 resource(s)" in told.stderr
    # WHEN the run ends without telling it THEN it fails having checked nothing, rather than passing
    untold = run_module("scripts.cleanup.leakcheck", args, cloud.env, stdin="")
    assert untold.returncode == 2
    assert "nothing was checked" in untold.stderr and leaked.function not in untold.stderr


def test_passes_with_one_line_when_the_run_left_nothing(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN another run's resources and untagged ones exist, but none of this run
    seed(new_run_id())
    seed(new_run_id(), tagged=False)
    run_id = new_run_id()

    # WHEN the leak check runs for this run id
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id], cloud.env)

    # THEN it passes with a single line
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        f"leak check: nothing tagged with run {run_id} remains (TARGET=local at {cloud.endpoint})"
    ]


def test_feature_scope_ignores_the_runs_other_features(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN a run with resources of feature metrics only
    run_id = new_run_id()
    seed(run_id, feature="metrics")

    # WHEN the leak check is limited to feature tracer, then to metrics
    tracer = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id, "--feature", "tracer"], cloud.env)
    metrics = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id, "--feature", "metrics"], cloud.env)

    # THEN only the metrics check fails (tagged resources), naming the metrics feature
    assert tracer.returncode == 0, tracer.stderr
    assert metrics.returncode == 1
    assert "feature metrics remain" in metrics.stderr


def test_malformed_run_id_is_refused(cloud: LocalCloudHandle) -> None:
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", "Bad Id!"], cloud.env)

    assert result.returncode == 2
    assert "malformed RUN_ID 'Bad Id!': it must match ^[a-z][a-z0-9]{2,15}$" in result.stderr


def test_unreachable_endpoint_is_an_error_not_a_pass(cloud: LocalCloudHandle) -> None:
    # GIVEN an endpoint where nothing listens
    env = {**cloud.env, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}

    # WHEN the leak check runs
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", new_run_id()], env)

    # THEN it exits 2 saying it gave up reaching the endpoint, without a traceback
    assert result.returncode == 2
    assert "gave up after 2 attempts" in result.stderr
    assert "127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr


def test_local_target_refuses_a_non_loopback_endpoint(cloud: LocalCloudHandle) -> None:
    # GIVEN TARGET=local without a loopback endpoint (it would reach a real account)
    env = {k: v for k, v in cloud.env.items() if k != "AWS_ENDPOINT_URL"}

    # WHEN the leak check runs
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", new_run_id()], env)

    # THEN it refuses and says what it needs
    assert result.returncode == 2
    assert "TARGET=local needs AWS_ENDPOINT_URL on loopback" in result.stderr


def test_names_what_features_add_and_managed_policies(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN a run that left a queue (found through the Tagging API) and a managed IAM policy
    run_id = new_run_id()
    tags = {"E2ERunId": run_id, "E2EFeature": "queues", "E2ECreatedAt": hours_ago(0)}
    queue = seed.sqs.create_queue(QueueName=f"e2e-{run_id}-queues", tags=tags)["QueueUrl"]
    policy = seed.iam.create_policy(
        PolicyName=f"e2e-{run_id}-queues",
        PolicyDocument='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}',
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )["Policy"]["Arn"]

    # WHEN the leak check runs for that run id
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id], cloud.env)

    # THEN it names both, by kind and name
    assert result.returncode == 1, result.stderr
    assert f"sqs queue             e2e-{run_id}-queues" in result.stderr
    assert f"iam policy            e2e-{run_id}-queues" in result.stderr and policy not in result.stderr
    seed.sqs.delete_queue(QueueUrl=queue)


def test_aws_target_without_credentials_is_an_error(tmp_path: Path) -> None:
    # GIVEN TARGET=aws and no credentials anywhere
    env = {
        "TARGET": "aws",
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }

    # WHEN the leak check runs
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", new_run_id()], env)

    # THEN it cannot pass: it exits 2 saying what is missing
    assert result.returncode == 2
    assert "no AWS credentials found" in result.stderr, result.stderr
