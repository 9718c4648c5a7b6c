"""What a function emits becomes data the AWS read APIs return: EMF lines
become metrics, traced invokes become X-Ray segments, and Powertools from the
project's layer produces the logs, metrics and subsegments it does on AWS."""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
from kit.cloud import log_messages
from kit.waits import wait_for

EMF_HANDLER = """
import json, time
def handler(event, context):
    print(json.dumps({"_aws": {"Timestamp": int(time.time() * 1000), "CloudWatchMetrics": [{
        "Namespace": event["namespace"], "Dimensions": [["service"]],
        "Metrics": [{"Name": "Orders", "Unit": "Count"}]}]}, "service": "shop", "Orders": [1, 2]}))
    print(json.dumps({"_aws": {"CloudWatchMetrics": "not a list"}, "Broken": 1}))
    return "ok"
"""


def _window() -> dict[str, datetime]:
    now = datetime.now(timezone.utc)
    return {"StartTime": now - timedelta(minutes=5), "EndTime": now + timedelta(minutes=1)}


def test_emf_line_becomes_a_metric_and_invalid_emf_does_not(
        lambda_client: Any, make_function: Callable[..., str]) -> None:
    name = make_function(EMF_HANDLER)
    namespace = f"lc-{uuid.uuid4().hex[:8]}"
    assert json.loads(lambda_client.invoke(
        FunctionName=name, Payload=json.dumps({"namespace": namespace}))["Payload"].read()) == "ok"
    cloudwatch = boto3.client("cloudwatch")
    metrics = cloudwatch.list_metrics(Namespace=namespace)["Metrics"]
    assert [(m["MetricName"], m["Dimensions"]) for m in metrics] == [
        ("Orders", [{"Name": "service", "Value": "shop"}])]
    stats = cloudwatch.get_metric_statistics(
        Namespace=namespace, MetricName="Orders", Dimensions=[{"Name": "service", "Value": "shop"}],
        Period=60, Statistics=["Sum", "SampleCount"], **_window())["Datapoints"]
    assert sum(p["Sum"] for p in stats) == 3 and sum(p["SampleCount"] for p in stats) == 2
    assert not [m for m in cloudwatch.list_metrics()["Metrics"] if m["MetricName"] == "Broken"]


def test_traced_invoke_writes_lambda_segments(lambda_client: Any, logs_client: Any,
                                              make_function: Callable[..., str]) -> None:
    name = make_function("def handler(event, context):\n    return 1\n", TracingConfig={"Mode": "Active"})
    lambda_client.invoke(FunctionName=name)
    xray = boto3.client("xray")
    summaries = xray.get_trace_summaries(FilterExpression=f'service("{name}")', **_window())
    trace_ids = [s["Id"] for s in summaries["TraceSummaries"]]
    assert len(trace_ids) == 1
    segments = [json.loads(s["Document"]) for s in
                xray.batch_get_traces(TraceIds=trace_ids)["Traces"][0]["Segments"]]
    by_origin = {doc["origin"]: doc for doc in segments}
    assert set(by_origin) == {"AWS::Lambda", "AWS::Lambda::Function"}
    function = by_origin["AWS::Lambda::Function"]
    assert function["parent_id"] == by_origin["AWS::Lambda"]["id"]
    assert [sub["name"] for sub in function["subsegments"]] == ["Initialization", "Invocation", "Overhead"]
    report = [line for lines in log_messages(logs_client, f"/aws/lambda/{name}").values()
              for line in lines if line.startswith("REPORT")][0]
    assert f"\nXRAY TraceId: {trace_ids[0]}\tSegmentId: {function['id']}\tSampled: true\t" in report


POWERTOOLS_HANDLER = """
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

logger, metrics, tracer = Logger(), Metrics(), Tracer()

@tracer.capture_method
def work(key):
    tracer.put_annotation("Key", key)
    return key

@logger.inject_lambda_context
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def handler(event, context):
    logger.info("handled", extra={"key": event["key"]})
    metrics.add_metric(name="Handled", unit=MetricUnit.Count, value=1)
    return work(event["key"])
"""


def test_powertools_from_the_layer_logs_metrics_and_traces(
        lambda_client: Any, logs_client: Any, make_function: Callable[..., str], layer_zip: bytes) -> None:
    layer = lambda_client.publish_layer_version(LayerName="powertools", Content={"ZipFile": layer_zip},
                                                CompatibleRuntimes=["python3.12"])["LayerVersionArn"]
    service, namespace, key = (f"{kind}-{uuid.uuid4().hex[:8]}" for kind in ("svc", "ns", "key"))
    name = make_function(POWERTOOLS_HANDLER, Layers=[layer], TracingConfig={"Mode": "Active"},
                         Environment={"Variables": {"POWERTOOLS_SERVICE_NAME": service,
                                                    "POWERTOOLS_METRICS_NAMESPACE": namespace}})
    response = lambda_client.invoke(FunctionName=name, Payload=json.dumps({"key": key}))
    assert json.loads(response["Payload"].read()) == key, response.get("FunctionError")
    lines = [line for stream in log_messages(logs_client, f"/aws/lambda/{name}").values() for line in stream]
    record = next(json.loads(line) for line in lines if line.startswith("{") and '"handled"' in line)
    assert record["service"] == service and record["key"] == key and record["cold_start"] is True
    assert record["function_name"] == name and record["xray_trace_id"].startswith("1-")
    found = logs_client.filter_log_events(logGroupName=f"/aws/lambda/{name}",
                                          filterPattern=f'{{ $.key = "{key}" }}')["events"]
    assert len(found) == 1
    metric_names = {m["MetricName"] for m in boto3.client("cloudwatch").list_metrics(Namespace=namespace)["Metrics"]}
    assert metric_names == {"Handled", "ColdStart"}
    xray = boto3.client("xray")
    trace_id = wait_for(lambda: [s["Id"] for s in xray.get_trace_summaries(
        FilterExpression=f'annotation.Service = "{service}" AND annotation.Key = "{key}"',
        **_window())["TraceSummaries"]], what="the trace of the invoke")[0]
    segments = [json.loads(s["Document"]) for s in
                xray.batch_get_traces(TraceIds=[trace_id])["Traces"][0]["Segments"]]
    function = next(doc for doc in segments if doc["origin"] == "AWS::Lambda::Function")
    invocation = next(sub for sub in function["subsegments"] if sub["name"] == "Invocation")
    handler_sub = next(sub for sub in invocation["subsegments"] if sub["name"] == "## handler")
    assert handler_sub["annotations"]["ColdStart"] is True
    assert any(sub["name"] == "## app.work" for sub in handler_sub.get("subsegments", []))
