"""CloudWatch metrics: GetMetricData queries and the EMF documents that produce them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from verifiers.lib import schemas
from verifiers.lib.logs import LogEvent, records
from verifiers.lib.wait import wait_until


@dataclass(frozen=True)
class MetricQuery:
    namespace: str
    name: str
    dimensions: dict[str, str]
    period: int = 60
    statistic: str = "Sum"

    def describe(self) -> str:
        dims = ",".join(f"{k}={v}" for k, v in sorted(self.dimensions.items()))
        return f"{self.namespace}/{self.name}[{dims}] {self.statistic}@{self.period}s"


@dataclass(frozen=True)
class Datapoint:
    timestamp: datetime
    value: float


def get_metric_data(client: Any, query: MetricQuery, since: datetime, until: datetime | None = None) -> list[Datapoint]:
    """Datapoints of one metric, oldest first, following NextToken through all pages."""
    start = since - timedelta(seconds=max(query.period, 60))
    end = until or datetime.now(timezone.utc) + timedelta(seconds=max(query.period, 60))
    request: dict[str, Any] = {
        "MetricDataQueries": [
            {
                "Id": "m0",
                "MetricStat": {
                    "Metric": {
                        "Namespace": query.namespace,
                        "MetricName": query.name,
                        "Dimensions": [{"Name": k, "Value": v} for k, v in sorted(query.dimensions.items())],
                    },
                    "Period": query.period,
                    "Stat": query.statistic,
                },
                "ReturnData": True,
            }
        ],
        "StartTime": start,
        "EndTime": end,
        "ScanBy": "TimestampAscending",
    }
    points: list[Datapoint] = []
    while True:
        response = client.get_metric_data(**request)
        for result in response["MetricDataResults"]:
            points.extend(Datapoint(t, v) for t, v in zip(result["Timestamps"], result["Values"]))
        token = response.get("NextToken")
        if not token:
            return sorted(points, key=lambda p: p.timestamp)
        request["NextToken"] = token


def wait_for_datapoints(client: Any, query: MetricQuery, since: datetime, total: float) -> list[Datapoint]:
    """Wait until the datapoints of `query` add up to at least `total` on two polls in a row.

    CloudWatch aggregates as data arrives, so a sum can still grow after first reaching
    `total`; asking for the same answer twice keeps "emitted twice" from passing as once.
    """
    seen: list[float] = []

    def settled(points: list[Datapoint]) -> bool:
        seen.append(sum(p.value for p in points))
        return seen[-1] >= total and len(seen) > 1 and seen[-1] == seen[-2]

    return wait_until(
        "metrics",
        f"datapoints summing to {total:g} (twice in a row) for {query.describe()}",
        lambda: get_metric_data(client, query, since),
        settled,
        show=lambda points: f"{[(p.timestamp.isoformat(), p.value) for p in points]}",
    )


@dataclass(frozen=True)
class EmfMetric:
    """One metric of an EMF document, under one of its dimension sets."""

    namespace: str
    name: str
    unit: str | None
    resolution: int
    dimensions: dict[str, str]
    values: list[float]


def emf_documents(events: list[LogEvent]) -> list[dict[str, Any]]:
    """The EMF documents among `events`, each checked against the EMF schema."""
    found = [r for r in records(events) if "_aws" in r]
    for document in found:
        schemas.check("emf", document)
    return found


def emf_metrics(document: dict[str, Any]) -> list[EmfMetric]:
    """Expand an EMF document into one entry per (directive, dimension set, metric).

    CloudWatch creates one metric per dimension set; a metric without dimension sets is
    published once, without dimensions. Values are member values of the document (a
    number or an array of numbers).
    """
    found: list[EmfMetric] = []
    for directive in document["_aws"]["CloudWatchMetrics"]:
        dimension_sets = directive["Dimensions"] or [[]]
        for definition in directive["Metrics"]:
            raw = document.get(definition["Name"])
            values = [float(v) for v in (raw if isinstance(raw, list) else [raw])] if raw is not None else []
            for keys in dimension_sets:
                found.append(
                    EmfMetric(
                        namespace=directive["Namespace"],
                        name=definition["Name"],
                        unit=definition.get("Unit"),
                        resolution=int(definition.get("StorageResolution", 60)),
                        dimensions={k: _member(document, k) for k in keys},
                        values=values,
                    )
                )
    return found


def _member(document: dict[str, Any], key: str) -> str:
    if key not in document:
        raise AssertionError(f"EMF dimension {key!r} has no member value in {document!r:.300}")
    return str(document[key])
