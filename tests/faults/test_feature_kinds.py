"""Teardown knows every kind a feature adds: the leak check finds them (and counts
what AWS keeps by design as gone), the sweeper deletes them, and for a kind it
cannot delete it prints the AWS CLI command that does."""

from __future__ import annotations

import pytest
from faultkit import Seeder
from kindkit import KindSeeder

from tests.kit.checkout import make, make_env
from tests.kit.cloud import LocalCloudHandle
from tests.kit.pipeline import ROOT, new_run_id, run_module


@pytest.fixture(scope="module")
def kinds(cloud: LocalCloudHandle) -> KindSeeder:
    return KindSeeder(cloud)


def leak_check(cloud: LocalCloudHandle, run_id: str) -> tuple[int, str]:
    result = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id], cloud.env)
    return result.returncode, result.stdout + result.stderr


def test_a_table_lost_from_state_is_a_leak_named_once_and_make_sweep_removes_it(
        cloud: LocalCloudHandle, kinds: KindSeeder) -> None:
    # GIVEN a run's DynamoDB table that its Terraform state no longer holds (no state file at all)
    run_id = new_run_id()
    table = kinds.table(run_id)

    # WHEN the leak check runs
    status, said = leak_check(cloud, run_id)

    # THEN it fails naming the table once, and points at the sweep, not at a destroy that cannot see it
    assert status == 1, said
    assert said.count(table) == 1 and "dynamodb table" in said
    assert f"make sweep SWEEP_RUN_ID={run_id} SWEEP_AGE=0s" in said and "make destroy" not in said

    # WHEN that run is swept as the leak check says
    env = make_env(cloud.env, cloud.port, cloud.xray_port, SWEEP_RUN_ID=run_id, SWEEP_AGE="0s")
    swept = make(ROOT, ["sweep"], env, timeout=120)

    # THEN the table is deleted and the leak check passes
    assert swept.returncode == 0, swept.stdout + swept.stderr
    assert f"deleted: dynamodb table {table}" in swept.stdout
    assert leak_check(cloud, run_id)[0] == 0


def test_a_kms_key_pending_deletion_is_not_a_leak(cloud: LocalCloudHandle, kinds: KindSeeder) -> None:
    # GIVEN a run's KMS key whose deletion is scheduled (all terraform destroy can do)
    run_id = new_run_id()
    key_id = kinds.key(run_id)
    kinds.client("kms").schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)

    # WHEN the leak check runs
    status, said = leak_check(cloud, run_id)

    # THEN it passes, saying the key counts as gone and why
    assert status == 0, said
    assert f"counted as gone: kms key {key_id} is pending deletion" in said


def test_the_sweeper_deletes_every_kind_the_features_add(cloud: LocalCloudHandle, seed: Seeder, kinds: KindSeeder) -> None:
    # GIVEN a run with a table, a parameter, a secret, a key, a queue with a mapping to its function, REST and
    # HTTP APIs, a load balancer with a listener and target group, an AppConfig application and a versioned bucket
    run_id = new_run_id()
    made = kinds.every_kind(run_id)
    function = seed(run_id, feature="orders_api").function
    lam = kinds.client("lambda")
    queue_arn = kinds.client("sqs").get_queue_attributes(QueueUrl=made.queue_url, AttributeNames=["QueueArn"])
    mapping = lam.create_event_source_mapping(EventSourceArn=queue_arn["Attributes"]["QueueArn"],
                                              FunctionName=function, Enabled=False)["UUID"]
    assert leak_check(cloud, run_id)[0] == 1

    # WHEN the run is swept
    result = run_module("scripts.cleanup.sweep", [], {**cloud.env, "SWEEP_AGE": "0s", "SWEEP_RUN_ID": run_id})

    # THEN nothing of it remains (the key is pending deletion) and the leak check passes
    assert result.returncode == 0, result.stdout + result.stderr
    assert kinds.remaining(made) == []
    assert mapping not in [m["UUID"] for m in lam.list_event_source_mappings()["EventSourceMappings"]]
    assert leak_check(cloud, run_id)[0] == 0


def test_a_kind_without_deleter_gets_the_cli_command_that_deletes_it(cloud: LocalCloudHandle, kinds: KindSeeder) -> None:
    # GIVEN a run's SNS topic, a kind the sweeper does not delete
    run_id = new_run_id()
    tags = [{"Key": k, "Value": v} for k, v in kinds.tags(run_id).items()]
    topic = kinds.client("sns").create_topic(Name=f"e2e-{run_id}-orders", Tags=tags)["TopicArn"]

    # WHEN the run is swept
    result = run_module("scripts.cleanup.sweep", [], {**cloud.env, "SWEEP_AGE": "0s", "SWEEP_RUN_ID": run_id})

    # THEN the sweep fails and prints the exact command that deletes the topic
    assert result.returncode == 1
    assert f"aws sns delete-topic --topic-arn {topic}" in result.stderr
    kinds.client("sns").delete_topic(TopicArn=topic)
