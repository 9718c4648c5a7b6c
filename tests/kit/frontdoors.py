"""Helpers for the HTTP front-door tests: an echo function whose behaviour the
client picks with an `x-mode` header, and HTTP calls made as a client makes them."""
from __future__ import annotations

import json
from typing import Any

from verifiers.lib.http import call

__all__ = ["ECHO", "answer_mode", "call"]  # call: the verifiers' own HTTP client

# x-mode: fail -> raises; answer -> returns the JSON request body as its answer;
# anything else -> a 200 proxy response whose body is the event it received.
ECHO = """
import json
def handler(event, context):
    headers = event.get("headers") or {}
    multi = event.get("multiValueHeaders") or {}
    mode = headers.get("x-mode") or (multi.get("x-mode") or [None])[0]
    if mode == "fail":
        raise RuntimeError("boom")
    if mode == "answer":
        return json.loads(event["body"])
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "multiValueHeaders": {"Content-Type": ["application/json"]},
            "body": json.dumps(event)}
"""


def answer_mode(document: Any) -> dict[str, Any]:
    """Keyword arguments of `call` that make the echo function answer `document`."""
    return {"method": "POST", "headers": {"x-mode": "answer", "content-type": "application/json"},
            "body": json.dumps(document)}

