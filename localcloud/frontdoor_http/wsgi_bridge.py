"""Until the route table lands: WSGI environ -> routing.Request, Reply -> WSGI.
The restructure's server does this for every route; drop this module then."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from localcloud.routing import Reply, Request

_REASONS = {200: "OK", 204: "No Content", 403: "Forbidden", 404: "Not Found",
            500: "Internal Server Error", 502: "Bad Gateway"}


def to_request(environ: dict[str, Any], headers: dict[str, str], body: bytes,
               account: str, region: str) -> Request:
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")
    return Request(method=environ["REQUEST_METHOD"], path=environ.get("PATH_INFO", ""),
                   raw_path=urlsplit(raw).path, query=environ.get("QUERY_STRING", ""),
                   headers=headers, body=body, account=account, region=region,
                   source_ip=environ.get("REMOTE_ADDR", "127.0.0.1"))


def send(reply: Reply, start_response: Callable[..., Any]) -> list[bytes]:
    headers = [(k, v) for k, v in reply.headers if k.lower() != "content-length"]
    start_response(f"{reply.status} {_REASONS.get(reply.status, 'Status')}",
                   [*headers, ("Content-Length", str(len(reply.body)))])
    return [reply.body]
