"""CORS as HTTP APIs and Function URLs apply their CORS configuration: the
service answers preflights itself and adds the headers to every response."""
from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from localcloud.routing import Reply, Request


def _setting(config: dict[str, Any], name: str) -> Any:
    """HTTP APIs keep `allowOrigins`, Function URLs `AllowOrigins`."""
    return config.get(name[0].lower() + name[1:], config.get(name))


def _allowed_origin(config: dict[str, Any], origin: str | None) -> str | None:
    """`*` allows any origin; `https://*` any origin of that scheme."""
    origins = [o.lower() for o in _setting(config, "AllowOrigins") or []]
    if not origin:
        return None
    if "*" in origins:
        return "*"
    return origin if any(fnmatchcase(origin.lower(), o) for o in origins) else None


def is_preflight(request: Request, config: dict[str, Any] | None) -> bool:
    return bool(config) and request.method == "OPTIONS" and \
        "origin" in request.headers and "access-control-request-method" in request.headers


def preflight(request: Request, config: dict[str, Any]) -> Reply:
    """204, with the allow headers only when the origin is allowed."""
    origin = _allowed_origin(config, request.headers.get("origin"))
    if origin is None:
        return Reply(204, [], b"")
    headers = [("Access-Control-Allow-Origin", origin)]
    for name, header in (("AllowMethods", "Access-Control-Allow-Methods"),
                         ("AllowHeaders", "Access-Control-Allow-Headers")):
        if _setting(config, name):
            headers.append((header, ",".join(_setting(config, name))))
    if _setting(config, "MaxAge") is not None:
        headers.append(("Access-Control-Max-Age", str(_setting(config, "MaxAge"))))
    if _setting(config, "AllowCredentials"):
        headers.append(("Access-Control-Allow-Credentials", "true"))
    return Reply(204, headers, b"")


def with_cors(request: Request, config: dict[str, Any] | None, reply: Reply) -> Reply:
    """With a CORS configuration the function's own CORS headers are dropped and
    the configured ones added for an allowed origin."""
    if not config:
        return reply
    headers = [(k, v) for k, v in reply.headers if not k.lower().startswith("access-control-")]
    origin = _allowed_origin(config, request.headers.get("origin"))
    if origin is None:
        return Reply(reply.status, headers, reply.body)
    headers.append(("Access-Control-Allow-Origin", origin))
    if _setting(config, "ExposeHeaders"):
        headers.append(("Access-Control-Expose-Headers", ",".join(_setting(config, "ExposeHeaders"))))
    if _setting(config, "AllowCredentials"):
        headers.append(("Access-Control-Allow-Credentials", "true"))
    return Reply(reply.status, headers, reply.body)
