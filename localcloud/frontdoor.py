"""The WSGI app on localcloud's one port: a Request built from the environ, the
route table walked (first match wins), AwsError rendered in the protocol of the
service asked, moto for everything no route claims."""
from __future__ import annotations

import json
import logging
import re
import socket
import uuid
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote, urlsplit

from moto.iam.models import get_account_id_from

from localcloud.cloud import Cloud
from localcloud.core.paths import DEFAULT_REGION
from localcloud.frontdoor_http.urls import local_path
from localcloud.routing import AwsError, Reply, Request, Route, Unreachable

_CREDENTIAL = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/")
_log = logging.getLogger(__name__)


def caller(authorization: str) -> tuple[str, str]:
    """Account and region of a signed request, as moto derives them."""
    match = _CREDENTIAL.search(authorization)
    if not match:
        return get_account_id_from(""), DEFAULT_REGION
    return get_account_id_from(match.group(1)), match.group(2)


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    out = {key[5:].replace("_", "-").lower(): str(value)
           for key, value in environ.items() if key.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            out[key.replace("_", "-").lower()] = environ[key]
    return out


def _target(environ: dict[str, Any], path: str) -> tuple[str, str, str]:
    """(path, raw path, proxy host). The raw path is as the client sent it,
    percent-encoded (front doors pass it on as `rawPath`). An absolute-form target
    (`GET http://host/p`, sent through a proxy) naming a front door's AWS host is
    answered at that front door's localcloud path; any other keeps its path."""
    raw = (environ.get("RAW_URI") or environ.get("REQUEST_URI") or path).split("?", 1)[0]
    target = urlsplit(raw)
    if not (target.scheme and target.netloc):
        return path, raw, ""
    served = local_path(target.netloc, target.path or "/")
    if served is None:
        return path, target.path, target.netloc.lower()
    return unquote(served), served, target.netloc.lower()


def read_request(environ: dict[str, Any]) -> Request:
    """The Request of a WSGI environ; AwsError 400 when its body length is unusable."""
    headers = _headers(environ)
    length_text = environ.get("CONTENT_LENGTH") or "0"
    try:
        length = int(length_text)
        if length < 0:
            raise ValueError(length_text)
    except ValueError:
        raise AwsError(400, "InvalidRequestContentException" if not headers.get("x-amz-target")
                       else "SerializationException",
                       f"Content-Length must be a non-negative integer, got {length_text!r}") from None
    body = environ["wsgi.input"].read(length) if length else b""
    path, raw_path, proxy_host = _target(environ, environ.get("PATH_INFO", ""))
    account, region = caller(headers.get("authorization", ""))
    # The proxy's own headers are the proxy's (localcloud's): they never reach a front door's event.
    proxy_authorization = headers.pop("proxy-authorization", "")
    headers.pop("proxy-connection", None)
    return Request(method=environ["REQUEST_METHOD"], path=path, raw_path=raw_path,
                   query=environ.get("QUERY_STRING", ""), headers=headers, body=body,
                   account=account, region=region, source_ip=environ.get("REMOTE_ADDR", ""),
                   proxy_host=proxy_host, proxy_authorization=proxy_authorization)


def render_error(error: AwsError, headers: dict[str, str], message_field: str = "message") -> Reply:
    """x-amz-json services (X-Amz-Target) answer `{"__type", "message"}`; REST
    services name the code in `x-amzn-ErrorType` with the message in the body.
    `message_field` is the service's spelling of "message" (its Route's)."""
    request_id = [("x-amzn-RequestId", str(uuid.uuid4()))]
    target_type = headers.get("content-type", "")
    if headers.get("x-amz-target"):
        kind = target_type if target_type.startswith("application/x-amz-json") else "application/x-amz-json-1.1"
        body = {"__type": error.code, message_field: error.message, **error.fields}
        return Reply(error.status, [("Content-Type", kind), *request_id], json.dumps(body).encode())
    body = {**error.fields, message_field: error.message}
    return Reply(error.status, [("Content-Type", "application/json"), ("x-amzn-ErrorType", error.code),
                                *request_id], json.dumps(body).encode())


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


def _drop(environ: dict[str, Any]) -> None:
    """End the connection without an answer: the client sees it closed, as close
    as one accepted connection comes to one never made."""
    connection = environ.get("werkzeug.socket")
    if connection is not None:
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already gone


class FrontDoor:
    def __init__(self, cloud: Cloud, table: Sequence[Route]) -> None:
        self._cloud = cloud
        self._table = table

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            request = read_request(environ)
        except AwsError as exc:
            reply = render_error(exc, _headers(environ))
        else:
            try:
                reply = self.answer(request)
            except Unreachable:
                _drop(environ)  # werkzeug's write of this answer then finds the connection closed
                reply = Reply(502, [], b"")
        headers = list(reply.headers)
        if not any(name.lower() == "content-length" for name, _ in headers):  # HEAD keeps moto's
            headers.append(("Content-Length", str(len(reply.body))))
        start_response(f"{reply.status} {_reason(reply.status)}", headers)
        return [reply.body]

    def answer(self, request: Request) -> Reply:
        route = next((route for route in self._table if route.matches(request)), None)
        if route is None:
            return self._cloud.forward_to_moto(request)
        try:
            return route.handle(request, self._cloud)
        except AwsError as exc:
            return render_error(exc, request.headers, route.message_field)
        except Unreachable:
            raise
        except Exception:  # a bug of ours must still answer as AWS does, not as an HTML page
            _log.exception("localcloud: route %s failed", route.name)
            return render_error(AwsError(500, "ServiceException", f"localcloud failed in {route.name}"),
                                request.headers, route.message_field)
