"""FilterLogEvents on moto's stored log events, with real filter patterns.

moto matches every event for JSON patterns and paginates by list position; this
answers from the same store with `logfilter` semantics and a token that survives
events being appended between pages.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from moto.backends import get_backend

from localcloud.routing import AwsError
from localcloud.logs.filter_pattern import InvalidFilterPattern, Matcher, compile_pattern

MAX_PAGE_EVENTS = 10_000
MAX_PAGE_BYTES = 1_048_576
EVENT_OVERHEAD_BYTES = 26  # AWS counts each event as its UTF-8 message + 26 bytes


def filter_log_events(params: dict[str, Any], account_id: str, region: str) -> dict[str, Any]:
    group_name, account_id, region = _group_coordinates(params, account_id, region)
    limit, matcher = _limit_and_matcher(params)
    group = get_backend("logs")[account_id][region].groups.get(group_name)
    if group is None:
        raise AwsError(400, "ResourceNotFoundException", "The specified log group does not exist.")
    streams = _selected_streams(params, list(group.streams.items()))
    start, end = params.get("startTime"), params.get("endTime")
    after = _decode_token(params.get("nextToken"), group_name)
    candidates = sorted(
        ((event.timestamp, event.event_id, name, event)
         for name, stream in streams
         for event in list(stream.events)
         if (start is None or event.timestamp >= start)
         and (end is None or event.timestamp <= end)
         and (after is None or (event.timestamp, event.event_id) > after)),
        key=lambda c: (c[0], c[1]))
    page, more = _page(candidates, matcher, limit)
    response: dict[str, Any] = {
        "events": page,
        "searchedLogStreams": [
            {"logStreamName": name, "searchedCompletely": not more} for name, _ in streams
        ],
    }
    if more:
        last = page[-1]
        response["nextToken"] = _encode_token(group_name, last["timestamp"], int(last["eventId"]))
    return response


def _limit_and_matcher(params: dict[str, Any]) -> tuple[int, Matcher]:
    if params.get("logStreamNames") and params.get("logStreamNamePrefix"):
        raise AwsError(400, "InvalidParameterException",
                       "logStreamNames and logStreamNamePrefix are mutually exclusive")
    limit = int(params.get("limit") or MAX_PAGE_EVENTS)
    if not 1 <= limit <= MAX_PAGE_EVENTS:
        raise AwsError(400, "InvalidParameterException",
                       f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy "
                       f"constraint: Member must have value between 1 and {MAX_PAGE_EVENTS}")
    try:
        return limit, compile_pattern(params.get("filterPattern"))
    except InvalidFilterPattern as exc:
        raise AwsError(400, "InvalidParameterException", f"Invalid filter pattern: {exc}") from None


def _selected_streams(params: dict[str, Any], streams: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    stream_names, prefix = params.get("logStreamNames"), params.get("logStreamNamePrefix")
    if stream_names:
        missing = sorted(set(stream_names) - {name for name, _ in streams})
        if missing:
            raise AwsError(400, "ResourceNotFoundException",
                           f"The specified log stream does not exist: {missing[0]}")
        return [(name, s) for name, s in streams if name in stream_names]
    if prefix:
        return [(name, s) for name, s in streams if name.startswith(prefix)]
    return streams


def _page(candidates: list[tuple[int, int, str, Any]], matcher: Matcher,
          limit: int) -> tuple[list[dict[str, Any]], bool]:
    """The matching events that fit one page, and whether more remain."""
    page: list[dict[str, Any]] = []
    size = 0
    for timestamp, event_id, name, event in candidates:
        if not matcher(event.message):
            continue
        event_size = len(event.message.encode()) + EVENT_OVERHEAD_BYTES
        if len(page) == limit or (page and size + event_size > MAX_PAGE_BYTES):
            return page, True
        size += event_size
        page.append({"logStreamName": name, "timestamp": timestamp, "message": event.message,
                     "ingestionTime": event.ingestion_time, "eventId": str(event_id)})
    return page, False


def _group_coordinates(
    params: dict[str, Any], account_id: str, region: str
) -> tuple[str, str, str]:
    """(group name, account, region) from logGroupName or logGroupIdentifier (name or ARN)."""
    name: str = params.get("logGroupName") or ""
    identifier: str = params.get("logGroupIdentifier") or ""
    if bool(name) == bool(identifier):
        raise AwsError(400, 
            "InvalidParameterException",
            "Exactly one of logGroupName and logGroupIdentifier must be specified",
        )
    if name:
        return name, account_id, region
    if not identifier.startswith("arn:"):
        return identifier, account_id, region
    parts = identifier.split(":")
    if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
        raise AwsError(400, "InvalidParameterException", f"Invalid log group ARN: {identifier}")
    return parts[6], parts[4], parts[3]


def _encode_token(group: str, timestamp: int, event_id: int) -> str:
    raw = json.dumps({"g": group, "t": timestamp, "e": event_id}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_token(token: str | None, group: str) -> tuple[int, int] | None:
    if not token:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        if data["g"] == group:
            return int(data["t"]), int(data["e"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        pass
    raise AwsError(400, "InvalidParameterException", "The specified nextToken is invalid.")
