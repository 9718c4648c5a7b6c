"""EMF lines to CloudWatch metrics, read back through boto3 as a verifier would."""

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws

from localcloud.cloudwatch.emf import MetricDatum, parse_emf, publish_emf

ACCOUNT, REGION, GROUP = "123456789012", "us-east-1", "/aws/lambda/orders"


def now_ms() -> int:
    """Taken when a test runs: the metric must fall inside the window it queries."""
    return int(time.time() * 1000)


def emf(metrics: list[dict], dimensions: list[list[str]], ts: float | None = None, **root: Any) -> str:
    doc = {
        "_aws": {
            "Timestamp": now_ms() if ts is None else ts,
            "CloudWatchMetrics": [
                {"Namespace": "Shop", "Dimensions": dimensions, "Metrics": metrics}
            ],
        },
        **root,
    }
    return json.dumps(doc)


@pytest.fixture
def cloudwatch() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("cloudwatch", region_name=REGION)


def window() -> dict[str, datetime]:
    now = datetime.now(UTC)
    return {"StartTime": now - timedelta(minutes=5), "EndTime": now + timedelta(minutes=5)}


def stats(cw: Any, name: str, dims: dict[str, str], stat: str = "Sum") -> float:
    points = cw.get_metric_statistics(
        Namespace="Shop",
        MetricName=name,
        Dimensions=[{"Name": k, "Value": v} for k, v in dims.items()],
        Period=600,
        Statistics=[stat],
        **window(),
    )["Datapoints"]
    return sum(p[stat] for p in points)


def test_parse_one_datum_per_dimension_set_and_metric() -> None:
    now = now_ms()
    line = emf(
        [
            {"Name": "Orders", "Unit": "Count"},
            {"Name": "Latency", "Unit": "Milliseconds", "StorageResolution": 1},
        ],
        [["service"], ["service", "region"], []],
        service="pay",
        region="eu",
        Orders=2,
        Latency=[10, 20.5],
        ts=now,
    )
    data = parse_emf(line)
    assert data is not None and len(data) == 6
    assert data[0] == MetricDatum(
        "Shop", "Orders", (("service", "pay"),), (2.0,), "Count", 60, now
    )
    assert data[4].dimensions == (("service", "pay"), ("region", "eu"))
    assert data[4].values == (10.0, 20.5) and data[4].storage_resolution == 1
    assert data[5].dimensions == ()


@pytest.mark.parametrize(
    "line",
    [
        "START RequestId: 1 Version: $LATEST",
        '{"level": "INFO", "message": "no _aws here"}',
        '{"_aws": ',  # truncated
        json.dumps({"_aws": []}),
        json.dumps({"_aws": {"CloudWatchMetrics": []}}),  # no Timestamp
        json.dumps({"_aws": {"Timestamp": "now", "CloudWatchMetrics": []}}),
        json.dumps({"_aws": {"Timestamp": 1, "CloudWatchMetrics": {}}}),
        emf([{"Name": "Orders"}], [["service"]], Orders=1),  # dimension member missing
        emf([{"Name": "Orders"}], [["service"]], service=5, Orders=1),  # dimension not a string
        emf([{"Name": "Orders"}], ["service"], service="a", Orders=1),  # set not an array
        emf([{"Name": "Orders"}], [["service"]], service="a"),  # metric member missing
        emf([{"Name": "Orders"}], [["service"]], service="a", Orders="1"),
        emf([{"Name": "Orders"}], [["service"]], service="a", Orders=[1, "x"]),
        emf([{"Name": "Orders"}], [["service"]], service="a", Orders=[]),
        emf([{"Name": "Orders"}], [["service"]], service="a", Orders=list(range(101))),
        emf([{"Name": "Orders"}], [["service"]], service="a", Orders=True),
        emf([{"Name": "Orders", "StorageResolution": 5}], [[]], Orders=1),
        emf([{"Unit": "Count"}], [[]], Orders=1),  # no Name
        emf([{"Name": f"m{i}"} for i in range(101)], [[]], **{f"m{i}": 1 for i in range(101)}),
        emf(
            [{"Name": "Orders"}],
            [[f"d{i}" for i in range(31)]],
            Orders=1,
            **{f"d{i}": "v" for i in range(31)},
        ),
    ],
)
def test_invalid_lines_are_not_emf(line: str) -> None:
    assert parse_emf(line) is None


def test_limits_are_inclusive() -> None:
    dims = {f"d{i}": "v" for i in range(30)}
    line = emf([{"Name": "Orders"}], [list(dims)], Orders=list(range(100)), **dims)
    data = parse_emf(line)
    assert data is not None and len(data[0].dimensions) == 30 and len(data[0].values) == 100


def test_unknown_unit_is_recorded_as_none() -> None:
    data = parse_emf(emf([{"Name": "Orders", "Unit": "Parsecs"}], [[]], Orders=1))
    assert data is not None and data[0].unit == "None"


def test_publish_every_dimension_set_visible_to_list_metrics(cloudwatch: Any) -> None:
    line = emf(
        [{"Name": "Orders", "Unit": "Count"}],
        [["service"], ["service", "region"]],
        service="pay",
        region="eu",
        Orders=1,
    )
    assert publish_emf(line, GROUP, ACCOUNT, REGION)
    listed = cloudwatch.list_metrics(Namespace="Shop", MetricName="Orders")["Metrics"]
    assert sorted(sorted(d["Name"] for d in m["Dimensions"]) for m in listed) == [
        ["region", "service"],
        ["service"],
    ]


def test_three_adds_of_one_sum_to_three(cloudwatch: Any) -> None:
    for _ in range(3):
        assert publish_emf(
            emf([{"Name": "Orders", "Unit": "Count"}], [["service"]], service="pay", Orders=1),
            GROUP,
            ACCOUNT,
            REGION,
        )
    assert stats(cloudwatch, "Orders", {"service": "pay"}) == 3
    result = cloudwatch.get_metric_data(
        MetricDataQueries=[
            {
                "Id": "orders",
                "MetricStat": {
                    "Metric": {
                        "Namespace": "Shop",
                        "MetricName": "Orders",
                        "Dimensions": [{"Name": "service", "Value": "pay"}],
                    },
                    "Period": 60,
                    "Stat": "Sum",
                },
            }
        ],
        **window(),
    )["MetricDataResults"][0]
    assert sum(result["Values"]) == 3


def test_value_arrays_count_every_sample(cloudwatch: Any) -> None:
    publish_emf(
        emf(
            [{"Name": "Latency", "Unit": "Milliseconds"}],
            [["service"]],
            service="pay",
            Latency=[10, 20, 30],
        ),
        GROUP,
        ACCOUNT,
        REGION,
    )
    assert stats(cloudwatch, "Latency", {"service": "pay"}, "SampleCount") == 3
    assert stats(cloudwatch, "Latency", {"service": "pay"}, "Maximum") == 30
    assert stats(cloudwatch, "Latency", {"service": "pay"}, "Sum") == 60


def test_high_resolution_metric_queryable_at_one_second(cloudwatch: Any) -> None:
    base = (now_ms() // 1000) * 1000 - 10_000
    for offset, value in ((0, 1), (1000, 2), (1500, 4)):
        line = emf(
            [{"Name": "Hits", "StorageResolution": 1}],
            [["service"]],
            ts=base + offset,
            service="pay",
            Hits=value,
        )
        assert publish_emf(line, GROUP, ACCOUNT, REGION)
    start = datetime.fromtimestamp(base / 1000, UTC)
    result = cloudwatch.get_metric_data(
        MetricDataQueries=[
            {
                "Id": "hits",
                "MetricStat": {
                    "Metric": {
                        "Namespace": "Shop",
                        "MetricName": "Hits",
                        "Dimensions": [{"Name": "service", "Value": "pay"}],
                    },
                    "Period": 1,
                    "Stat": "Sum",
                },
            }
        ],
        StartTime=start,
        EndTime=start + timedelta(seconds=5),
        ScanBy="TimestampAscending",
    )["MetricDataResults"][0]
    assert result["Values"] == [1, 6]
    assert [t.timestamp() for t in result["Timestamps"]] == [base / 1000, base / 1000 + 1]


def test_invalid_emf_publishes_nothing(cloudwatch: Any) -> None:
    line = emf([{"Name": "Orders"}], [["service"]], Orders=1)  # service member missing
    assert publish_emf(line, GROUP, ACCOUNT, REGION) is False
    assert publish_emf("plain text", GROUP, ACCOUNT, REGION) is False
    assert cloudwatch.list_metrics(Namespace="Shop")["Metrics"] == []


@pytest.mark.parametrize(
    "line",
    [
        emf([{"Name": "Orders"}], [[]], ts=1e20, Orders=1),  # beyond any datetime
        emf([{"Name": "Orders"}], [[]], ts=-1e20, Orders=1),
        '{"_aws": ' + "[" * 100_000 + "]" * 100_000 + "}",  # nesting beyond the JSON parser's recursion
        '{"_aws": {"Timestamp": 1, "CloudWatchMetrics": [{"Namespace": "N", "Dimensions": [[["d"]]], '
        '"Metrics": [{"Name": "M"}]}]}, "M": 1}',  # a dimension key that is no string
        '{"_aws": {"Timestamp": 1, "CloudWatchMetrics": [{"Namespace": "N", "Dimensions": [[]], '
        '"Metrics": [{"Name": {"x": 1}}]}]}}',  # a metric name that is no string
    ],
)
def test_poison_emf_publishes_nothing_and_raises_nothing(cloudwatch: Any, line: str) -> None:
    # GIVEN a line that looks like EMF but cannot be a metric
    # WHEN it is published THEN it stays a plain log line: nothing stored, no exception
    assert publish_emf(line, "/aws/lambda/poison", "123456789012", REGION) is False
    assert cloudwatch.list_metrics()["Metrics"] == []
