"""X-Ray trace context of one invoke: the ids Lambda makes for its segments
and the header the function sees in `_X_AMZN_TRACE_ID`."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass


def new_trace_id() -> str:
    return "1-%08x-%s" % (int(time.time()), os.urandom(12).hex())


def new_id() -> str:
    return os.urandom(8).hex()


def parse_header(header: str | None) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in (header or "").split(";"):
        key, sep, value = part.strip().partition("=")
        if sep:
            fields[key] = value
    return fields


@dataclass(frozen=True)
class TraceContext:
    trace_id: str
    sampled: bool
    lambda_segment_id: str  # the AWS::Lambda service segment
    function_segment_id: str  # the AWS::Lambda::Function segment
    invocation_id: str  # its Invocation subsegment: parent of the SDK's subsegments
    caller_parent: str | None  # the caller's segment, parent of AWS::Lambda

    @property
    def header(self) -> str:
        """Parent is the Invocation subsegment so that what the function's SDK
        records is merged under it, as the X-Ray console shows it on AWS."""
        return (f"Root={self.trace_id};Parent={self.invocation_id};"
                f"Sampled={'1' if self.sampled else '0'}")


def start(active: bool, incoming: str | None) -> TraceContext:
    """Active tracing samples every invoke; PassThrough follows the caller's header."""
    fields = parse_header(incoming)
    sampled = active or fields.get("Sampled") == "1"
    return TraceContext(
        trace_id=fields.get("Root") or new_trace_id(),
        sampled=sampled,
        lambda_segment_id=new_id(),
        function_segment_id=new_id(),
        invocation_id=new_id(),
        caller_parent=fields.get("Parent"),
    )
