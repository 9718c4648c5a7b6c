"""Metrics suite: EMF from Powertools Metrics becomes CloudWatch metrics, counted exactly."""

from __future__ import annotations

from verifiers.lib import logs
from verifiers.lib.cold_start import force_cold_start
from verifiers.lib.invoke import invoke
from verifiers.lib.metrics import MetricQuery, emf_documents, emf_metrics, wait_for_datapoints


def test_metric_added_three_times_gives_one_sum_of_three(outputs, clients, unique):
    # GIVEN a namespace and a metric name unique to this test
    namespace, name, service = unique("ns"), unique("Orders"), outputs["ServiceName"]
    event = {"namespace": namespace, "metrics": [{"name": name, "value": 1}] * 3}

    # WHEN one invoke adds the metric three times
    invocation = invoke(clients.lambda_, outputs["BasicHandlerArn"], event)

    # THEN CloudWatch holds one datapoint: the sum 3, under the service dimension
    query = MetricQuery(namespace, name, {"service": service})
    points = wait_for_datapoints(clients.cloudwatch, query, invocation.started, 3)
    assert [p.value for p in points] == [3.0], points


def test_emf_document_carries_the_values_and_dimension_set(outputs, clients, unique):
    # GIVEN a unique namespace and an extra dimension
    namespace, name, service = unique("ns"), unique("Orders"), outputs["ServiceName"]
    event = {"namespace": namespace, "dimensions": {"region": "eu"}, "metrics": [{"name": name, "value": 2}] * 2}

    # WHEN the function flushes its metrics
    invocation = invoke(clients.lambda_, outputs["BasicHandlerArn"], event)

    # THEN exactly one valid EMF document in its logs defines the metric once, with both values
    # under the single dimension set [service, region]
    function = outputs["BasicHandler"]
    documents = logs.wait_for_events(clients.logs, function, f'"{namespace}"', invocation.started, 1)
    found = [m for d in emf_documents(documents) for m in emf_metrics(d) if m.name == name]
    assert len(found) == 1, found
    assert found[0].namespace == namespace
    assert found[0].dimensions == {"service": service, "region": "eu"}
    assert found[0].values == [2.0, 2.0]
    assert found[0].unit == "Count"


def test_cold_start_metric_counts_one_over_two_invokes(outputs, clients, unique):
    # GIVEN a function whose next invoke starts cold (also on a rerun) and a namespace unique to this test
    function, arn, service = outputs["ColdStart"], outputs["ColdStartArn"], outputs["ServiceName"]
    force_cold_start(clients.lambda_, function)
    namespace = unique("ns")

    # WHEN it is invoked twice
    first = invoke(clients.lambda_, arn, {"namespace": namespace})
    invoke(clients.lambda_, arn, {"namespace": namespace})

    # THEN ColdStart (dimensions function_name and service) sums to exactly 1
    query = MetricQuery(namespace, "ColdStart", {"function_name": function, "service": service})
    points = wait_for_datapoints(clients.cloudwatch, query, first.started, 1)
    assert sum(p.value for p in points) == 1.0, points


def test_high_resolution_metric_is_stored_per_second(outputs, clients, unique):
    # GIVEN a unique metric sent with StorageResolution 1
    namespace, name, service = unique("ns"), unique("Latency"), outputs["ServiceName"]
    event = {"namespace": namespace, "metrics": [{"name": name, "value": 7, "unit": "Milliseconds", "resolution": 1}]}

    # WHEN the function flushes it
    invocation = invoke(clients.lambda_, outputs["BasicHandlerArn"], event)

    # THEN the EMF declares resolution 1 and the metric is queryable at a 1-second period
    documents = logs.wait_for_events(clients.logs, outputs["BasicHandler"], f'"{namespace}"', invocation.started, 1)
    declared = [m for d in emf_documents(documents) for m in emf_metrics(d) if m.name == name]
    assert [m.resolution for m in declared] == [1], declared
    query = MetricQuery(namespace, name, {"service": service}, period=1, statistic="Maximum")
    points = wait_for_datapoints(clients.cloudwatch, query, invocation.started, 7)
    assert [p.value for p in points] == [7.0], points
