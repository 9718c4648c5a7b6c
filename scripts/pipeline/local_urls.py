"""On TARGET=local, outputs.json carries the localcloud URLs of the front doors.

The control plane answers with AWS's URLs and DNS names (an API's invoke URL,
a stage's, a Function URL, an internet-facing ALB's DNS name), which nothing
on this machine answers. Each such string, wherever it sits in an output
(lists and maps included), becomes the localcloud URL that serves it
(`localcloud.frontdoor_http.urls.to_local`); every other value is kept, so a
verifier calls the same output on both targets.
"""
from __future__ import annotations

from typing import Any

from localcloud.frontdoor_http.urls import to_local


def localize_value(value: Any, endpoint: str) -> Any:
    """`value` with every front-door URL or DNS name in it made local, recursively."""
    if isinstance(value, str):
        return to_local(value, endpoint) or value
    if isinstance(value, list):
        return [localize_value(item, endpoint) for item in value]
    if isinstance(value, dict):
        return {key: localize_value(item, endpoint) for key, item in value.items()}
    return value


def localize(outputs: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """`terraform output -json`-shaped outputs with their values made local."""
    return {name: {**entry, "value": localize_value(entry["value"], endpoint)} for name, entry in outputs.items()}
