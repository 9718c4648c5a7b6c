"""Control-plane answers where moto differs from AWS and a destroy depends on it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from kit.zips import zip_files

LAYER = {"python/marker.py": "X = 1\n"}


def test_deleting_a_layer_version_answers_204_and_removes_it(localcloud: Any) -> None:
    # GIVEN a published layer version
    client = localcloud.client("lambda")
    version = client.publish_layer_version(LayerName="short-layer", Content={"ZipFile": zip_files(LAYER)})

    # WHEN it is deleted, and deleted again
    first = client.delete_layer_version(LayerName="short-layer", VersionNumber=version["Version"])
    again = client.delete_layer_version(LayerName="short-layer", VersionNumber=version["Version"])

    # THEN both answer AWS's 204, and the version is gone
    assert first["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert again["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert client.list_layer_versions(LayerName="short-layer")["LayerVersions"] == []


def test_deleting_a_version_of_a_vanished_layer_succeeds_as_on_aws(localcloud: Any) -> None:
    # GIVEN a layer this cloud does not know (a destroy after localcloud restarted)
    client = localcloud.client("lambda")

    # WHEN a version of it is deleted
    answer = client.delete_layer_version(LayerName="never-published-layer", VersionNumber=3)

    # THEN AWS's answer comes back: 204, nothing to delete
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_metric_queries_with_dimensions_stay_in_their_namespace(localcloud: Any) -> None:
    # GIVEN the same metric name and dimensions in two namespaces (two runs of one suite)
    cloudwatch = localcloud.client("cloudwatch")
    now = datetime.now(timezone.utc)
    dimensions = [{"Name": "service", "Value": "orders"}]
    for namespace, value in (("RunOne", 1.0), ("RunTwo", 5.0)):
        cloudwatch.put_metric_data(Namespace=namespace, MetricData=[
            {"MetricName": "ColdStart", "Dimensions": dimensions, "Value": value, "Timestamp": now}])

    # WHEN one namespace is queried by name and dimensions, next to a query without dimensions
    def stat(query_id: str, namespace: str, with_dimensions: bool) -> dict[str, Any]:
        metric: dict[str, Any] = {"Namespace": namespace, "MetricName": "ColdStart"}
        if with_dimensions:
            metric["Dimensions"] = dimensions
        return {"Id": query_id, "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"}}

    answer = cloudwatch.get_metric_data(
        MetricDataQueries=[stat("one", "RunOne", True), stat("two", "RunTwo", False)],
        StartTime=now - timedelta(minutes=5), EndTime=now + timedelta(minutes=5))

    # THEN each sum holds its own namespace's datapoint only, as on AWS
    sums = {result["Id"]: result["Values"] for result in answer["MetricDataResults"]}
    assert sums == {"one": [1.0], "two": [5.0]}
