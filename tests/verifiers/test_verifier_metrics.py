"""EMF documents expand per dimension set; GetMetricData is read across pages."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from verifiers.lib import metrics
from verifiers.lib.logs import LogEvent

SINCE = datetime(2024, 11, 21, 6, 22, tzinfo=timezone.utc)


def test_emf_with_two_dimension_sets_gives_each_metric_twice(recorded):
    # GIVEN a recorded EMF document: two metrics under dimension sets [service] and [service, region]
    document = recorded("emf_two_dimension_sets.json")

    # WHEN it is expanded
    found = metrics.emf_metrics(document)

    # THEN each metric appears once per dimension set, with its values, unit and resolution
    assert [(m.name, m.dimensions) for m in found] == [
        ("Orders", {"service": "svc-run1-metrics"}),
        ("Orders", {"service": "svc-run1-metrics", "region": "eu"}),
        ("Latency", {"service": "svc-run1-metrics"}),
        ("Latency", {"service": "svc-run1-metrics", "region": "eu"}),
    ]
    assert found[0].values == [1.0, 1.0, 1.0] and found[0].resolution == 60
    assert found[2].values == [7.0] and found[2].resolution == 1 and found[2].unit == "Milliseconds"


def test_emf_documents_are_picked_from_logs_and_checked(recorded):
    good = recorded("emf_two_dimension_sets.json")
    events = [LogEvent(1, json.dumps(good), "s"), LogEvent(2, json.dumps({"level": "INFO"}), "s")]
    assert metrics.emf_documents(events) == [good]

    bad = {"_aws": {"CloudWatchMetrics": [{"Namespace": "n", "Dimensions": [["service"]], "Metrics": []}]}}
    with pytest.raises(AssertionError) as failure:
        metrics.emf_documents([LogEvent(1, json.dumps(bad), "s")])
    assert "'Timestamp' is a required property" in str(failure.value)
    assert "CloudWatchMetrics[0].Metrics: [] should be non-empty" in str(failure.value)


def test_a_dimension_without_member_value_is_named():
    document = {"_aws": {"Timestamp": 1, "CloudWatchMetrics": [{"Namespace": "n", "Dimensions": [["service"]],
                "Metrics": [{"Name": "M"}]}]}, "M": 1}
    with pytest.raises(AssertionError, match="EMF dimension 'service' has no member value"):
        metrics.emf_metrics(document)


def test_get_metric_data_reads_every_page(stubbed):
    # GIVEN two pages of datapoints for one query
    client, stub = stubbed("cloudwatch")
    query = metrics.MetricQuery("ns-run1", "Orders", {"service": "svc", "function_name": "fn"})
    t0, t1 = SINCE, SINCE + timedelta(minutes=1)
    page = {"Id": "m0", "Label": "Orders", "StatusCode": "PartialData"}
    stub.add_response("get_metric_data", {"MetricDataResults": [{**page, "Timestamps": [t1], "Values": [2.0]}],
                                          "NextToken": "n1"})
    stub.add_response("get_metric_data", {"MetricDataResults": [{**page, "Timestamps": [t0], "Values": [1.0]}]})

    # WHEN the library reads it
    points = metrics.get_metric_data(client, query, SINCE, SINCE + timedelta(minutes=5))

    # THEN both pages are merged, oldest first
    assert [(p.timestamp, p.value) for p in points] == [(t0, 1.0), (t1, 2.0)]
    assert query.describe() == "ns-run1/Orders[function_name=fn,service=svc] Sum@60s"


def test_a_sum_must_hold_on_two_polls_before_it_counts(monkeypatch, local_target):
    # GIVEN CloudWatch answers 3, then 6 (a second emission lands late), then 6 again
    answers = iter([[3.0], [6.0], [6.0]])
    monkeypatch.setattr(
        metrics, "get_metric_data", lambda *_: [metrics.Datapoint(SINCE, v) for v in next(answers)]
    )

    # WHEN waiting for a sum of 3, THEN the settled answer 6 comes back, not the early 3
    points = metrics.wait_for_datapoints(object(), metrics.MetricQuery("n", "m", {}), SINCE, 3)
    assert [p.value for p in points] == [6.0]
