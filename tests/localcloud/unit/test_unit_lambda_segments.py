"""The AWS::Lambda and AWS::Lambda::Function segments of one traced invoke."""

import re

from localcloud.xray.lambda_segments import (
    InvokeTrace,
    build_invoke_segments,
    new_segment_id,
    new_trace_id,
)
from localcloud.xray.store import TraceStore

ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders"


def build(trace: InvokeTrace, cold: bool, **extra: object) -> list[dict]:
    return build_invoke_segments(
        trace,
        function_name="orders",
        function_arn=ARN,
        account_id="123456789012",
        request_id="req-9",
        received=1000.0,
        init_start=1000.1 if cold else None,
        invocation_start=1000.5,
        invocation_end=1000.9,
        finished=1001.0,
        **extra,  # type: ignore[arg-type]
    )


def test_ids_have_xray_formats() -> None:
    assert re.fullmatch(r"1-[0-9a-f]{8}-[0-9a-f]{24}", new_trace_id())
    assert new_trace_id(0x6740A1B2).startswith("1-6740a1b2-")
    assert re.fullmatch(r"[0-9a-f]{16}", new_segment_id())
    assert new_segment_id() != new_segment_id()


def test_header_points_the_sdk_at_invocation() -> None:
    trace = InvokeTrace.new()
    assert trace.header == f"Root={trace.trace_id};Parent={trace.invocation_segment_id};Sampled=1"
    assert (
        len({trace.lambda_segment_id, trace.function_segment_id, trace.invocation_segment_id}) == 3
    )


def test_cold_invoke_segments() -> None:
    trace = InvokeTrace.new()
    service, function = build(trace, cold=True)
    assert (service["name"], service["origin"], service["resource_arn"]) == (
        "orders",
        "AWS::Lambda",
        ARN,
    )
    assert service["id"] == trace.lambda_segment_id and "parent_id" not in service
    assert service["aws"] == {"request_id": "req-9"}
    assert service["http"] == {"response": {"status": 200}}
    assert (service["start_time"], service["end_time"]) == (1000.0, 1001.0)
    assert function["origin"] == "AWS::Lambda::Function" and function["name"] == "orders"
    assert function["parent_id"] == trace.lambda_segment_id
    assert function["aws"]["account_id"] == "123456789012"
    assert function["resource_arn"] == ARN
    windows = [(s["name"], s["start_time"], s["end_time"]) for s in function["subsegments"]]
    assert windows == [
        ("Initialization", 1000.1, 1000.5),
        ("Invocation", 1000.5, 1000.9),
        ("Overhead", 1000.9, 1001.0),
    ]
    assert function["subsegments"][1]["id"] == trace.invocation_segment_id
    assert (function["start_time"], function["end_time"]) == (1000.1, 1001.0)


def test_initialization_ends_when_init_did() -> None:
    _, function = build(InvokeTrace.new(), cold=True, init_end=1000.3)
    assert function["subsegments"][0]["end_time"] == 1000.3


def test_warm_invoke_has_no_initialization_and_keeps_caller_parent() -> None:
    trace = InvokeTrace.new(
        root="1-6740a1b2-0123456789abcdef01234567", caller_parent_id="53995c3f42cd8ad8"
    )
    service, function = build(trace, cold=False, status_code=500)
    assert trace.trace_id == "1-6740a1b2-0123456789abcdef01234567"
    assert service["parent_id"] == "53995c3f42cd8ad8" and service["fault"] is True
    assert [s["name"] for s in function["subsegments"]] == ["Invocation", "Overhead"]
    assert function["start_time"] == 1000.5


def test_documents_are_accepted_by_the_store() -> None:
    store = TraceStore()
    trace = InvokeTrace.new()
    for doc in build(trace, cold=True):
        store.put(doc)
    assert [s["origin"] for s in store.segments(trace.trace_id)] == [  # type: ignore[union-attr]
        "AWS::Lambda",
        "AWS::Lambda::Function",
    ]
