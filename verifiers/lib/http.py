"""HTTP calls to a deployed front door (API Gateway, ALB, Function URL), signed with SigV4 when asked.

Every status is an answer (4xx/5xx are not raised), and repeated response headers are kept
apart, so a suite can check how a front door serialised them.
"""

from __future__ import annotations

import base64
import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit
from urllib.request import getproxies, proxy_bypass

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

# A cold start behind a front door on a busy machine; API Gateway itself gives up after 29 s.
TIMEOUT_S = 60


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header (names compare case-insensitively), None without one."""
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def all(self, name: str) -> list[str]:
        """Every header line of that name, in order."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def json(self) -> Any:
        return json.loads(self.body)


def join(base: str, path: str) -> str:
    """A front door's base URL (with or without its trailing '/') and a path starting with '/'."""
    return base.rstrip("/") + path


def _sigv4_headers(url: str, method: str, headers: dict[str, str], body: bytes | None, service: str) -> dict[str, str]:
    """The request's headers plus SigV4's, signed with the caller's own credentials and region."""
    session = boto3.session.Session()
    credentials = session.get_credentials()
    if credentials is None:
        raise AssertionError("no AWS credentials to sign the request with")
    request = AWSRequest(method=method, url=url, data=body or b"", headers=headers)
    SigV4Auth(credentials.get_frozen_credentials(), service, session.region_name or "us-east-1").add_auth(request)
    return dict(request.headers.items())


def _http_proxy(parts: SplitResult) -> SplitResult | None:
    """The proxy the environment names for a plain-HTTP URL (`http_proxy`, `no_proxy`),
    read as urllib, requests and botocore read it: a function in a VPC may have one."""
    proxy = getproxies().get("http") if parts.scheme == "http" else None
    return urlsplit(proxy) if proxy and not proxy_bypass(parts.hostname or "") else None


def _proxy_authorization(proxy: SplitResult) -> dict[str, str]:
    if proxy.username is None:
        return {}
    credentials = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}".encode()
    return {"Proxy-Authorization": "Basic " + base64.b64encode(credentials).decode()}


def call(
    url: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: Any = None,
    sign: str | None = None,
) -> Answer:
    """One request; `body` that is not bytes or str is sent as JSON; `sign` names the SigV4 service
    (`execute-api` for an HTTP API, `lambda` for a Function URL)."""
    headers = dict(headers or {})
    if body is not None and not isinstance(body, (bytes, str)):
        body, headers["Content-Type"] = json.dumps(body), "application/json"
    data = body.encode() if isinstance(body, str) else body
    if sign:
        headers = _sigv4_headers(url, method, headers, data, sign)
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    proxy = _http_proxy(parts)
    if proxy is not None:  # absolute-form target, as every HTTP client sends it to a proxy
        target, headers = f"http://{parts.netloc}{target}", {**headers, **_proxy_authorization(proxy)}
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(proxy.netloc.rpartition("@")[2] if proxy else parts.netloc, timeout=TIMEOUT_S)
    try:
        connection.request(method, target, body=data, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, response.getheaders(), response.read())
    finally:
        connection.close()
