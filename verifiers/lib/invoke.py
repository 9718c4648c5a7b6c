"""Invoke functions: synchronously, as an Event, or several at once."""

from __future__ import annotations

import base64
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any


@dataclass(frozen=True)
class Invocation:
    function: str
    status: int
    request_id: str
    started: datetime
    payload: Any
    function_error: str | None
    log_tail: str | None


def invoke(client: Any, function: str, event: Any, *, tail: bool = False, allow_error: bool = False) -> Invocation:
    """RequestResponse invoke; fails the test on a function error unless `allow_error`."""
    started = datetime.now(timezone.utc)
    kwargs: dict[str, Any] = {"FunctionName": function, "Payload": json.dumps(event).encode()}
    if tail:
        kwargs["LogType"] = "Tail"
    response = client.invoke(**kwargs)
    raw = response["Payload"].read()
    try:
        payload = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        payload = raw.decode(errors="replace")
    result = Invocation(
        function=function,
        status=response["StatusCode"],
        request_id=response["ResponseMetadata"]["RequestId"],
        started=started,
        payload=payload,
        function_error=response.get("FunctionError"),
        log_tail=base64.b64decode(response["LogResult"]).decode(errors="replace") if "LogResult" in response else None,
    )
    if result.function_error and not allow_error:
        raise AssertionError(f"{function} failed ({result.function_error}): {payload}")
    return result


def invoke_event(client: Any, function: str, event: Any) -> Invocation:
    """Asynchronous (`Event`) invoke: Lambda queues it and answers 202 at once."""
    started = datetime.now(timezone.utc)
    response = client.invoke(FunctionName=function, InvocationType="Event", Payload=json.dumps(event).encode())
    if response["StatusCode"] != 202:
        raise AssertionError(f"Event invoke of {function} answered {response['StatusCode']}, expected 202")
    return Invocation(function, 202, response["ResponseMetadata"]["RequestId"], started, None, None, None)


def invoke_many(client: Any, function: str, events: list[Any], *, tail: bool = False) -> list[Invocation]:
    """Invoke once per event, all at the same time (each concurrent call gets its own environment)."""
    with ThreadPoolExecutor(max_workers=max(1, len(events))) as pool:
        return list(pool.map(lambda event: invoke(client, function, event, tail=tail), events))
