"""What a segment document must be before the store keeps it: JSON (no NaN or
Infinity, bounded nesting), then the X-Ray segment document schema for every
field the store and the summaries read, nested subsegments included. Anything
else is refused with InvalidDocument, so one bad document never breaks the
queries of other traces (AWS returns it as an unprocessed segment)."""
from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

MAX_DEPTH = 64  # subsegment nesting kept; deeper is refused, never recursed into


class InvalidDocument(ValueError):
    """A document PutTraceSegments would return as unprocessed."""


_NUMBER = {"type": "number", "minimum": 0, "maximum": 1e11}  # epoch seconds
_FLAG = {"type": "boolean"}
_OBJECT = {"type": "object"}
_STRING = {"type": "string"}
_SCHEMA = {
    "$defs": {"entity": {
        "type": "object",
        "required": ["id", "name", "start_time"],
        "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "start_time": _NUMBER, "end_time": _NUMBER, "in_progress": _FLAG,
            "error": _FLAG, "fault": _FLAG, "throttle": _FLAG,
            "trace_id": _STRING, "parent_id": _STRING, "type": _STRING, "namespace": _STRING,
            "origin": _STRING, "resource_arn": _STRING, "aws": _OBJECT, "metadata": _OBJECT,
            "annotations": {"type": "object",
                            "additionalProperties": {"type": ["string", "number", "boolean"]}},
            "http": {"type": "object", "properties": {
                "request": {"type": "object", "properties": {
                    key: _STRING for key in ("url", "method", "user_agent", "client_ip")}},
                "response": {"type": "object", "properties": {"status": {"type": "integer"}}}}},
            "subsegments": {"type": "array", "items": {"$ref": "#/$defs/entity"}},
        },
    }},
    "$ref": "#/$defs/entity",
}
_VALIDATOR = Draft202012Validator(_SCHEMA)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def parse_document(raw: str | bytes) -> Any:
    """The JSON value of `raw`; InvalidDocument when it is not JSON a segment can be."""
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise InvalidDocument(f"not a JSON document: {type(exc).__name__}: {str(exc)[:120]}") from None


def _depth(document: dict[str, Any]) -> int:
    """Subsegment nesting, measured without recursion (a hostile tree can be deep)."""
    deepest, pending = 0, [(document, 1)]
    while pending:
        node, level = pending.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        children = node.get("subsegments")
        if isinstance(children, list):
            pending += [(child, level + 1) for child in children if isinstance(child, dict)]
    return deepest


def check_document(document: Any) -> None:
    """InvalidDocument naming the first problem, or nothing for a valid document."""
    if not isinstance(document, dict):
        raise InvalidDocument("a segment document must be a JSON object")
    if _depth(document) > MAX_DEPTH:
        raise InvalidDocument(f"subsegments nested deeper than {MAX_DEPTH} levels")
    error = next(iter(_VALIDATOR.iter_errors(document)), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "document"
        raise InvalidDocument(f"{where}: {error.message[:200]}")
