"""Which listener rule of an ALB a request meets, in priority order, default last."""
from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from localcloud.frontdoor_http.http import query_pairs
from localcloud.routing import Request


def _values(condition: dict[str, Any], config_key: str) -> list[Any]:
    """moto keeps conditions as sent: `Values` or `<Field>Config.Values`."""
    return list((condition.get(config_key) or {}).get("Values") or condition.get("Values") or [])


def _meets(condition: dict[str, Any], request: Request, path: str, host: str) -> bool:
    field = condition.get("Field")
    if field == "path-pattern":
        return any(fnmatchcase(path, p) for p in _values(condition, "PathPatternConfig"))
    if field == "host-header":
        return any(fnmatchcase(host, p.lower()) for p in _values(condition, "HostHeaderConfig"))
    if field == "http-request-method":
        return request.method in _values(condition, "HttpRequestMethodConfig")
    if field == "http-header":
        config = condition.get("HttpHeaderConfig") or {}
        value = request.headers.get(str(config.get("HttpHeaderName", "")).lower())
        return value is not None and any(fnmatchcase(value.lower(), p.lower())
                                         for p in config.get("Values") or [])
    if field == "query-string":
        pairs = query_pairs(request.query)
        wanted = (condition.get("QueryStringConfig") or {}).get("Values") or []
        return any(any((w.get("Key") in (None, k)) and fnmatchcase(v, w.get("Value", ""))
                       for k, v in pairs) for w in wanted)
    return False  # source-ip and unknown fields: never met locally


def matching_actions(listener: Any, request: Request, path: str, host: str) -> list[Any]:
    """The actions of the first rule whose conditions all hold."""
    rules = sorted(listener.rules.values(),
                   key=lambda rule: (rule.is_default, 0 if rule.is_default else int(rule.priority)))
    for rule in rules:
        if all(_meets(condition, request, path, host) for condition in rule.conditions):
            return list(rule.actions)
    return []
