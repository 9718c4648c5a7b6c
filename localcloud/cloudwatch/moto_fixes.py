"""Corrections to moto read paths whose answers differ from AWS in a way a
verifier would notice. Applied once, when localcloud starts."""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from moto.cloudwatch.models import CloudWatchBackend

_scope = threading.local()


def _metrics_in_scope(self: CloudWatchBackend) -> list[Any]:
    metrics = _all_metrics(self)
    namespace = getattr(_scope, "namespace", None)
    return metrics if namespace is None else [m for m in metrics if m.namespace == namespace]


def _get_metric_data(self: CloudWatchBackend, queries: list[dict[str, Any]], start_time: datetime,
                     end_time: datetime, scan_by: str = "TimestampAscending") -> list[dict[str, Any]]:
    """moto 5.2 drops a MetricStat query's namespace as soon as it names
    dimensions, so a metric of the same name and dimensions in another
    namespace (an earlier run's) is summed in. AWS never mixes namespaces:
    answer each MetricStat query over its own namespace's data only."""
    if not queries or any("MetricStat" not in query for query in queries):
        return _get_metric_data_unscoped(self, queries, start_time, end_time, scan_by)
    results: list[dict[str, Any]] = []
    for query in queries:
        _scope.namespace = query["MetricStat"]["Metric"]["Namespace"]
        try:
            results += _get_metric_data_unscoped(self, [query], start_time, end_time, scan_by)
        finally:
            _scope.namespace = None
    return results


_all_metrics = CloudWatchBackend.get_all_metrics
_get_metric_data_unscoped = CloudWatchBackend.get_metric_data


def apply() -> None:
    CloudWatchBackend.get_all_metrics = _metrics_in_scope  # type: ignore[method-assign]
    CloudWatchBackend.get_metric_data = _get_metric_data  # type: ignore[method-assign]
