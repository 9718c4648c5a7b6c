"""CloudWatch Logs: FilterLogEvents with pagination, and the structured records in it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from verifiers.lib import schemas
from verifiers.lib.wait import wait_until

# Clocks of the test host and the service may disagree by a little; reading a few
# seconds early costs nothing because every query also filters on a unique value.
CLOCK_SKEW = timedelta(seconds=5)


@dataclass(frozen=True)
class LogEvent:
    timestamp_ms: int
    message: str
    stream: str

    def json(self) -> dict[str, Any] | None:
        """The message as a JSON object, or None for plain-text lines (START, REPORT, print)."""
        try:
            value = json.loads(self.message)
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, dict) else None


def log_group(function: str) -> str:
    return f"/aws/lambda/{function}"


def filter_events(client: Any, group: str, pattern: str, since: datetime) -> list[LogEvent]:
    """Every event in `group` matching `pattern` (text or `{ $.k = v }` JSON) since `since`.

    Follows nextToken through all pages. A group that does not exist yet (no invoke has
    logged) reads as empty rather than failing, since it appears with the first log line.
    """
    paginator = client.get_paginator("filter_log_events")
    pages = paginator.paginate(
        logGroupName=group,
        filterPattern=pattern,
        startTime=int((since - CLOCK_SKEW).timestamp() * 1000),
    )
    events: list[LogEvent] = []
    try:
        for page in pages:
            events.extend(LogEvent(e["timestamp"], e["message"], e.get("logStreamName", "")) for e in page["events"])
    except client.exceptions.ResourceNotFoundException:
        return []
    return events


def records(events: list[LogEvent]) -> list[dict[str, Any]]:
    """The JSON-object messages among `events`, in order."""
    return [r for r in (e.json() for e in events) if r is not None]


def structured_records(events: list[LogEvent]) -> list[dict[str, Any]]:
    """Powertools Logger records among `events`, each checked against the log record schema."""
    found = [r for r in records(events) if "_aws" not in r]
    for record in found:
        schemas.check("log_record", record)
    return found


def wait_for_records(client: Any, function: str, pattern: str, since: datetime, count: int) -> list[dict[str, Any]]:
    """Wait until at least `count` structured records match `pattern`; return all of them."""
    return wait_until(
        "logs",
        f"{count} structured records matching {pattern!r} in {log_group(function)}",
        lambda: structured_records(filter_events(client, log_group(function), pattern, since)),
        lambda found: len(found) >= count,
        show=lambda found: f"{len(found)} records {found!r:.600}",
    )


def wait_for_events(client: Any, function: str, pattern: str, since: datetime, count: int) -> list[LogEvent]:
    """Wait until at least `count` raw events match `pattern`; return all of them."""
    return wait_until(
        "logs",
        f"{count} events matching {pattern!r} in {log_group(function)}",
        lambda: filter_events(client, log_group(function), pattern, since),
        lambda found: len(found) >= count,
        show=lambda found: f"{len(found)} events {[e.message for e in found]!r:.600}",
    )
