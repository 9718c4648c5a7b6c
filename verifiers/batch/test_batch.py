"""Batch suite: BatchProcessor and SqsFifoPartialProcessor behind SQS event source mappings.

Each record's body is `{"id": ..., "fail": bool}`; the functions count every attempt per id in
the AttemptsTable, so the suite sees how often each record reached the handler.
"""

from __future__ import annotations

import json
from typing import Any

from verifiers.lib.invoke import invoke
from verifiers.lib.wait import Budget, target, wait_until

MAX_RECEIVE_COUNT = 2  # the queues' redrive policy (terraform/features/batch/feature.tf)


def redrive_budget(clients, queue_url: str) -> Budget:
    """A failed record is received MAX_RECEIVE_COUNT times, a visibility timeout apart, then moved."""
    attributes = clients.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout"])
    redrive_s = MAX_RECEIVE_COUNT * int(attributes["Attributes"]["VisibilityTimeout"])
    if target() == "aws":  # Lambda's pollers and SQS's redrive add up to a minute or two
        return Budget(deadline_s=redrive_s + 180, first_poll_s=2, max_poll_s=10, jitter_s=1)
    return Budget(deadline_s=redrive_s + 30, first_poll_s=0.1, max_poll_s=0.5, jitter_s=0)


def record(record_id: str, fail: bool = False) -> str:
    return json.dumps({"id": record_id, "fail": fail})


def send(clients, queue_url: str, bodies: list[str], groups: list[str] | None = None) -> None:
    """One SendMessageBatch, in order; on a FIFO queue each message in its group, deduplicated by position."""
    entries: list[dict[str, Any]] = []
    for position, body in enumerate(bodies):
        entry: dict[str, Any] = {"Id": str(position), "MessageBody": body}
        if groups:
            entry |= {"MessageGroupId": groups[position], "MessageDeduplicationId": json.loads(body)["id"]}
        entries.append(entry)
    sent = clients.sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
    assert not sent.get("Failed"), sent["Failed"]


def attempts(clients, table: str, record_ids: list[str]) -> dict[str, int]:
    """record id -> how often a function was given it (0: never)."""
    return {record_id: int(item["attempts"]["N"]) if item else 0
            for record_id, item in ((i, attempt_item(clients, table, i)) for i in record_ids)}


def attempt_item(clients, table: str, record_id: str) -> dict | None:
    key = {"record_id": {"S": record_id}}
    return clients.dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


def last_attempt_ns(clients, table: str, record_id: str) -> int:
    item = attempt_item(clients, table, record_id)
    assert item is not None, f"{record_id} never reached the handler"
    return int(item["last_attempt_ns"]["N"])


class DeadLetters:
    """This test's records found in a dead-letter queue; each is received once, then deleted."""

    def __init__(self, clients, dlq_url: str, mine: list[str]) -> None:
        self.clients, self.dlq_url, self.mine = clients, dlq_url, set(mine)
        self.arrived: set[str] = set()

    def poll(self) -> set[str]:
        received = self.clients.sqs.receive_message(QueueUrl=self.dlq_url, MaxNumberOfMessages=10, VisibilityTimeout=2)
        for message in received.get("Messages", []):
            record_id = json.loads(message["Body"]).get("id")
            if record_id in self.mine:
                self.arrived.add(record_id)
                self.clients.sqs.delete_message(QueueUrl=self.dlq_url, ReceiptHandle=message["ReceiptHandle"])
        return set(self.arrived)

    def wait_for(self, expected: set[str], budget: Budget) -> set[str]:
        return wait_until("sqs", f"records {sorted(expected)} in {self.dlq_url}", self.poll,
                          lambda got: got >= expected, show=lambda got: f"{sorted(got)}", budget_override=budget)


def sqs_event(queue_arn: str, records: list[tuple[str, str]], groups: list[str] | None = None) -> dict:
    """The event Lambda's SQS poller sends: (messageId, body) pairs, FIFO attributes when grouped."""
    events = []
    for position, (message_id, body) in enumerate(records):
        attributes = {"ApproximateReceiveCount": "1", "SentTimestamp": "1700000000000"}
        if groups:
            attributes |= {"MessageGroupId": groups[position], "SequenceNumber": str(position + 1)}
        events.append({
            "messageId": message_id, "receiptHandle": f"handle-{message_id}", "body": body,
            "attributes": attributes, "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
            "eventSourceARN": queue_arn, "awsRegion": queue_arn.split(":")[3],
        })
    return {"Records": events}


def queue_arn(clients, queue_url: str) -> str:
    return clients.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def test_batch_processor_reports_exactly_the_failed_records(outputs, clients, unique):
    # GIVEN an SQS event of four records, the second and fourth marked to fail
    ids = [unique("direct") for _ in range(4)]
    records = [(f"msg-{n}", record(record_id, fail=n % 2 == 1)) for n, record_id in enumerate(ids)]
    event = sqs_event(queue_arn(clients, outputs["StandardQueueUrl"]), records)

    # WHEN the function is invoked with it directly
    response = invoke(clients.lambda_, outputs["StandardBatchArn"], event).payload

    # THEN it answers the failed message ids as batchItemFailures, and every record was handled once
    assert response == {"batchItemFailures": [{"itemIdentifier": "msg-1"}, {"itemIdentifier": "msg-3"}]}
    assert attempts(clients, outputs["AttemptsTable"], ids) == dict.fromkeys(ids, 1)


def test_fifo_processor_skips_the_rest_of_a_failed_group_only(outputs, clients, unique):
    # GIVEN a FIFO event: group a's second record fails; group b's records come after it
    ids = [unique("fifo-direct") for _ in range(5)]
    groups = ["a", "a", "a", "b", "b"]
    records = [(f"msg-{n}", record(record_id, fail=n == 1)) for n, record_id in enumerate(ids)]
    event = sqs_event(queue_arn(clients, outputs["FifoQueueUrl"]), records, groups)

    # WHEN the function is invoked with it directly
    response = invoke(clients.lambda_, outputs["FifoBatchArn"], event).payload

    # THEN the failed record and the one after it in its group are reported; that one never ran
    assert response == {"batchItemFailures": [{"itemIdentifier": "msg-1"}, {"itemIdentifier": "msg-2"}]}
    assert attempts(clients, outputs["AttemptsTable"], ids) == dict(zip(ids, [1, 1, 0, 1, 1]))


def test_failed_records_come_back_then_reach_the_dead_letter_queue(outputs, clients, unique):
    # GIVEN eight records on the standard queue, three of them marked to fail
    ids = [unique("standard") for _ in range(8)]
    failing = {ids[1], ids[4], ids[6]}
    budget = redrive_budget(clients, outputs["StandardQueueUrl"])

    # WHEN the event source mapping hands them to the function
    send(clients, outputs["StandardQueueUrl"], [record(i, fail=i in failing) for i in ids])

    # THEN exactly the failed records reach the dead-letter queue
    assert DeadLetters(clients, outputs["StandardDlqUrl"], ids).wait_for(failing, budget) == failing
    # AND the handler saw each failed record once per receive, every other record once
    expected = {i: MAX_RECEIVE_COUNT if i in failing else 1 for i in ids}
    assert attempts(clients, outputs["AttemptsTable"], ids) == expected


def test_fifo_group_stops_at_a_failure_while_other_groups_go_on(outputs, clients, unique):
    # GIVEN on the FIFO queue group a: ok, fail, ok and group b: ok, ok
    ids = [unique("fifo") for _ in range(5)]
    first, failing, behind = ids[:3]
    groups = [unique("group-a")] * 3 + [unique("group-b")] * 2
    table, budget = outputs["AttemptsTable"], redrive_budget(clients, outputs["FifoQueueUrl"])
    dead_letters = DeadLetters(clients, outputs["FifoDlqUrl"], ids)

    # WHEN the event source mapping hands them to the function
    send(clients, outputs["FifoQueueUrl"], [record(i, fail=i == failing) for i in ids], groups)

    # THEN the failed record reaches the dead-letter queue after one attempt per receive
    dead_letters.wait_for({failing}, budget)
    # AND the record behind it followed it there unrun, or ran once after it was given up
    # (Lambda hands a group on in batches; whether the two shared both decides which)
    wait_until("sqs", f"{behind} dead-lettered or processed",
               lambda: (dead_letters.poll(), attempts(clients, table, [behind])[behind]),
               lambda seen: behind in seen[0] or seen[1] > 0, budget_override=budget)
    counts = attempts(clients, table, ids)
    assert counts[failing] == MAX_RECEIVE_COUNT
    assert counts[behind] == (0 if behind in dead_letters.arrived else 1)
    if counts[behind]:
        assert last_attempt_ns(clients, table, behind) > last_attempt_ns(clients, table, failing)
    # AND every other record, of either group, ran exactly once and nothing else was dead-lettered
    assert [counts[i] for i in (first, *ids[3:])] == [1, 1, 1]
    assert dead_letters.arrived <= {failing, behind}
