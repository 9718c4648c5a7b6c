"""Handwritten X-Ray documents shaped like what Lambda and the X-Ray SDK send."""

from typing import Any

TRACE = "1-6740a1b2-0123456789abcdef01234567"
FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-handler"


def segment(seg_id: str, name: str, start: float = 100.0, end: float = 101.0, **extra: Any) -> dict:
    return {
        "trace_id": TRACE,
        "id": seg_id,
        "name": name,
        "start_time": start,
        "end_time": end,
        **extra,
    }


def subsegment(seg_id: str, parent: str, name: str, **extra: Any) -> dict:
    """An independently sent subsegment, as the SDK streams it."""
    return segment(seg_id, name, 100.2, 100.8, type="subsegment", parent_id=parent, **extra)
