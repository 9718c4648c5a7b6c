"""FilterLogEvents across pages, and the structured records in a log group."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from verifiers.lib import logs

GROUP = "/aws/lambda/e2e-run1-logger-basic-handler"
SINCE = datetime(2024, 11, 21, 6, 22, tzinfo=timezone.utc)
RECORD = {
    "level": "INFO",
    "location": "lambda_handler:12",
    "message": "logs should be visible",
    "timestamp": "2024-11-21 06:22:42,735+0000",
    "service": "svc-run1-logger",
    "cold_start": True,
    "function_name": "e2e-run1-logger-basic-handler",
    "function_memory_size": "128",
    "function_arn": "arn:aws:lambda:us-east-1:123456789012:function:e2e-run1-logger-basic-handler",
    "function_request_id": "5b1f8c1e-6f3a-4d5e-9a0b-1c2d3e4f5a6b",
    "xray_trace_id": "1-6740a1b2-0123456789abcdef01234567",
    "order_id": "order-run1-0a1b2c3d",
}


def _event(n: int, message: str) -> dict:
    stream = "2024/11/21/[$LATEST]0123456789abcdef0123456789abcdef"
    return {"logStreamName": stream, "timestamp": 1732170162000 + n, "message": message, "eventId": str(n)}


def test_filter_follows_next_token_through_every_page(stubbed):
    # GIVEN three pages, the middle one empty (CloudWatch does that while it scans)
    client, stub = stubbed("logs")
    pattern = '{ $.order_id = "order-run1-0a1b2c3d" }'
    expected = {"logGroupName": GROUP, "filterPattern": pattern, "startTime": 1732170115000}
    stub.add_response("filter_log_events", {"events": [_event(1, json.dumps(RECORD))], "nextToken": "a"}, expected)
    stub.add_response("filter_log_events", {"events": [], "nextToken": "b"}, {**expected, "nextToken": "a"})
    last_page = [_event(2, json.dumps({**RECORD, "cold_start": False})), _event(3, "START RequestId: x")]
    stub.add_response("filter_log_events", {"events": last_page}, {**expected, "nextToken": "b"})

    # WHEN the library filters the group
    events = logs.filter_events(client, GROUP, pattern, SINCE)

    # THEN every page was read (start time moved back by the clock skew allowance)
    assert [e.timestamp_ms for e in events] == [1732170162001, 1732170162002, 1732170162003]
    found = logs.structured_records(events)
    assert [r["cold_start"] for r in found] == [True, False]


def test_a_group_that_does_not_exist_yet_reads_as_empty(stubbed):
    client, stub = stubbed("logs")
    stub.add_client_error("filter_log_events", "ResourceNotFoundException", "The specified log group does not exist.")
    assert logs.filter_events(client, GROUP, "", SINCE) == []


def test_plain_lines_and_emf_are_not_structured_records():
    events = [
        logs.LogEvent(1, "REPORT RequestId: x\tDuration: 1.00 ms", "s"),
        logs.LogEvent(2, '["a list"]', "s"),
        logs.LogEvent(3, json.dumps({"_aws": {}, "service": "x"}), "s"),
        logs.LogEvent(4, json.dumps(RECORD), "s"),
    ]
    assert logs.structured_records(events) == [RECORD]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"level": None}, "'level' is a required property"),
        ({"cold_start": "true"}, "$.cold_start"),
        ({"xray_trace_id": "Root=1-abc"}, "$.xray_trace_id"),
        ({"function_memory_size": "lots"}, "$.function_memory_size"),
    ],
)
def test_a_malformed_record_fails_naming_the_key(change, problem):
    record = {k: v for k, v in {**RECORD, **change}.items() if v is not None}
    with pytest.raises(AssertionError, match="not a valid log_record document") as failure:
        logs.structured_records([logs.LogEvent(1, json.dumps(record), "s")])
    assert problem in str(failure.value)
