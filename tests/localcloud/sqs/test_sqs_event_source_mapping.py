"""SQS event source mappings as a user sets them up through boto3: the
function receives AWS's SQS event in batches, partial batch responses send
only the failed messages back, redrive moves them to the dead-letter queue,
Enabled=false and delete stop delivery, and a FIFO queue keeps its order."""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from kit.cloud import function_log_lines
from kit.waits import wait_for

# Prints each event it gets and reports every message whose body starts with
# "fail" as a batch item failure.
RECORDING_HANDLER = """
import json

def handler(event, context):
    print("EVENT " + json.dumps(event))
    return {"batchItemFailures": [{"itemIdentifier": r["messageId"]}
                                  for r in event["Records"] if r["body"].startswith("fail")]}
"""


@pytest.fixture
def sqs(aws_env: Any) -> Any:
    return boto3.client("sqs")


def _queue(sqs: Any, name: str, **attributes: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _events(logs_client: Any, function: str) -> list[dict[str, Any]]:
    return [json.loads(line.removeprefix("EVENT ")) for line in function_log_lines(logs_client, function)
            if line.startswith("EVENT ")]


def _bodies(events: list[dict[str, Any]]) -> list[str]:
    return [record["body"] for event in events for record in event["Records"]]


def _send(sqs: Any, url: str, bodies: list[str], **fifo: str) -> None:
    for start in range(0, len(bodies), 10):
        entries = [{"Id": str(i), "MessageBody": body, **({"MessageGroupId": fifo["group"],
                                                           "MessageDeduplicationId": body} if fifo else {})}
                   for i, body in enumerate(bodies[start:start + 10])]
        assert not sqs.send_message_batch(QueueUrl=url, Entries=entries).get("Failed")


def test_a_mapping_delivers_every_message_once_in_batches_of_at_most_batch_size(
        sqs: Any, lambda_client: Any, logs_client: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a function mapped to a queue with BatchSize 10
    function = make_function(RECORDING_HANDLER)
    url, arn = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}")
    lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=function, BatchSize=10)
    # WHEN 25 messages are sent
    sent = [f"message-{n}" for n in range(25)]
    _send(sqs, url, sent)
    # THEN the function gets each message exactly once, never more than 10 per batch
    events = wait_for(lambda: (e := _events(logs_client, function)) and len(_bodies(e)) >= 25 and e, timeout=90)
    assert sorted(_bodies(events)) == sorted(sent)
    assert all(1 <= len(event["Records"]) <= 10 for event in events)
    record = events[0]["Records"][0]
    assert (record["eventSource"], record["eventSourceARN"], record["awsRegion"]) == ("aws:sqs", arn, "us-east-1")
    assert set(record["attributes"]) == {"ApproximateReceiveCount", "SentTimestamp", "SenderId",
                                         "ApproximateFirstReceiveTimestamp"}
    assert {"messageId", "receiptHandle", "md5OfBody", "messageAttributes"} <= set(record)
    # AND the processed messages are deleted from the queue
    wait_for(lambda: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
             ["ApproximateNumberOfMessagesNotVisible"] == "0", timeout=30)
    assert "Messages" not in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)


def test_failed_items_return_to_the_queue_until_max_receive_count_then_land_in_the_dead_letter_queue(
        sqs: Any, lambda_client: Any, logs_client: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a queue with a redrive policy (maxReceiveCount 2) and a mapping
    # that reports batch item failures
    function = make_function(RECORDING_HANDLER)
    dlq_url, dlq_arn = _queue(sqs, f"dlq-{uuid.uuid4().hex[:8]}")
    url, arn = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}", VisibilityTimeout="1", RedrivePolicy=json.dumps(
        {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2}))
    lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=function, BatchSize=10,
                                              FunctionResponseTypes=["ReportBatchItemFailures"])
    # WHEN a batch with two failing messages is processed
    _send(sqs, url, ["ok-1", "fail-1", "ok-2", "fail-2"])
    # THEN the failed messages land in the dead-letter queue after two receives
    moved = wait_for(lambda: sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10).get("Messages"),
                     timeout=60)
    moved += sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10).get("Messages", [])
    assert sorted(m["Body"] for m in moved) == ["fail-1", "fail-2"]
    # AND only they came back: the successful ones were delivered once
    bodies = _bodies(_events(logs_client, function))
    assert sorted(bodies) == ["fail-1", "fail-1", "fail-2", "fail-2", "ok-1", "ok-2"]


def _delivered(logs_client: Any, function: str, body: str) -> None:
    wait_for(lambda: body in _bodies(_events(logs_client, function)), timeout=60)


def _taken_by_another_consumer_first(sqs: Any, url: str, body: str) -> bool:
    """Send a message and read it with another consumer: True when nobody
    received it before (ApproximateReceiveCount 1)."""
    sqs.send_message(QueueUrl=url, MessageBody=body)
    received = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2, AttributeNames=["All"])["Messages"][0]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=received["ReceiptHandle"])
    return bool(received["Body"] == body and received["Attributes"]["ApproximateReceiveCount"] == "1")


def test_a_redrive_policy_reads_back_as_compact_json_as_sqs_answers_it(sqs: Any) -> None:
    # GIVEN a queue with a dead-letter queue
    _, dlq_arn = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}")
    url, _ = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}",
                    RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}))
    # WHEN its attributes are read
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]
    # THEN the policy is compact JSON with a numeric count (Terraform's jsonencode compares equal)
    assert attributes["RedrivePolicy"] == f'{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":2}}'


def test_a_disabled_or_deleted_mapping_delivers_nothing(
        sqs: Any, lambda_client: Any, logs_client: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a mapping that is delivering
    function = make_function(RECORDING_HANDLER)
    url, arn = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}")
    mapping = lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=function)["UUID"]
    sqs.send_message(QueueUrl=url, MessageBody="enabled")
    _delivered(logs_client, function, "enabled")
    # WHEN it is disabled, THEN a message sent meanwhile is left to other consumers
    lambda_client.update_event_source_mapping(UUID=mapping, Enabled=False)
    assert _taken_by_another_consumer_first(sqs, url, "while-disabled")
    # WHEN it is enabled again, THEN it delivers again
    lambda_client.update_event_source_mapping(UUID=mapping, Enabled=True)
    sqs.send_message(QueueUrl=url, MessageBody="re-enabled")
    _delivered(logs_client, function, "re-enabled")
    # WHEN it is deleted, THEN it delivers nothing more
    lambda_client.delete_event_source_mapping(UUID=mapping)
    assert _taken_by_another_consumer_first(sqs, url, "after-delete")
    assert _bodies(_events(logs_client, function)) == ["enabled", "re-enabled"]


def test_a_fifo_mapping_delivers_each_message_group_in_order(
        sqs: Any, lambda_client: Any, logs_client: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a function mapped to a FIFO queue
    function = make_function(RECORDING_HANDLER)
    url, arn = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}.fifo", FifoQueue="true")
    lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=function, BatchSize=3)
    # WHEN two message groups are sent in order
    blue, green = [f"blue-{n:02d}" for n in range(12)], [f"green-{n:02d}" for n in range(12)]
    _send(sqs, url, blue, group="blue")
    _send(sqs, url, green, group="green")
    # THEN each group arrives in the order it was sent, with its FIFO attributes
    events = wait_for(lambda: (e := _events(logs_client, function)) and len(_bodies(e)) >= 24 and e, timeout=90)
    bodies = _bodies(events)
    assert [b for b in bodies if b.startswith("blue")] == blue
    assert [b for b in bodies if b.startswith("green")] == green
    attributes = events[0]["Records"][0]["attributes"]
    assert {"MessageGroupId", "MessageDeduplicationId", "SequenceNumber"} <= set(attributes)


def test_a_fifo_group_visible_again_is_redelivered_in_the_order_it_was_sent(sqs: Any) -> None:
    # GIVEN a FIFO queue whose group's three messages were received, the first one deleted
    url, _ = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}.fifo", FifoQueue="true", VisibilityTimeout="1")
    _send(sqs, url, ["first", "second", "third"], group="only")
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in received] == ["first", "second", "third"]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=received[0]["ReceiptHandle"])
    # WHEN the others' visibility timeout runs out and the queue is read again
    again = wait_for(lambda: sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"),
                     timeout=30, what="the group visible again")
    # THEN the group comes back whole and in order, not its later message first
    assert [m["Body"] for m in again] == ["second", "third"]


def test_a_batching_window_gathers_messages_sent_after_the_first_into_its_batch(
        sqs: Any, lambda_client: Any, logs_client: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a mapping that waits up to 5 seconds to fill a batch of 10
    function = make_function(RECORDING_HANDLER)
    url, arn = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}")
    lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=function, BatchSize=10,
                                              MaximumBatchingWindowInSeconds=5)
    # WHEN one message is sent, taken by the poller, and two more follow
    sqs.send_message(QueueUrl=url, MessageBody="first")
    wait_for(lambda: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
             ["ApproximateNumberOfMessagesNotVisible"] == "1", timeout=30)
    for n in range(2):
        sqs.send_message(QueueUrl=url, MessageBody=f"later-{n}")
    # THEN the function gets them in one batch
    events = wait_for(lambda: _events(logs_client, function), timeout=60)
    assert [len(event["Records"]) for event in events] == [3]


def test_message_attributes_and_trace_header_reach_the_function_as_lambda_spells_them(
        sqs: Any, lambda_client: Any, logs_client: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a mapped queue
    function = make_function(RECORDING_HANDLER)
    url, arn = _queue(sqs, f"q-{uuid.uuid4().hex[:8]}")
    lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=function)
    # WHEN a message with a string and a binary attribute and a trace header is sent
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    sent = sqs.send_message(QueueUrl=url, MessageBody="with attributes", MessageAttributes={
        "colour": {"DataType": "String", "StringValue": "blue"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"}},
        MessageSystemAttributes={"AWSTraceHeader": {"DataType": "String", "StringValue": trace}})
    # THEN the record carries them in the event's camelCase shape, binary in base64
    record = wait_for(lambda: _events(logs_client, function), timeout=60)[0]["Records"][0]
    assert record["messageAttributes"] == {
        "colour": {"stringValue": "blue", "stringListValues": [], "binaryListValues": [], "dataType": "String"},
        "blob": {"binaryValue": "AAE=", "stringListValues": [], "binaryListValues": [], "dataType": "Binary"}}
    assert record["md5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert record["md5OfBody"] == sent["MD5OfMessageBody"]
    assert record["attributes"]["AWSTraceHeader"] == trace
