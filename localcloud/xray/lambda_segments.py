"""The two segments Lambda writes for each traced invoke, and the ids that tie them together.

Per invoke (`InvokeTrace.new()` before running the handler):
- `AWS::Lambda` segment (`lambda_segment_id`): the service receiving the Invoke call;
- `AWS::Lambda::Function` segment (`function_segment_id`, parent = the AWS::Lambda
  segment) with subsegments `Initialization` (cold only), `Invocation`
  (`invocation_segment_id`) and `Overhead`.
The function gets `_X_AMZN_TRACE_ID = InvokeTrace.header`, whose `Parent` is the
`Invocation` subsegment: the X-Ray SDK makes that id the parent of every subsegment it
sends, so `## handler` and its children are merged under `Invocation`, where
Powertools' e2e trace fetcher walks for them.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any


def new_trace_id(now: float | None = None) -> str:
    epoch = int(time.time() if now is None else now)
    return f"1-{epoch:08x}-{secrets.token_hex(12)}"


def new_segment_id() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class InvokeTrace:
    trace_id: str
    lambda_segment_id: str
    function_segment_id: str
    invocation_segment_id: str
    caller_parent_id: str | None = None  # the caller's segment, from its trace header

    @classmethod
    def new(cls, root: str | None = None, caller_parent_id: str | None = None) -> InvokeTrace:
        """Ids for one invoke; pass the caller's Root/Parent when it sent a trace header."""
        return cls(
            trace_id=root or new_trace_id(),
            lambda_segment_id=new_segment_id(),
            function_segment_id=new_segment_id(),
            invocation_segment_id=new_segment_id(),
            caller_parent_id=caller_parent_id,
        )

    @property
    def header(self) -> str:
        """The value of `_X_AMZN_TRACE_ID` for the handler."""
        return f"Root={self.trace_id};Parent={self.invocation_segment_id};Sampled=1"


def build_invoke_segments(
    trace: InvokeTrace,
    *,
    function_name: str,
    function_arn: str,
    account_id: str,
    request_id: str,
    received: float,
    invocation_start: float,
    invocation_end: float,
    finished: float,
    init_start: float | None = None,
    init_end: float | None = None,
    status_code: int = 200,
    function_error: bool = False,
) -> list[dict[str, Any]]:
    """[AWS::Lambda segment, AWS::Lambda::Function segment]; times are epoch seconds.

    `received`..`finished` is the whole Invoke call; `init_start`..`init_end` (default
    `invocation_start`) the cold start, omitted when warm; `invocation_end`..`finished`
    the overhead.
    """
    service = _service_segment(trace, function_name, function_arn, request_id, received,
                               finished, status_code)
    subsegments = _function_subsegments(trace, function_arn, invocation_start, invocation_end,
                                        finished, init_start, init_end)
    function: dict[str, Any] = {
        "trace_id": trace.trace_id,
        "id": trace.function_segment_id,
        "parent_id": trace.lambda_segment_id,
        "name": function_name,
        "origin": "AWS::Lambda::Function",
        "resource_arn": function_arn,
        "start_time": init_start if init_start is not None else invocation_start,
        "end_time": finished,
        "aws": {
            "account_id": account_id,
            "function_arn": function_arn,
            "resource_names": [function_name],
        },
        "subsegments": subsegments,
    }
    if function_error:
        function["fault"] = True
        next(sub for sub in subsegments if sub["name"] == "Invocation")["fault"] = True
    return [service, function]


def _service_segment(trace: InvokeTrace, function_name: str, function_arn: str, request_id: str,
                     received: float, finished: float, status_code: int) -> dict[str, Any]:
    """The AWS::Lambda segment: the Invoke call as the Lambda service saw it."""
    service: dict[str, Any] = {
        "trace_id": trace.trace_id,
        "id": trace.lambda_segment_id,
        "name": function_name,
        "origin": "AWS::Lambda",
        "resource_arn": function_arn,
        "start_time": received,
        "end_time": finished,
        "http": {"response": {"status": status_code}},
        "aws": {"request_id": request_id},
    }
    if trace.caller_parent_id:
        service["parent_id"] = trace.caller_parent_id
    if status_code >= 500:
        service["fault"] = True
    elif status_code == 429:
        service["throttle"] = service["error"] = True
    elif status_code >= 400:
        service["error"] = True
    return service


def _function_subsegments(trace: InvokeTrace, function_arn: str, invocation_start: float,
                          invocation_end: float, finished: float, init_start: float | None,
                          init_end: float | None) -> list[dict[str, Any]]:
    """Initialization (cold starts only), Invocation and Overhead."""
    aws = {"function_arn": function_arn}
    subsegments: list[dict[str, Any]] = []
    if init_start is not None:
        subsegments.append({"id": new_segment_id(), "name": "Initialization", "start_time": init_start,
                            "end_time": invocation_start if init_end is None else init_end,
                            "aws": dict(aws)})
    subsegments.append({"id": trace.invocation_segment_id, "name": "Invocation",
                        "start_time": invocation_start, "end_time": invocation_end, "aws": dict(aws)})
    subsegments.append({"id": new_segment_id(), "name": "Overhead", "start_time": invocation_end,
                        "end_time": finished, "aws": dict(aws)})
    return subsegments
