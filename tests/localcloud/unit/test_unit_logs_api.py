"""FilterLogEvents on moto's store: selection, patterns, pagination and AWS errors."""

import json
import time
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from localcloud.logs.filter_log_events import filter_log_events
from localcloud.routing import AwsError

ACCOUNT, REGION = "123456789012", "us-east-1"
GROUP = "/aws/lambda/orders"
T0 = int(time.time() * 1000) - 60_000


@pytest.fixture
def logs() -> Iterator[object]:
    with mock_aws():
        client = boto3.client("logs", region_name=REGION)
        client.create_log_group(logGroupName=GROUP)
        for stream in ("2024/01/01/[$LATEST]aaa", "2024/01/01/[$LATEST]bbb", "other"):
            client.create_log_stream(logGroupName=GROUP, logStreamName=stream)
        yield client


def put(client: object, stream: str, *messages: str, start: int = T0) -> None:
    client.put_log_events(  # type: ignore[attr-defined]
        logGroupName=GROUP,
        logStreamName=stream,
        logEvents=[{"timestamp": start + i, "message": m} for i, m in enumerate(messages)],
    )


def call(**params: object) -> dict:
    return filter_log_events({"logGroupName": GROUP, **params}, ACCOUNT, REGION)


def test_json_pattern_selects_only_matching_events_in_time_order(logs: object) -> None:
    put(
        logs,
        "2024/01/01/[$LATEST]aaa",
        json.dumps({"service": "a", "n": 1}),
        "START x",
        start=T0 + 10,
    )
    put(logs, "2024/01/01/[$LATEST]bbb", json.dumps({"service": "a", "n": 2}), start=T0 + 5)
    put(logs, "other", json.dumps({"service": "b", "n": 3}), start=T0)
    out = call(filterPattern='{ $.service = "a" }')
    assert [json.loads(e["message"])["n"] for e in out["events"]] == [2, 1]
    first = out["events"][0]
    assert first["logStreamName"] == "2024/01/01/[$LATEST]bbb"
    assert first["timestamp"] == T0 + 5
    assert isinstance(first["ingestionTime"], int) and first["eventId"].isdigit()
    assert "nextToken" not in out
    assert {s["logStreamName"] for s in out["searchedLogStreams"]} == {
        "2024/01/01/[$LATEST]aaa",
        "2024/01/01/[$LATEST]bbb",
        "other",
    }


def test_stream_names_prefix_and_time_window(logs: object) -> None:
    put(logs, "2024/01/01/[$LATEST]aaa", "m0", "m1", "m2", "m3")
    put(logs, "other", "o0")
    assert [e["message"] for e in call(logStreamNames=["other"])["events"]] == ["o0"]
    assert [e["message"] for e in call(logStreamNamePrefix="2024/")["events"]] == [
        "m0",
        "m1",
        "m2",
        "m3",
    ]
    window = call(startTime=T0 + 1, endTime=T0 + 2, logStreamNamePrefix="2024/")
    assert [e["message"] for e in window["events"]] == ["m1", "m2"]


def test_group_identifier_by_name_and_arn(logs: object) -> None:
    put(logs, "other", "hello")
    arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{GROUP}"
    for ident in (GROUP, arn, arn + ":*"):
        out = filter_log_events({"logGroupIdentifier": ident}, ACCOUNT, REGION)
        assert [e["message"] for e in out["events"]] == ["hello"]


def test_pagination_walks_every_event_once_even_with_appends(logs: object) -> None:
    put(logs, "2024/01/01/[$LATEST]aaa", *[f"ERROR {i}" for i in range(5)], "INFO skip")
    put(logs, "2024/01/01/[$LATEST]bbb", *[f"ERROR {i}" for i in range(5, 7)], start=T0 + 2)
    seen: list[str] = []
    out = call(filterPattern="ERROR", limit=3)
    seen += [e["message"] for e in out["events"]]
    assert len(out["events"]) == 3
    put(logs, "other", "ERROR late", start=T0 + 100)  # arrives between pages
    while "nextToken" in out:
        out = call(filterPattern="ERROR", limit=3, nextToken=out["nextToken"])
        seen += [e["message"] for e in out["events"]]
    assert sorted(seen) == sorted([f"ERROR {i}" for i in range(7)] + ["ERROR late"])
    assert len(seen) == len(set(seen))


def test_default_page_is_ten_thousand_events(logs: object) -> None:
    for batch in range(3):
        put(logs, "other", *[f"e{batch}-{i}" for i in range(4000)], start=T0 + batch * 4000)
    first = call()
    assert len(first["events"]) == 10_000
    assert all(not s["searchedCompletely"] for s in first["searchedLogStreams"])
    rest = call(nextToken=first["nextToken"])
    assert len(rest["events"]) == 2_000 and "nextToken" not in rest


def test_page_stays_under_one_megabyte(logs: object) -> None:
    big = "x" * 200_000
    put(logs, "other", *[f"{i}{big}" for i in range(7)])
    first = call()
    assert len(first["events"]) == 5  # 5 * (200_001 + 26) bytes <= 1 MiB < 6 * ...
    assert len(call(nextToken=first["nextToken"])["events"]) == 2


@pytest.mark.parametrize(
    ("params", "code", "fragment"),
    [
        ({"logGroupName": "/nope"}, "ResourceNotFoundException", "log group does not exist"),
        (
            {"logGroupName": GROUP, "filterPattern": "{ $.a = "},
            "InvalidParameterException",
            "Invalid filter pattern",
        ),
        (
            {"logGroupName": GROUP, "logStreamNames": ["ghost"]},
            "ResourceNotFoundException",
            "ghost",
        ),
        ({"logGroupName": GROUP, "limit": 10_001}, "InvalidParameterException", "limit"),
        ({"logGroupName": GROUP, "nextToken": "garbage"}, "InvalidParameterException", "nextToken"),
        ({}, "InvalidParameterException", "Exactly one"),
        (
            {"logGroupName": GROUP, "logStreamNames": ["other"], "logStreamNamePrefix": "o"},
            "InvalidParameterException",
            "mutually exclusive",
        ),
    ],
)
def test_errors_carry_aws_codes(logs: object, params: dict, code: str, fragment: str) -> None:
    with pytest.raises(AwsError) as info:
        filter_log_events(params, ACCOUNT, REGION)
    assert info.value.code == code and info.value.status == 400
    assert fragment in info.value.message
