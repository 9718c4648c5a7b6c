"""Control-plane calls from several clients at once (parallel Terraform applies) are
each answered as AWS answers them: moto's stores are not thread-safe, localcloud's
server is threaded."""
from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from typing import Any

from botocore.config import Config
from kit.cloud import LocalCloudHandle

TRUST = json.dumps({"Version": "2012-10-17", "Statement": []})
# One attempt: a 500 must reach the test, not be hidden (and the call repeated) by a retry.
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"}, max_pool_connections=16)


def _in_threads(work: Callable[[int], None], threads: int) -> list[BaseException]:
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            work(index)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            failures.append(exc)

    workers = [threading.Thread(target=run, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return failures


def test_roles_created_read_and_deleted_from_eight_clients_at_once_all_succeed(
        localcloud: LocalCloudHandle) -> None:
    # GIVEN an account with a few hundred roles (each GetRole walks them all in moto)
    iam = localcloud.client("iam", NO_RETRY)
    prefix = f"busy-{uuid.uuid4().hex[:8]}"
    for index in range(200):
        iam.create_role(RoleName=f"{prefix}-kept-{index}", AssumeRolePolicyDocument=TRUST)

    # WHEN eight clients create, read and delete roles at the same time, without retries
    def churn(worker: int) -> None:
        client = localcloud.client("iam", NO_RETRY)
        for step in range(25):
            name = f"{prefix}-{worker}-{step}"
            client.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
            client.get_role(RoleName=name)
            client.delete_role(RoleName=name)

    failures = _in_threads(churn, threads=8)

    # THEN every call was answered as AWS answers it: no 500, nothing left behind
    assert not failures, f"{len(failures)} calls failed, first: {failures[0]!r}"
    left = [role["RoleName"] for page in iam.get_paginator("list_roles").paginate()
            for role in page["Roles"] if role["RoleName"].startswith(prefix) and "-kept-" not in role["RoleName"]]
    assert left == []


def test_a_long_polling_receive_does_not_hold_the_send_it_waits_for(localcloud: LocalCloudHandle) -> None:
    # GIVEN a receiver long-polling an empty queue (20 s, SQS's longest wait)
    sqs = localcloud.client("sqs", NO_RETRY)
    queue = sqs.create_queue(QueueName=f"poll-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    received: list[Any] = []
    receiver = threading.Thread(target=lambda: received.append(
        sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20).get("Messages", [])))
    receiver.start()

    # WHEN another client sends a message (and does other control-plane calls) meanwhile
    sender = localcloud.client("sqs", NO_RETRY)
    sender.list_queues()
    sender.send_message(QueueUrl=queue, MessageBody="wake up")
    receiver.join()

    # THEN the receiver got the message: the send was not queued behind the waiting receive
    assert [message["Body"] for message in received[0]] == ["wake up"]
