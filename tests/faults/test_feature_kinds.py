"""Teardown knows every kind a feature adds: the leak check finds them (and counts
what AWS keeps by design as gone), the sweeper deletes them, and for a kind it
cannot delete it prints the AWS CLI command that does."""

from __future__ import annotations

import re
import subprocess

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


def sweep_run(cloud: LocalCloudHandle, run_id: str) -> subprocess.CompletedProcess[str]:
    """`make sweep SWEEP_RUN_ID=<run> SWEEP_AGE=0s`, as the leak check tells a run whose state is lost."""
    env = make_env(cloud.env, cloud.port, cloud.xray_port, SWEEP_RUN_ID=run_id, SWEEP_AGE="0s")
    return make(ROOT, ["sweep"], env, timeout=120)


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
    swept = sweep_run(cloud, run_id)

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


def test_an_alb_network_lost_from_state_is_found_and_make_sweep_deletes_it_in_dependency_order(
        cloud: LocalCloudHandle, kinds: KindSeeder) -> None:
    # GIVEN the VPC, subnets, route table, internet gateway and security group of a run's ALB (and the ALB),
    # which its Terraform state no longer holds
    run_id = new_run_id()
    network = kinds.network(run_id)

    # WHEN the leak check runs
    status, said = leak_check(cloud, run_id)

    # THEN it fails naming each part of the network once
    assert status == 1, said
    assert all(said.count(part) == 1 for part in network.ids()), said
    assert f"make sweep SWEEP_RUN_ID={run_id} SWEEP_AGE=0s" in said

    # WHEN that run is swept as the leak check says
    swept = sweep_run(cloud, run_id)

    # THEN the load balancer goes first and the VPC last, nothing of the network remains, the leak check passes
    assert swept.returncode == 0, swept.stdout + swept.stderr
    order = re.findall(r"deleted: (.+?) \S+ \(run", swept.stdout)  # the kinds, in the order deleted
    assert order[0] == "load balancer" and order[-1] == "vpc", order
    assert kinds.network_remaining(network) == []
    assert leak_check(cloud, run_id)[0] == 0


def test_a_kind_without_deleter_gets_the_cli_command_that_deletes_it(cloud: LocalCloudHandle, kinds: KindSeeder) -> None:
    # GIVEN a run's SNS topic and network interface, kinds the sweeper does not delete
    run_id = new_run_id()
    tags = [{"Key": k, "Value": v} for k, v in kinds.tags(run_id).items()]
    topic = kinds.client("sns").create_topic(Name=f"e2e-{run_id}-orders", Tags=tags)["TopicArn"]
    ec2 = kinds.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.0.0/24")["Subnet"]["SubnetId"]
    interface = ec2.create_network_interface(SubnetId=subnet, TagSpecifications=[
        {"ResourceType": "network-interface", "Tags": tags}])["NetworkInterface"]["NetworkInterfaceId"]

    # WHEN the run is swept
    result = run_module("scripts.cleanup.sweep", [], {**cloud.env, "SWEEP_AGE": "0s", "SWEEP_RUN_ID": run_id})

    # THEN the sweep fails and prints the exact command that deletes each
    assert result.returncode == 1
    assert f"aws sns delete-topic --topic-arn {topic}" in result.stderr
    assert f"aws ec2 delete-network-interface --network-interface-id {interface}" in result.stderr
    kinds.client("sns").delete_topic(TopicArn=topic)
    ec2.delete_network_interface(NetworkInterfaceId=interface)
