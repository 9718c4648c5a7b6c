"""Thread-safe store of X-Ray documents, assembled per trace as BatchGetTraces answers.

Documents arrive from the UDP daemon and PutTraceSegments in any order. A subsegment
sent on its own (`"type": "subsegment"` with `parent_id`) is kept as is and merged into
its parent (a segment or any nested subsegment, itself possibly sent on its own) each
time the trace is read, so arrival order never matters.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict
from typing import Any, NamedTuple

from localcloud.core.comparisons import is_json_number
from localcloud.xray.documents import InvalidDocument, check_document

TRACE_ID = re.compile(r"^1-[0-9a-f]{8}-[0-9a-f]{24}$")
ENTITY_ID = re.compile(r"^[0-9a-f]{16}$")
__all__ = ["InvalidDocument", "TraceStore", "TraceTimes"]
MAX_TRACES = 20_000


class TraceTimes(NamedTuple):
    last_end: float  # the latest end_time of any document (TimeRangeType Service)
    updated: float  # when the trace last received a document (TimeRangeType Event)


class _Stored(NamedTuple):
    text: str
    in_progress: bool


class TraceStore:
    def __init__(self, max_traces: int = MAX_TRACES):
        self._lock = threading.Lock()
        # Documents are kept as JSON text: parsing it is a fast private copy to assemble.
        self._traces: OrderedDict[str, dict[str, _Stored]] = OrderedDict()
        self._times: dict[str, TraceTimes] = {}
        self._assembled: dict[str, list[str]] = {}
        self._max = max_traces

    def put(self, document: dict[str, Any]) -> str:
        """Store one segment or independent subsegment sent to localcloud (daemon,
        PutTraceSegments), checked first; returns its trace id."""
        _validate(document)
        return self.put_own(document)

    def put_own(self, document: dict[str, Any]) -> str:
        """Store a document localcloud built itself (Lambda's segments, valid by
        construction): the schema check would add about 1 ms to every traced
        invoke, before its caller gets the answer. Returns its trace id."""
        trace_id, entity_id = document["trace_id"], document["id"]
        stored = _Stored(json.dumps(document), bool(document.get("in_progress")))
        with self._lock:
            docs = self._traces.setdefault(trace_id, {})
            self._traces.move_to_end(trace_id)
            end = float(document.get("end_time") or document["start_time"])
            times = self._times.get(trace_id)
            self._times[trace_id] = TraceTimes(
                max(end, times.last_end if times else end), time.time()
            )
            old = docs.get(entity_id)
            # A complete document wins over an in-progress one, whatever the order.
            if old is None or not stored.in_progress or old.in_progress:
                docs[entity_id] = stored
                self._assembled.pop(trace_id, None)
            while len(self._traces) > self._max:
                evicted, _ = self._traces.popitem(last=False)
                self._times.pop(evicted, None)
                self._assembled.pop(evicted, None)
        return trace_id

    def trace_ids(self) -> list[str]:
        with self._lock:
            return list(self._traces)

    def times(self) -> dict[str, TraceTimes]:
        """Each trace's times, to select by time range without assembling traces."""
        with self._lock:
            return dict(self._times)

    def segments(self, trace_id: str) -> list[dict[str, Any]] | None:
        """The trace's segment documents with every known subsegment merged in, or None."""
        with self._lock:
            cached = self._assembled.get(trace_id)
            stored = self._traces.get(trace_id)
            if stored is None:
                return None
            if cached is None:
                segments = _assemble([json.loads(doc.text) for doc in stored.values()])
                cached = self._assembled[trace_id] = [json.dumps(s) for s in segments]
        return [json.loads(text) for text in cached]


def _validate(doc: Any) -> None:
    if not isinstance(doc, dict):
        raise InvalidDocument("a segment document must be a JSON object")
    for key in ("trace_id", "id", "name", "start_time"):
        if key not in doc:
            raise InvalidDocument(f"missing required field {key!r}")
    if not is_json_number(doc["start_time"]):
        raise InvalidDocument("start_time must be a number of epoch seconds")
    if not isinstance(doc["trace_id"], str) or not TRACE_ID.match(doc["trace_id"]):
        raise InvalidDocument(f"invalid trace_id {doc['trace_id']!r}")
    if not isinstance(doc["id"], str) or not ENTITY_ID.match(doc["id"]):
        raise InvalidDocument(f"invalid id {doc['id']!r}: 16 hexadecimal digits expected")
    if "end_time" not in doc and not doc.get("in_progress"):
        raise InvalidDocument("a document needs end_time or in_progress: true")
    if doc.get("type") == "subsegment" and not isinstance(doc.get("parent_id"), str):
        raise InvalidDocument("an independent subsegment needs parent_id")
    check_document(doc)  # the types of every field read later, nested subsegments included


def _assemble(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach independent subsegments to their parents; return the top-level segments."""
    nodes: dict[str, dict[str, Any]] = {}

    def index(node: dict[str, Any]) -> None:
        nodes.setdefault(node["id"], node)
        for child in node.get("subsegments", []):
            if isinstance(child, dict) and "id" in child:
                index(child)

    segments = [d for d in docs if d.get("type") != "subsegment"]
    loose = [d for d in docs if d.get("type") == "subsegment"]
    for doc in segments + loose:
        index(doc)
    attached_to: dict[str, str] = {}
    for sub in loose:
        parent = nodes.get(sub["parent_id"])
        if parent is None or _is_ancestor(sub["id"], parent["id"], attached_to):
            continue  # parent not (yet) received, or a cycle: nothing to show it under
        attached_to[sub["id"]] = parent["id"]
        for key in ("type", "parent_id", "trace_id"):
            sub.pop(key, None)
        children = parent.setdefault("subsegments", [])
        children[:] = [c for c in children if c.get("id") != sub["id"]] + [sub]
    return sorted(segments, key=lambda s: s.get("start_time", 0))


def _is_ancestor(candidate: str, node: str, attached_to: dict[str, str]) -> bool:
    while True:
        if node == candidate:
            return True
        if node not in attached_to:
            return False
        node = attached_to[node]
