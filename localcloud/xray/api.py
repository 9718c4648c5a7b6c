"""X-Ray's REST-JSON read and write APIs over a TraceStore.

`handle_xray(path, body, store)` answers POST /TraceSegments (PutTraceSegments),
/TraceSummaries (GetTraceSummaries), /Traces (BatchGetTraces) and /TelemetryRecords
with the JSON body; errors are AwsError, which the front door renders.
"""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime
from typing import Any

from localcloud.routing import AwsError
from localcloud.xray.documents import parse_document
from localcloud.xray.filterexpr import UnsupportedFilter, compile_filter
from localcloud.xray.store import TraceStore
from localcloud.xray.summaries import facts, summary, trace_window

SUMMARY_PAGE = 1000


def handle_xray(path: str, body: bytes, store: TraceStore) -> dict[str, Any]:
    """The answer of one X-Ray API call; AwsError when the request is not valid."""
    try:
        params = json.loads(body or b"{}")
        if not isinstance(params, dict):
            raise ValueError("the request body must be a JSON object")
    except ValueError as exc:
        raise AwsError(400, "InvalidRequestException", f"Malformed request body: {exc}") from None
    handler = OPERATIONS.get(path.rstrip("/") or "/")
    if handler is None:
        raise AwsError(404, "UnknownOperationException", f"localcloud has no X-Ray route {path}")
    try:
        return handler(params, store)
    except UnsupportedFilter as exc:
        raise AwsError(400, "InvalidRequestException", str(exc)) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise AwsError(400, "InvalidRequestException", f"Invalid request: {exc}") from None


def put_trace_segments(params: dict[str, Any], store: TraceStore) -> dict[str, Any]:
    unprocessed = []
    for raw in params.get("TraceSegmentDocuments") or []:
        document: Any = None
        try:
            document = parse_document(raw)
            store.put(document)
        except (ValueError, TypeError) as exc:
            doc_id = document.get("id") if isinstance(document, dict) else None
            unprocessed.append(
                {"Id": str(doc_id or ""), "ErrorCode": "InvalidSegment", "Message": str(exc)}
            )
    return {"UnprocessedTraceSegments": unprocessed}


def get_trace_summaries(params: dict[str, Any], store: TraceStore) -> dict[str, Any]:
    if "StartTime" not in params or "EndTime" not in params:
        raise ValueError("StartTime and EndTime are required")
    start, end = _epoch(params["StartTime"]), _epoch(params["EndTime"])
    if start > end:
        raise ValueError("StartTime must not be after EndTime")
    range_type = params.get("TimeRangeType") or "TraceId"
    if range_type not in ("TraceId", "Event", "Service"):
        raise ValueError(f"TimeRangeType must be TraceId, Event or Service, not {range_type}")
    predicate = compile_filter(params.get("FilterExpression"))
    in_range: list[tuple[float, str, list[dict[str, Any]]]] = []
    for trace_id, times in store.times().items():
        when = {
            "TraceId": int(trace_id[2:10], 16),  # the trace's start, encoded in its id
            "Event": times.updated,
            "Service": times.last_end,
        }[range_type]
        if start <= when <= end and (segments := store.segments(trace_id)):
            in_range.append((when, trace_id, segments))
    in_range.sort(key=lambda item: item[0])
    matched = [summary(tid, segs) for _, tid, segs in in_range if predicate(facts(segs))]
    offset = _decode_offset(params.get("NextToken"))
    page = matched[offset : offset + SUMMARY_PAGE]
    response: dict[str, Any] = {
        "TraceSummaries": page,
        "ApproximateTime": time.time(),
        "TracesProcessedCount": len(in_range),
    }
    if offset + SUMMARY_PAGE < len(matched):
        response["NextToken"] = base64.b64encode(str(offset + SUMMARY_PAGE).encode()).decode()
    return response


def batch_get_traces(params: dict[str, Any], store: TraceStore) -> dict[str, Any]:
    traces, unprocessed = [], []
    for trace_id in params["TraceIds"]:
        segments = store.segments(trace_id)
        if not segments:
            unprocessed.append(trace_id)
            continue
        start, end = trace_window(segments)
        traces.append(
            {
                "Id": trace_id,
                "Duration": round(end - start, 3),
                "LimitExceeded": False,
                "Segments": [{"Id": s["id"], "Document": json.dumps(s)} for s in segments],
            }
        )
    return {"Traces": traces, "UnprocessedTraceIds": unprocessed}


def put_telemetry_records(_params: dict[str, Any], _store: TraceStore) -> dict[str, Any]:
    return {}  # daemon health telemetry: accepted and dropped, as nothing reads it


def _epoch(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def _decode_offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.b64decode(token).decode())
    except ValueError:
        raise ValueError(f"invalid NextToken {token!r}") from None


OPERATIONS = {
    "/TraceSegments": put_trace_segments,
    "/TraceSummaries": get_trace_summaries,
    "/Traces": batch_get_traces,
    "/TelemetryRecords": put_telemetry_records,
}
