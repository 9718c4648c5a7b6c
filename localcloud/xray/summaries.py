"""TraceSummary shapes (GetTraceSummaries) and the facts filter expressions test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from localcloud.xray.filterexpr import TraceFacts

# Subsegment namespaces AWS turns into inferred service nodes (e.g. DynamoDB, a URL host).
INFERRED_NAMESPACES = ("aws", "remote")


def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The node and every nested subsegment, depth first."""
    yield node
    for child in node.get("subsegments", []):
        if isinstance(child, dict):
            yield from walk(child)


def root_segment(segments: list[dict[str, Any]]) -> dict[str, Any]:
    """The entry segment: the one whose parent is not in the trace (else the earliest)."""
    ids = {s["id"] for s in segments}
    roots = [s for s in segments if s.get("parent_id") not in ids]
    return (roots or segments)[0]


def trace_window(segments: list[dict[str, Any]]) -> tuple[float, float]:
    starts = [s["start_time"] for s in segments]
    ends = [s.get("end_time", s["start_time"]) for s in segments]
    return min(starts), max(ends)


def facts(segments: list[dict[str, Any]]) -> TraceFacts:
    root = root_segment(segments)
    start, end = trace_window(segments)
    out = TraceFacts()
    for segment in segments:
        out.services.add((segment["name"], segment.get("origin")))
        if isinstance(segment.get("resource_arn"), str):
            out.resource_arns.add(segment["resource_arn"])
        for node in walk(segment):
            if node is not segment and node.get("namespace") in INFERRED_NAMESPACES:
                out.services.add((node.get("name", ""), None))
            for key, value in (node.get("annotations") or {}).items():
                out.annotations.setdefault(key, []).append(value)
    for flag in ("error", "fault", "throttle"):
        # AWS marks a trace whose function failed even though the Invoke call (root) succeeded
        out.flags[flag] = any(bool(s.get(flag)) for s in segments)
    out.flags["ok"] = not any(out.flags.values())
    out.numbers["duration"] = end - start
    out.numbers["responsetime"] = root.get("end_time", end) - root["start_time"]
    http = root.get("http") or {}
    status = (http.get("response") or {}).get("status")
    if isinstance(status, int):
        out.numbers["http.status"] = status
    for key, field in (("http.url", "url"), ("http.method", "method")):
        value = (http.get("request") or {}).get(field)
        if isinstance(value, str):
            out.texts[key] = value
    return out


def summary(trace_id: str, segments: list[dict[str, Any]]) -> dict[str, Any]:
    root = root_segment(segments)
    start, end = trace_window(segments)
    trace_facts = facts(segments)
    service_ids = [_service_id(s) for s in segments]
    unique_services = list({(s["Name"], s.get("Type")): s for s in service_ids}.values())
    http = root.get("http") or {}
    request, response = http.get("request") or {}, http.get("response") or {}
    return {
        "Id": trace_id,
        "StartTime": start,
        "Duration": round(end - start, 3),
        "ResponseTime": round(root.get("end_time", end) - root["start_time"], 3),
        "HasFault": trace_facts.flags["fault"],
        "HasError": trace_facts.flags["error"],
        "HasThrottle": trace_facts.flags["throttle"],
        "IsPartial": any(node.get("in_progress") for s in segments for node in walk(s)),
        "Http": {
            k: v
            for k, v in (
                ("HttpURL", request.get("url")),
                ("HttpMethod", request.get("method")),
                ("UserAgent", request.get("user_agent")),
                ("ClientIp", request.get("client_ip")),
                ("HttpStatus", response.get("status")),
            )
            if v is not None
        },
        "Annotations": _annotations(segments),
        "Users": [],
        "ServiceIds": unique_services,
        "ResourceARNs": [{"ARN": arn} for arn in sorted(trace_facts.resource_arns)],
        "InstanceIds": [],
        "AvailabilityZones": [],
        "EntryPoint": _service_id(root),
        "FaultRootCauses": [],
        "ErrorRootCauses": [],
        "ResponseTimeRootCauses": [],
        "Revision": len(segments),
        "MatchedEventTime": start,
    }


def _service_id(segment: dict[str, Any]) -> dict[str, Any]:
    service: dict[str, Any] = {"Name": segment["name"], "Names": [segment["name"]]}
    account = (segment.get("aws") or {}).get("account_id")
    if account:
        service["AccountId"] = account
    if segment.get("origin"):
        service["Type"] = segment["origin"]
    return service


def _annotations(segments: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """AWS's shape: each key -> distinct values, each with the services that set it."""
    out: dict[str, list[dict[str, Any]]] = {}
    for segment in segments:
        service = _service_id(segment)
        for node in walk(segment):
            for key, value in (node.get("annotations") or {}).items():
                typed = _annotation_value(value)
                if typed is None:
                    continue
                entries = out.setdefault(key, [])
                entry = next((e for e in entries if e["AnnotationValue"] == typed), None)
                if entry is None:
                    entry = {"AnnotationValue": typed, "ServiceIds": []}
                    entries.append(entry)
                if service not in entry["ServiceIds"]:
                    entry["ServiceIds"].append(service)
    return out


def _annotation_value(value: Any) -> dict[str, Any] | None:
    if isinstance(value, bool):
        return {"BooleanValue": value}
    if isinstance(value, int | float):
        return {"NumberValue": value}
    if isinstance(value, str):
        return {"StringValue": value}
    return None
