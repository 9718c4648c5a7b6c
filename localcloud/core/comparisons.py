"""Numeric comparison as both CloudWatch Logs filter patterns and X-Ray filter
expressions apply it to JSON values."""
from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

NUMERIC_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def is_json_number(value: Any) -> bool:
    """A JSON number (bool is an int subclass in Python, not a number in JSON)."""
    return isinstance(value, int | float) and not isinstance(value, bool)
