"""Embedded Metric Format: turn valid EMF log lines into CloudWatch metrics in moto.

Validation follows the EMF specification: a JSON object whose `_aws` member holds a
numeric `Timestamp` (ms) and a `CloudWatchMetrics` array of directives, each with a
`Namespace`, `Dimensions` (array of dimension sets, each an array of at most 30 keys
whose root members are strings) and `Metrics` (at most 100 of {Name, Unit?,
StorageResolution? 1|60}) whose root members are a number or an array of at most 100
numbers. Anything else stays a plain log line and publishes nothing.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from moto.backends import get_backend

from localcloud.core.comparisons import is_json_number

log = logging.getLogger(__name__)

MAX_DIMENSIONS = 30
MAX_METRICS = 100
MAX_VALUES = 100
MAX_TIMESTAMP_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z, the last a datetime holds
UNITS = frozenset(
    "Seconds Microseconds Milliseconds Bytes Kilobytes Megabytes Gigabytes Terabytes Bits "
    "Kilobits Megabits Gigabits Terabits Percent Count Bytes/Second Kilobytes/Second "
    "Megabytes/Second Gigabytes/Second Terabytes/Second Bits/Second Kilobits/Second "
    "Megabits/Second Gigabits/Second Terabits/Second Count/Second None".split()
)


class InvalidEmf(ValueError):
    """The line claims to be EMF (has `_aws`) but breaks the specification."""


@dataclass(frozen=True)
class MetricDatum:
    namespace: str
    name: str
    dimensions: tuple[tuple[str, str], ...]
    values: tuple[float, ...]
    unit: str
    storage_resolution: int
    timestamp_ms: float


def parse_emf(message: str) -> list[MetricDatum] | None:
    """Every datum the line defines (one per directive x dimension set x metric), or None."""
    try:
        return _parse(message)
    except InvalidEmf:
        return None


def publish_emf(message: str, log_group: str, account_id: str, region: str) -> bool:
    """Put the line's metrics into moto's CloudWatch; False (and nothing put) if not EMF."""
    try:
        data = _parse(message)
    except InvalidEmf as exc:
        log.info("invalid EMF in %s, kept as a log line only: %s", log_group, exc)
        return False
    if data is None:
        return False
    backend = get_backend("cloudwatch")[account_id][region]
    for datum in data:
        backend.put_metric_data(
            datum.namespace,
            [
                {
                    "MetricName": datum.name,
                    "Dimensions": [{"Name": k, "Value": v} for k, v in datum.dimensions],
                    # moto keeps naive UTC datetimes; sub-second precision is kept so a
                    # 1 s period query sees high-resolution points in their own second.
                    "Timestamp": datetime.fromtimestamp(datum.timestamp_ms / 1000, UTC).replace(
                        tzinfo=None
                    ),
                    "Unit": datum.unit,
                    "Values": list(datum.values),
                    "StorageResolution": datum.storage_resolution,
                }
            ],
        )
    return True


def _parse(message: str) -> list[MetricDatum] | None:
    """None when the line is not EMF at all; InvalidEmf when it is EMF but broken."""
    if not message.lstrip().startswith("{") or '"_aws"' not in message:
        return None
    try:
        root = json.loads(message)
    except (ValueError, RecursionError):  # a deeply nested line is no EMF either
        return None
    if not isinstance(root, dict) or "_aws" not in root:
        return None
    meta = _require(root["_aws"], dict, "_aws must be an object")
    timestamp = meta.get("Timestamp")
    if not _is_number(timestamp) or not 0 <= timestamp <= MAX_TIMESTAMP_MS:
        raise InvalidEmf("_aws.Timestamp must be milliseconds between 1970 and 9999")
    directives = _require(
        meta.get("CloudWatchMetrics"), list, "_aws.CloudWatchMetrics must be an array"
    )
    data: list[MetricDatum] = []
    for directive in directives:
        data.extend(
            _directive(
                _require(directive, dict, "a MetricDirective must be an object"), root, timestamp
            )
        )
    return data


def _directive(
    directive: dict[str, Any], root: dict[str, Any], timestamp: float
) -> list[MetricDatum]:
    namespace = directive.get("Namespace")
    if not isinstance(namespace, str) or not 1 <= len(namespace) <= 255:
        raise InvalidEmf("Namespace must be a string of 1 to 255 characters")
    dimension_sets = _require(
        directive.get("Dimensions"), list, "Dimensions must be an array of arrays"
    )
    resolved_sets = [_dimension_set(s, root) for s in dimension_sets] or [()]
    metrics = _require(directive.get("Metrics"), list, "Metrics must be an array")
    if len(metrics) > MAX_METRICS:
        raise InvalidEmf(
            f"a directive may define at most {MAX_METRICS} metrics, got {len(metrics)}"
        )
    data: list[MetricDatum] = []
    for definition in metrics:
        name, unit, resolution, values = _metric(definition, root)
        data.extend(
            MetricDatum(namespace, name, dims, values, unit, resolution, timestamp)
            for dims in resolved_sets
        )
    return data


def _dimension_set(keys: Any, root: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    _require(keys, list, "each dimension set must be an array of strings")
    if len(keys) > MAX_DIMENSIONS:
        raise InvalidEmf(f"a dimension set may hold at most {MAX_DIMENSIONS} keys, got {len(keys)}")
    resolved = []
    for key in keys:
        if not isinstance(key, str):
            raise InvalidEmf(f"dimension key {key!r} is not a string")
        if not isinstance(root.get(key), str):
            raise InvalidEmf(f"dimension {key!r} needs a string member at the root")
        resolved.append((key, root[key]))
    return tuple(resolved)


def _metric(definition: Any, root: dict[str, Any]) -> tuple[str, str, int, tuple[float, ...]]:
    _require(definition, dict, "a MetricDefinition must be an object")
    name = definition.get("Name")
    if not isinstance(name, str) or not name:
        raise InvalidEmf("MetricDefinition.Name must be a non-empty string")
    unit = definition.get("Unit", "None")
    if not isinstance(unit, str):
        raise InvalidEmf(f"Unit of {name!r} must be a string")
    resolution = definition.get("StorageResolution", 60)
    if resolution not in (1, 60) or isinstance(resolution, bool):
        raise InvalidEmf(f"StorageResolution of {name!r} must be 1 or 60")
    raw = root.get(name)
    values: list[Any] = raw if isinstance(raw, list) else [raw]
    if not values or len(values) > MAX_VALUES or not all(_is_number(v) for v in values):
        raise InvalidEmf(f"metric {name!r} needs a number or 1 to {MAX_VALUES} numbers at the root")
    # The spec says units SHOULD be CloudWatch units; an unknown one is recorded as None.
    return name, unit if unit in UNITS else "None", int(resolution), tuple(float(v) for v in values)


def _require(value: Any, kind: type, reason: str) -> Any:
    if not isinstance(value, kind):
        raise InvalidEmf(reason)
    return value


def _is_number(value: Any) -> bool:
    return is_json_number(value) and math.isfinite(value)
