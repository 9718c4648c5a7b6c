"""Read-only lookups in moto's backends, across every account and region that
holds state (a front door request is unsigned, so its URL is all we know)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from localcloud.cloud import Cloud, FunctionNotFound, InvokeResult, Throttled

_FUNCTION_ARN = re.compile(r"(arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[^/]+)")


def each_backend(backend_dict: Any) -> Iterator[tuple[str, str, Any]]:
    """(account, region, backend) for every backend that already exists."""
    for account, regions in list(backend_dict.items()):
        for region, backend in list(regions.items()):
            yield account, region, backend


def function_arn(uri: str, stage_variables: dict[str, str] | None = None) -> str | None:
    """The function an integration URI or target id names, stage variables filled in:
    `arn:aws:apigateway:<r>:lambda:path/2015-03-31/functions/<arn>/invocations` or `<arn>`."""
    for key, value in (stage_variables or {}).items():
        uri = uri.replace(f"${{stageVariables.{key}}}", value)
    match = _FUNCTION_ARN.search(uri)
    return match.group(1) if match else None


def invoke(cloud: Cloud, arn: str, payload: bytes, trace_header: str | None) -> InvokeResult | None:
    """Run the function an ARN names; None when it was throttled (each front door
    answers that as a failed integration). Raises FunctionNotFound."""
    match = _FUNCTION_ARN.match(arn)
    if not match:
        raise FunctionNotFound(arn)
    try:
        return cloud.invoke_function(match.group(3), match.group(2), arn, payload, trace_header)
    except Throttled:
        return None


def invoke_if_found(cloud: Cloud, arn: str, payload: bytes, trace_header: str | None) -> InvokeResult | None:
    """As `invoke`, a missing function also None: front doors that answer both alike."""
    try:
        return invoke(cloud, arn, payload, trace_header)
    except FunctionNotFound:
        return None
