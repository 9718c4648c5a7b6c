"""X-Ray for localcloud: a trace store, the UDP daemon, the REST-JSON APIs, Lambda's segments."""

from localcloud.xray.api import DEFAULT_STORE, handle_xray
from localcloud.xray.daemon import XRayDaemon
from localcloud.xray.lambda_segments import (
    InvokeTrace,
    build_invoke_segments,
    new_segment_id,
    new_trace_id,
)
from localcloud.xray.store import TraceStore

__all__ = [
    "DEFAULT_STORE",
    "InvokeTrace",
    "TraceStore",
    "XRayDaemon",
    "build_invoke_segments",
    "handle_xray",
    "new_segment_id",
    "new_trace_id",
]
