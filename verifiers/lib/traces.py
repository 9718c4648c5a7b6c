"""X-Ray: find traces with a filter expression, fetch their documents, walk their subsegments.

A traced Lambda invoke gives an `AWS::Lambda` segment and an `AWS::Lambda::Function`
segment whose top-level subsegments are the phases `Initialization` (cold only),
`Invocation` and `Overhead`. Subsegments the function's SDK sends (Powertools'
`## lambda_handler`, boto3 calls) sit under `Invocation`, or `Initialization` for code
run at import time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from verifiers.lib import schemas
from verifiers.lib.wait import wait_until

FUNCTION_ORIGIN = "AWS::Lambda::Function"
PHASES = ("Initialization", "Invocation", "Overhead")
CLOCK_SKEW = timedelta(seconds=5)
_BATCH_LIMIT = 5  # BatchGetTraces takes at most five trace ids per call


@dataclass(frozen=True)
class Subsegment:
    """A subsegment found under a function segment, with the phase it sits in."""

    trace_id: str
    phase: str | None
    path: tuple[str, ...]
    document: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.document["name"])

    @property
    def annotations(self) -> dict[str, Any]:
        return dict(self.document.get("annotations") or {})

    def metadata(self, namespace: str) -> dict[str, Any]:
        return dict((self.document.get("metadata") or {}).get(namespace) or {})


@dataclass(frozen=True)
class Trace:
    id: str
    segments: list[dict[str, Any]]

    def function_segments(self) -> list[dict[str, Any]]:
        return [s for s in self.segments if s.get("origin") == FUNCTION_ORIGIN]

    def phases(self) -> list[str]:
        """Names of the phase subsegments of the function segments, in document order."""
        return [
            top["name"]
            for segment in self.function_segments()
            for top in segment.get("subsegments") or []
            if top["name"] in PHASES
        ]

    def subsegments(self) -> list[Subsegment]:
        """Every subsegment below the function segments, phases excluded, depth first."""
        found: list[Subsegment] = []
        for segment in self.function_segments():
            for top in segment.get("subsegments") or []:
                phase = top["name"] if top["name"] in PHASES else None
                if phase is None:
                    found.append(Subsegment(self.id, None, (top["name"],), top))
                found.extend(_descendants(self.id, phase, (top["name"],), top))
        return found


def _descendants(trace_id: str, phase: str | None, path: tuple[str, ...], node: dict[str, Any]) -> Iterator[Subsegment]:
    for child in node.get("subsegments") or []:
        child_path = (*path, child["name"])
        yield Subsegment(trace_id, phase, child_path, child)
        yield from _descendants(trace_id, phase, child_path, child)


def trace_ids(client: Any, filter_expression: str, since: datetime, until: datetime | None = None) -> list[str]:
    """Ids of traces matching `filter_expression` in the window, across all pages."""
    paginator = client.get_paginator("get_trace_summaries")
    pages = paginator.paginate(
        StartTime=since - CLOCK_SKEW,
        EndTime=until or datetime.now(timezone.utc) + CLOCK_SKEW,
        TimeRangeType="Event",
        Sampling=False,
        FilterExpression=filter_expression,
    )
    ids: list[str] = []
    for page in pages:
        ids.extend(s["Id"] for s in page["TraceSummaries"] if s["Id"] not in ids)
    return ids


def batch_get(client: Any, ids: list[str]) -> list[Trace]:
    """Full documents of `ids` (five per call, all pages), each segment schema-checked."""
    traces: list[Trace] = []
    for start in range(0, len(ids), _BATCH_LIMIT):
        paginator = client.get_paginator("batch_get_traces")
        for page in paginator.paginate(TraceIds=ids[start : start + _BATCH_LIMIT]):
            for trace in page["Traces"]:
                documents = [json.loads(s["Document"]) for s in trace["Segments"]]
                for document in documents:
                    schemas.check("segment", document)
                traces.append(Trace(trace["Id"], documents))
    return traces


def wait_for_traces(
    client: Any, filter_expression: str, since: datetime, expected: str, ok: Callable[[list[Trace]], bool]
) -> list[Trace]:
    """Wait until the traces matching `filter_expression` satisfy `ok`; return them.

    X-Ray indexes a trace before every subsegment has arrived, so callers state what a
    complete answer looks like (e.g. two `## lambda_handler` subsegments) rather than a
    trace count. Only traces whose function segment is complete are considered.
    """

    def fetch() -> list[Trace]:
        traces = batch_get(client, trace_ids(client, filter_expression, since))
        return [t for t in traces if any(not s.get("in_progress") for s in t.function_segments())]

    return wait_until(
        "traces",
        f"{expected} in traces matching {filter_expression!r}",
        fetch,
        ok,
        show=lambda traces: f"{len(traces)} traces: {[summarize(t) for t in traces]}",
    )


def summarize(trace: Trace) -> str:
    """One line per trace for failure messages: id, then each subsegment path."""
    return f"{trace.id}: " + "; ".join("/".join(s.path) for s in trace.subsegments())


def named(traces: list[Trace], name: str) -> list[Subsegment]:
    return [s for t in traces for s in t.subsegments() if s.name == name]


def annotated(traces: list[Trace], key: str, value: Any) -> list[Subsegment]:
    """Subsegments annotated `key` = `value`, compared strictly (True is not 1)."""
    return [
        s
        for t in traces
        for s in t.subsegments()
        if key in s.annotations and type(s.annotations[key]) is type(value) and s.annotations[key] == value
    ]


def with_metadata(traces: list[Trace], namespace: str, key: str) -> list[Subsegment]:
    return [s for t in traces for s in t.subsegments() if key in s.metadata(namespace)]
