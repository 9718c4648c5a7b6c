"""What AppConfig's two APIs (appconfig, appconfigdata) share: both are
rest-json, both are signed as `appconfig`, and both answer errors (rendered
by the front door) as `x-amzn-ErrorType` plus a JSON body with `Message`."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from localcloud.routing import AwsError, Reply, Request, Route

if TYPE_CHECKING:
    from localcloud.cloud import Cloud

_SCOPE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")
JsonHandler = Callable[[Request, re.Match[str]], Reply]


def signing_service(request: Request) -> str:
    match = _SCOPE.search(request.headers.get("authorization", ""))
    return match.group(1) if match else ""


def json_reply(status: int, payload: Any) -> Reply:
    return Reply(status, [("Content-Type", "application/json")], json.dumps(payload).encode())


def not_found(what: str) -> AwsError:
    return AwsError(404, "ResourceNotFoundException", f"{what} not found")


def bad_request(message: str) -> AwsError:
    return AwsError(400, "BadRequestException", message)


def body_of(request: Request) -> dict[str, Any]:
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError as exc:
        raise bad_request("The request body is not valid JSON") from exc
    if not isinstance(payload, dict):
        raise bad_request("The request body must be a JSON object")
    return payload


def route(service: str, name: str, method: str, pattern: str, handler: JsonHandler) -> Route:
    """A route for requests signed for `service` with this method and path;
    the handler gets the path's match; its AwsError reaches the front door."""
    path = re.compile(pattern)

    def matches(request: Request) -> bool:
        return (request.method == method and path.fullmatch(request.path) is not None
                and signing_service(request) == service)

    def handle(request: Request, cloud: Cloud) -> Reply:
        match = path.fullmatch(request.path)
        assert match is not None
        return handler(request, match)

    return Route(name, matches, handle, message_field="Message")
