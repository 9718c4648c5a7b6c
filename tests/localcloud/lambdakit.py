"""Helpers for the localcloud tests: zips made in memory, bounded waits and
log reads through boto3."""
from __future__ import annotations

import io
import json
import textwrap
import time
import zipfile
from collections.abc import Callable
from typing import Any

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def zip_files(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, textwrap.dedent(text))
    return buf.getvalue()


def wait_for(probe: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll until probe() is truthy; fail with the last value after `timeout`."""
    deadline = time.monotonic() + timeout
    value = probe()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = probe()
    assert value, f"condition not met within {timeout}s"
    return value


def log_messages(logs_client: Any, group: str) -> dict[str, list[str]]:
    """Every stream of the group with its messages, in order."""
    streams = logs_client.describe_log_streams(logGroupName=group)["logStreams"]
    return {s["logStreamName"]: [e["message"] for e in logs_client.get_log_events(
        logGroupName=group, logStreamName=s["logStreamName"], startFromHead=True)["events"]]
        for s in streams}


def function_log_lines(logs_client: Any, function: str) -> list[str]:
    """Every log line of the function so far (none before its first invoke)."""
    try:
        streams = log_messages(logs_client, f"/aws/lambda/{function}")
    except logs_client.exceptions.ResourceNotFoundException:
        return []
    return [line for lines in streams.values() for line in lines]
