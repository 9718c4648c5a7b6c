"""The SQS event Lambda sends to a function, and how Lambda reads the
function's partial batch response (ReportBatchItemFailures)."""
from __future__ import annotations

import base64
import json
from typing import Any

from moto.sqs.models import Message


def _attribute(value: dict[str, Any]) -> dict[str, Any]:
    """A message attribute as the event spells it (camelCase, binary in base64)."""
    out: dict[str, Any] = {"stringListValues": [], "binaryListValues": [], "dataType": value["DataType"]}
    if value.get("StringValue") is not None:
        out["stringValue"] = value["StringValue"]
    if value.get("BinaryValue") is not None:
        raw = value["BinaryValue"]
        out["binaryValue"] = base64.b64encode(raw if isinstance(raw, bytes) else raw.encode()).decode()
    return out


def _system_attributes(message: Message) -> dict[str, str]:
    attributes = {
        "ApproximateReceiveCount": str(message.approximate_receive_count),
        "SentTimestamp": str(message.sent_timestamp),
        "SenderId": message.sender_id,
        "ApproximateFirstReceiveTimestamp": str(message.approximate_first_receive_timestamp),
    }
    trace_header = (message.system_attributes.get("AWSTraceHeader") or {}).get("StringValue")
    if trace_header:
        attributes["AWSTraceHeader"] = trace_header
    if message.sequence_number is not None:
        attributes["SequenceNumber"] = message.sequence_number
    if message.group_id is not None:
        attributes["MessageGroupId"] = message.group_id
    if message.deduplication_id is not None:
        attributes["MessageDeduplicationId"] = message.deduplication_id
    return attributes


def record(message: Message, queue_arn: str, region: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "messageId": message.id,
        "receiptHandle": message.receipt_handle,
        "body": message.body,
        "attributes": _system_attributes(message),
        "messageAttributes": {name: _attribute(value) for name, value in message.message_attributes.items()},
        "md5OfBody": message.body_md5,
    }
    if message.message_attributes:
        out["md5OfMessageAttributes"] = message.attribute_md5
    out.update({"eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": region})
    return out


def sqs_event(messages: list[Message], queue_arn: str, region: str) -> bytes:
    return json.dumps({"Records": [record(m, queue_arn, region) for m in messages]}).encode()


def failed_message_ids(payload: bytes, batch_ids: set[str]) -> set[str]:
    """The ids to retry after a successful invoke with ReportBatchItemFailures.
    Lambda takes a null/empty response or batchItemFailures as full success
    and anything malformed (invalid JSON, an item without a known non-empty
    itemIdentifier) as a failure of the whole batch."""
    try:
        response = json.loads(payload) if payload.strip() else None
    except ValueError:
        return batch_ids
    if response is None:
        return set()
    if not isinstance(response, dict):
        return batch_ids
    failures = response.get("batchItemFailures")
    if failures is None:
        return set()
    if not isinstance(failures, list):
        return batch_ids
    failed: set[str] = set()
    for item in failures:
        identifier = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not isinstance(identifier, str) or identifier not in batch_ids:
            return batch_ids
        failed.add(identifier)
    return failed
