"""X-Ray APIs driven by a real boto3 client (its serializer and parser) over HTTP."""

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import botocore.exceptions
import pytest
from xray_docs import FN_ARN, TRACE, segment, subsegment

from localcloud.frontdoor import render_error
from localcloud.routing import AwsError, Reply
from localcloud.xray.api import handle_xray
from localcloud.xray.lambda_segments import InvokeTrace, build_invoke_segments
from localcloud.xray.store import TraceStore


@pytest.fixture
def xray() -> Iterator[tuple[Any, TraceStore]]:
    store = TraceStore()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                reply = Reply(200, [("Content-Type", "application/json")],
                              json.dumps(handle_xray(self.path, body, store)).encode())
            except AwsError as exc:
                reply = render_error(exc, {})
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = boto3.client(
        "xray",
        region_name="us-east-1",
        endpoint_url=f"http://127.0.0.1:{server.server_port}",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    yield client, store
    server.shutdown()
    server.server_close()


def lambda_trace(
    name: str, annotations: dict[str, Any], cold: bool = True
) -> tuple[InvokeTrace, list[dict]]:
    """The two Lambda segments plus the SDK's handler subsegment, as one invoke writes them."""
    now = time.time()
    ids = InvokeTrace.new()
    arn = f"arn:aws:lambda:us-east-1:123456789012:function:{name}"
    docs = build_invoke_segments(
        ids,
        function_name=name,
        function_arn=arn,
        account_id="123456789012",
        request_id="req-1",
        received=now - 0.5,
        init_start=now - 0.45 if cold else None,
        invocation_start=now - 0.3,
        invocation_end=now - 0.05,
        finished=now,
    )
    header = dict(part.split("=") for part in ids.header.split(";"))
    assert header["Sampled"] == "1"
    handler = {
        "trace_id": header["Root"],
        "id": "1234567812345678",
        "parent_id": header["Parent"],
        "type": "subsegment",
        "name": "## lambda_handler",
        "start_time": now - 0.25,
        "end_time": now - 0.1,
        "annotations": annotations,
        "metadata": {name: {"lambda_handler response": {"ok": True}}},
    }
    return ids, [handler, *docs]  # the SDK's subsegment arrives first, as it does


def put(client: Any, docs: list[dict]) -> dict:
    return client.put_trace_segments(TraceSegmentDocuments=[json.dumps(d) for d in docs])


def put_lambda_trace(client: Any, name: str, annotations: dict[str, Any], cold: bool = True) -> InvokeTrace:
    """Send one invoke's `lambda_trace` to the API; its ids to look it up by."""
    ids, docs = lambda_trace(name, annotations, cold)
    put(client, docs)
    return ids


def summaries(client: Any, expression: str, **extra: Any) -> list[dict]:
    now = datetime.now(UTC)
    return client.get_trace_summaries(
        StartTime=now - timedelta(minutes=5),
        EndTime=now + timedelta(minutes=1),
        FilterExpression=expression,
        **extra,
    )["TraceSummaries"]


def test_put_reports_unprocessed_documents(xray: tuple[Any, TraceStore]) -> None:
    client, store = xray
    bad = dict(segment("aaaaaaaaaaaaaaaa", "svc"), id="short")
    out = client.put_trace_segments(
        TraceSegmentDocuments=[
            json.dumps(segment("aaaaaaaaaaaaaaaa", "svc")),
            json.dumps(bad),
            "{nope",
        ]
    )
    assert [u["Id"] for u in out["UnprocessedTraceSegments"]] == ["short", ""]
    assert store.trace_ids() == [TRACE]


def test_batch_get_traces_merges_sdk_subsegments_under_invocation(
    xray: tuple[Any, TraceStore],
) -> None:
    client, _ = xray
    ids = put_lambda_trace(client, "orders", {"ColdStart": True})
    out = client.batch_get_traces(TraceIds=[ids.trace_id, "1-00000000-000000000000000000000000"])
    assert out["UnprocessedTraceIds"] == ["1-00000000-000000000000000000000000"]
    [trace] = out["Traces"]
    assert trace["Id"] == ids.trace_id and 0.45 <= trace["Duration"] <= 0.55
    documents = {
        json.loads(s["Document"])["origin"]: json.loads(s["Document"]) for s in trace["Segments"]
    }
    function = documents["AWS::Lambda::Function"]
    assert documents["AWS::Lambda"]["aws"]["request_id"] == "req-1"
    assert function["parent_id"] == documents["AWS::Lambda"]["id"]
    assert [s["name"] for s in function["subsegments"]] == [
        "Initialization",
        "Invocation",
        "Overhead",
    ]
    invocation = function["subsegments"][1]
    assert [s["name"] for s in invocation["subsegments"]] == ["## lambda_handler"]
    assert invocation["subsegments"][0]["annotations"] == {"ColdStart": True}


def test_each_supported_filter_form_finds_the_trace(xray: tuple[Any, TraceStore]) -> None:
    client, _ = xray
    wanted = put_lambda_trace(client, "orders", {"Service": "payment", "attempt": 2, "ColdStart": True})
    put_lambda_trace(client, "billing", {"Service": "billing", "attempt": 5, "ColdStart": False}, cold=False)
    for expression in (
        'service("orders")',
        'service(id(name: "orders", type: "AWS::Lambda::Function"))',
        'id(name: "orders", type: "AWS::Lambda")',
        'resource.arn = "arn:aws:lambda:us-east-1:123456789012:function:orders"',
        'resource.arn ENDSWITH ":function:orders"',
        'annotation.Service = "payment"',
        "annotation.attempt < 3",
        "annotation.ColdStart = true",
        'service("orders") AND annotation.Service = "payment"',
        '(service("nope") OR annotation.Service = "payment") AND annotation.attempt = 2',
    ):
        assert [s["Id"] for s in summaries(client, expression)] == [wanted.trace_id], expression
    assert len(summaries(client, 'service("orders") OR service("billing")')) == 2
    assert summaries(client, 'service("orders") AND annotation.Service = "billing"') == []


def test_summary_shape_and_annotations(xray: tuple[Any, TraceStore]) -> None:
    client, _ = xray
    ids = put_lambda_trace(client, "orders", {"Service": "payment", "attempt": 2, "ColdStart": True})
    [found] = summaries(client, 'service("orders")', TimeRangeType="Event")
    assert found["Annotations"]["Service"][0]["AnnotationValue"] == {"StringValue": "payment"}
    assert found["Annotations"]["attempt"][0]["AnnotationValue"] == {"NumberValue": 2}
    assert found["Annotations"]["ColdStart"][0]["AnnotationValue"] == {"BooleanValue": True}
    assert found["Annotations"]["Service"][0]["ServiceIds"][0]["Type"] == "AWS::Lambda::Function"
    assert {(s["Name"], s["Type"]) for s in found["ServiceIds"]} == {
        ("orders", "AWS::Lambda"),
        ("orders", "AWS::Lambda::Function"),
    }
    assert found["ResourceARNs"] == [
        {"ARN": "arn:aws:lambda:us-east-1:123456789012:function:orders"}
    ]
    assert found["EntryPoint"]["Type"] == "AWS::Lambda"
    assert found["Http"]["HttpStatus"] == 200
    assert not (found["HasFault"] or found["HasError"] or found["HasThrottle"])
    assert 0.45 <= found["Duration"] <= 0.55 and 0.45 <= found["ResponseTime"] <= 0.55
    assert isinstance(found["MatchedEventTime"], datetime)


def test_time_range_types(xray: tuple[Any, TraceStore]) -> None:
    client, _ = xray
    # id time 2024-11, segment times in 1970, received now
    put(client, [segment("aaaaaaaaaaaaaaaa", "old-svc")])
    assert summaries(client, 'service("old-svc")') == []  # TraceId is the default
    assert summaries(client, 'service("old-svc")', TimeRangeType="Service") == []
    assert len(summaries(client, 'service("old-svc")', TimeRangeType="Event")) == 1
    response = client.get_trace_summaries(
        StartTime=datetime(2024, 11, 1, tzinfo=UTC), EndTime=datetime(2024, 12, 1, tzinfo=UTC)
    )
    assert [s["Id"] for s in response["TraceSummaries"]] == [TRACE]
    assert response["TracesProcessedCount"] == 1 and isinstance(
        response["ApproximateTime"], datetime
    )


def test_unsupported_filter_is_a_400_naming_it(xray: tuple[Any, TraceStore]) -> None:
    client, _ = xray
    put_lambda_trace(client, "orders", {})
    with pytest.raises(botocore.exceptions.ClientError) as info:
        summaries(client, 'service("orders") AND edge("a", "b")')
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "InvalidRequestException"
    assert 'edge("a", "b")' in error["Error"]["Message"]
    assert 'service(id(name: "name", type: "type"))' in error["Error"]["Message"]


def test_function_error_marks_the_trace_faulted(xray: tuple[Any, TraceStore]) -> None:
    client, _ = xray
    now = time.time()
    docs = build_invoke_segments(
        InvokeTrace.new(),
        function_name="broken",
        function_arn=FN_ARN,
        account_id="123456789012",
        request_id="r",
        received=now - 1,
        invocation_start=now - 0.9,
        invocation_end=now - 0.1,
        finished=now,
        function_error=True,
    )
    put(client, docs)
    [found] = summaries(client, "fault")
    assert found["HasFault"] and summaries(client, 'service("broken") AND ok') == []


def test_subsegment_streamed_alone_lands_in_summary_annotations(
    xray: tuple[Any, TraceStore],
) -> None:
    client, _ = xray
    now = time.time()
    trace_id = f"1-{int(now):08x}-0123456789abcdef01234567"
    seg = {**segment("aaaaaaaaaaaaaaaa", "svc", now - 1, now), "trace_id": trace_id}
    sub = {
        **subsegment("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa", "inner", annotations={"k": "v"}),
        "trace_id": trace_id,
    }
    put(client, [sub])
    put(client, [seg])
    [found] = summaries(client, 'annotation.k = "v"')
    assert found["Id"] == trace_id


@pytest.mark.parametrize(("path", "body", "status", "fragment"), [
    ("/Nope", b"{}", 404, "no X-Ray route"),
    ("/Traces", b"[1]", 400, "must be a JSON object"),
    ("/TraceSummaries", b'{"EndTime": 1}', 400, "StartTime and EndTime are required"),
])
def test_unknown_route_and_bad_body_are_aws_errors(path: str, body: bytes, status: int,
                                                   fragment: str) -> None:
    with pytest.raises(AwsError) as info:
        handle_xray(path, body, TraceStore())
    assert info.value.status == status and fragment in info.value.message


def test_telemetry_records_are_accepted() -> None:
    assert handle_xray("/TelemetryRecords", b'{"TelemetryRecords": []}', TraceStore()) == {}


def test_a_malformed_segment_is_unprocessed_and_summaries_of_other_traces_still_answer(
    xray: tuple[Any, TraceStore],
) -> None:
    # GIVEN a good trace in the window
    client, _ = xray
    ids = put_lambda_trace(client, "orders", {"ColdStart": True})
    now = time.time()
    poison = [
        {**segment("aaaaaaaaaaaaaaaa", "bad"), "start_time": now, "end_time": now, "subsegments": 5},
        {**segment("bbbbbbbbbbbbbbbb", "bad"), "start_time": now, "end_time": now,
         "subsegments": [{"id": "cccccccccccccccc", "name": 7, "start_time": now}]},
        {**segment("dddddddddddddddd", "bad"), "start_time": now, "end_time": now, "http": "GET"},
        {**segment("eeeeeeeeeeeeeeee", "bad"), "start_time": now, "end_time": [now]},
    ]
    # WHEN segments with wrongly typed fields arrive in the same window
    out = put(client, poison)
    # THEN each is unprocessed, and GetTraceSummaries still answers for the good trace
    assert [u["ErrorCode"] for u in out["UnprocessedTraceSegments"]] == ["InvalidSegment"] * 4
    assert [s["Id"] for s in summaries(client, "ok")] == [ids.trace_id]
