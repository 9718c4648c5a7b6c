"""Which stage and route of an HTTP API a request reaches, as API Gateway decides."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moto.apigatewayv2.models import apigatewayv2_backends

from localcloud.frontdoor_http import backends
from localcloud.frontdoor_http.paths import best_match
from localcloud.frontdoor_http.urls import EXECUTE_API, split_first
from localcloud.routing import Request


@dataclass(frozen=True)
class Resolved:
    account: str
    region: str
    api: Any
    stage: Any
    raw_path: str  # as the event's rawPath: with the stage segment of a named stage
    route: Any | None
    path_parameters: dict[str, str]


def find_api(api_id: str) -> tuple[str, str, Any] | None:
    for account, region, backend in backends.each_backend(apigatewayv2_backends):
        api = backend.apis.get(api_id)
        if api is not None and api.protocol_type == "HTTP":
            return account, region, api
    return None


def _stage(api: Any, rest: str) -> tuple[Any, str] | None:
    """(stage, path within the stage): a named stage's segment first, else `$default`."""
    first, _, within = rest.lstrip("/").partition("/")
    named = api.stages.get(first)
    if named is not None and first != "$default":
        return named, "/" + within
    default = api.stages.get("$default")
    return (default, rest or "/") if default is not None else None


def _route(api: Any, method: str, path: str) -> tuple[Any | None, dict[str, str]]:
    """Method routes beat ANY on the same path; `$default` catches the rest."""
    by_key = {route.route_key: route for route in api.routes.values()}
    for wanted in (method, "ANY"):
        paths = [key.split(" ", 1)[1] for key in by_key if key.startswith(f"{wanted} /")]
        found = best_match(paths, path)
        if found is not None:
            return by_key[f"{wanted} {found[0]}"], found[1]
    return by_key.get("$default"), {}


def resolve(request: Request) -> Resolved | None:
    api_id, rest = split_first(request.path, EXECUTE_API) or ("", "")
    found = find_api(api_id)
    if found is None:
        return None
    account, region, api = found
    staged = _stage(api, rest)
    if staged is None:
        return Resolved(account, region, api, None, rest, None, {})
    stage, path = staged
    # rawPath stays percent-encoded, with a named stage's segment, as on AWS
    raw_path = (split_first(request.raw_path, EXECUTE_API) or ("", ""))[1] or "/"
    route, params = _route(api, request.method, path)
    return Resolved(account, region, api, stage, raw_path, route, params)
