"""Helpers for the HTTP front-door tests: an echo function whose behaviour the
client picks with an `x-mode` header, and HTTP calls made as a client makes them."""
from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

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


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self) -> Any:
        return json.loads(self.body)


def call(url: str, method: str = "GET", headers: dict[str, str] | None = None,
         body: bytes | str | None = None) -> Answer:
    """One HTTP request; every status is an answer (4xx/5xx are not raised)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=60)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


def answer_mode(document: Any) -> dict[str, Any]:
    """Keyword arguments of `call` that make the echo function answer `document`."""
    return {"method": "POST", "headers": {"x-mode": "answer", "content-type": "application/json"},
            "body": json.dumps(document)}


def signed_headers(url: str, method: str, service: str, region: str = "us-east-1") -> dict[str, str]:
    """SigV4 headers as an AWS client signs the request (dummy credentials)."""
    request = AWSRequest(method=method, url=url)
    SigV4Auth(Credentials("test", "test"), service, region).add_auth(request)
    return dict(request.headers.items())
