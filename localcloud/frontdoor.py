"""The WSGI app on localcloud's one port: our data plane (health, Invoke,
FilterLogEvents, X-Ray reads) in front of moto's server for everything else."""
from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from moto.iam.models import get_account_id_from

from localcloud import apigateway, apigatewayv2, elbv2, function_urls, functions, invoke_api
from localcloud.cloud import Cloud
from localcloud.frontdoor_http import routes as front_door_fallback
from localcloud.frontdoor_http import wsgi_bridge
from localcloud.invoker import Invoker
from localcloud.logs_api import LogsApiError, filter_log_events
from localcloud.paths import DEFAULT_REGION
from localcloud.pool import EnvironmentPool
from localcloud.xray.api import handle_xray

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_CREDENTIAL = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/")
_FUNCTION_PATH = re.compile(r"^/2015-03-31/functions/([^/]+)(/code|/configuration)?/?$")
_LAYER_VERSION_PATH = re.compile(r"^/2018-10-31/layers/[^/]+/versions/\d+/?$")
XRAY_PATHS = ("/TraceSegments", "/TraceSummaries", "/Traces", "/TelemetryRecords")
# Until the route table lands (the lead replaces these by lines in localcloud/routes.py).
FRONT_DOOR_ROUTES = [*apigateway.ROUTES, *apigatewayv2.ROUTES, *elbv2.ROUTES, *function_urls.ROUTES,
                     *front_door_fallback.ROUTES]
_REASONS = {200: "OK", 202: "Accepted", 204: "No Content", 400: "Bad Request",
            404: "Not Found", 413: "Request Entity Too Large", 429: "Too Many Requests",
            500: "Internal Server Error"}


def caller(environ: dict[str, Any]) -> tuple[str, str]:
    """Account and region of a signed request, as moto derives them."""
    match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    if not match:
        return get_account_id_from(""), DEFAULT_REGION
    return get_account_id_from(match.group(1)), match.group(2)


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    out = {key[5:].replace("_", "-").lower(): value
           for key, value in environ.items() if key.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        out["content-type"] = environ["CONTENT_TYPE"]
    return out


def _read_body(environ: dict[str, Any]) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)  # moto may read it again
    return body


class FrontDoor:
    def __init__(self, moto_app: WsgiApp, invoker: Invoker, pool: EnvironmentPool,
                 health: Callable[[], dict[str, Any]], endpoint: str = "") -> None:
        self._moto = moto_app
        self._invoker = invoker
        self._pool = pool
        self._health = health
        self._log_groups: dict[str, str] = {}  # function -> LoggingConfig.LogGroup (moto drops it)
        self._cloud = Cloud(endpoint, invoker, self._log_groups)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if path == "/_localcloud/health":
            return self._reply(start_response, 200, {"Content-Type": "application/json"},
                               json.dumps(self._health()).encode())
        headers = _headers(environ)
        request = wsgi_bridge.to_request(environ, headers, b"", *caller(environ))
        route = next((r for r in FRONT_DOOR_ROUTES if r.matches(request)), None)
        if route is not None:
            request = dataclasses.replace(request, body=_read_body(environ))
            return wsgi_bridge.send(route.handle(request, self._cloud), start_response)
        if invoke_api.is_invoke(method, path):
            account, region = caller(environ)
            status, out, body = invoke_api.handle_invoke(
                self._invoker,
                lambda name, qualifier: functions.load(account, region, name, qualifier, self._log_groups),
                path, environ.get("QUERY_STRING", ""), headers, _read_body(environ))
            return self._reply(start_response, status, out, body)
        if headers.get("x-amz-target") == "Logs_20140328.FilterLogEvents":
            return self._filter_log_events(environ, start_response)
        if method == "POST" and path in XRAY_PATHS:
            status, payload = handle_xray(path, _read_body(environ))
            return self._reply(start_response, status, {"Content-Type": "application/json"},
                               json.dumps(payload).encode())
        match = _FUNCTION_PATH.match(path)
        if match and method in ("PUT", "DELETE"):
            return self._function_changed(environ, start_response, method, match)
        if method == "POST" and path.rstrip("/") == "/2015-03-31/functions":
            self._remember_log_group(_read_body(environ), None)
        if method == "DELETE" and _LAYER_VERSION_PATH.match(path):
            return self._delete_layer_version(environ, start_response)
        return self._moto(environ, start_response)

    def _delete_layer_version(self, environ: dict[str, Any],
                              start_response: Callable[..., Any]) -> Iterable[bytes]:
        """AWS answers 204, also for a layer version that is already gone (moto:
        200, or 404 once the whole layer is gone), so a destroy after a lost or
        restarted cloud still completes."""
        answer: list[Any] = []
        body = list(self._moto(environ, lambda status, headers, *_: answer.extend((status, headers))))
        if answer and answer[0][:3] in ("200", "404"):
            return self._reply(start_response, 204, {}, b"")
        start_response(*answer)
        return body

    def _filter_log_events(self, environ: dict[str, Any],
                           start_response: Callable[..., Any]) -> Iterable[bytes]:
        account, region = caller(environ)
        kind = {"Content-Type": "application/x-amz-json-1.1"}
        try:
            params = json.loads(_read_body(environ) or b"{}")
            result = filter_log_events(params, account, region)
        except LogsApiError as exc:
            return self._reply(start_response, exc.status, kind,
                               json.dumps({"__type": exc.code, "message": exc.message}).encode())
        return self._reply(start_response, 200, kind, json.dumps(result).encode())

    def _function_changed(self, environ: dict[str, Any], start_response: Callable[..., Any],
                          method: str, match: re.Match[str]) -> Iterable[bytes]:
        """Pass code/configuration updates and deletes to moto, then retire the
        function's environments so the next invoke starts cold on the new state."""
        account, region = caller(environ)
        name = functions.make_unqualified(match.group(1)).rsplit(":", 1)[-1]
        if match.group(2) == "/configuration":
            self._remember_log_group(_read_body(environ), name)
        elif method == "DELETE" and match.group(2) is None:
            self._log_groups.pop(name, None)
        result = list(self._moto(environ, start_response))
        self._pool.retire(account, region, name)
        return result

    def _remember_log_group(self, body: bytes, updated: str | None) -> None:
        """Keep LoggingConfig.LogGroup of CreateFunction (`updated` None) and
        UpdateFunctionConfiguration (which keeps the old one when it has none)."""
        try:
            spec = json.loads(body or b"{}")
        except ValueError:
            return
        name = updated or spec.get("FunctionName")
        group = (spec.get("LoggingConfig") or {}).get("LogGroup")
        if name and group:
            self._log_groups[name] = group
        elif name and updated is None:
            self._log_groups.pop(name, None)

    @staticmethod
    def _reply(start_response: Callable[..., Any], status: int, headers: dict[str, str],
               body: bytes) -> list[bytes]:
        start_response(f"{status} {_REASONS.get(status, 'Status')}",
                       [*headers.items(), ("Content-Length", str(len(body)))])
        return [body]

