"""Invoke helpers: payloads, function errors, log tails, Event and parallel invokes."""

from __future__ import annotations

import base64
import io
import json
import threading

import pytest
from botocore.response import StreamingBody

from verifiers.lib import invoke

FN = "arn:aws:lambda:us-east-1:123456789012:function:e2e-run1-logger-BasicHandler"


def _answer(body: bytes, status: int = 200, **extra) -> dict:
    payload = StreamingBody(io.BytesIO(body), len(body))
    return {"StatusCode": status, "Payload": payload, "ResponseMetadata": {"RequestId": "r1"}, **extra}


def test_sync_invoke_parses_the_payload_and_decodes_the_tail(stubbed):
    client, stub = stubbed("lambda")
    tail = base64.b64encode(b"START RequestId: r1 Version: $LATEST\n").decode()
    stub.add_response("invoke", _answer(b'"success"', LogResult=tail),
                      {"FunctionName": FN, "Payload": b'{"k": 1}', "LogType": "Tail"})

    result = invoke.invoke(client, FN, {"k": 1}, tail=True)

    assert (result.status, result.payload, result.function_error, result.request_id) == (200, "success", None, "r1")
    assert result.log_tail == "START RequestId: r1 Version: $LATEST\n"


def test_a_function_error_fails_unless_allowed(stubbed):
    client, stub = stubbed("lambda")
    error = json.dumps({"errorMessage": "boom", "errorType": "ValueError", "stackTrace": []}).encode()
    stub.add_response("invoke", _answer(error, FunctionError="Unhandled"))
    stub.add_response("invoke", _answer(error, FunctionError="Unhandled"))

    with pytest.raises(AssertionError, match=r"failed \(Unhandled\).*boom"):
        invoke.invoke(client, FN, {})
    assert invoke.invoke(client, FN, {}, allow_error=True).payload["errorType"] == "ValueError"


def test_event_invoke_expects_202(stubbed):
    client, stub = stubbed("lambda")
    stub.add_response("invoke", _answer(b"", status=202), {"FunctionName": FN, "InvocationType": "Event",
                                                           "Payload": b"{}"})
    stub.add_response("invoke", _answer(b"", status=200))

    assert invoke.invoke_event(client, FN, {}).status == 202
    with pytest.raises(AssertionError, match="answered 200, expected 202"):
        invoke.invoke_event(client, FN, {})


def test_invoke_many_runs_the_invokes_at_the_same_time():
    # GIVEN a client whose invoke only returns once three calls are in flight together
    barrier = threading.Barrier(3, timeout=5)

    class Client:
        def invoke(self, **kwargs):
            barrier.wait()
            body = kwargs["Payload"]
            return _answer(body)

    # WHEN three events are invoked, THEN all complete (a serial loop would break the barrier)
    results = invoke.invoke_many(Client(), FN, [1, 2, 3])
    assert [r.payload for r in results] == [1, 2, 3]
