"""HTTP rules the front doors share: replies, body encoding, query strings."""
from __future__ import annotations

import base64
import json
import time
import uuid
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import unquote_plus

from localcloud.routing import Reply, Request

# Content types AWS passes to a function as text; anything else arrives base64.
_TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml",
               "application/x-www-form-urlencoded", "application/vnd.api+json", "+json", "+xml")
_SIGV4 = "AWS4-HMAC-SHA256 Credential="


def json_reply(status: int, document: Any, *extra: tuple[str, str]) -> Reply:
    return Reply(status, [("Content-Type", "application/json"), *extra],
                 json.dumps(document).encode())


def is_text(content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    return not kind or any(kind.startswith(t) or kind.endswith(t) for t in _TEXT_TYPES)


def encoded_body(request: Request, binary_media_types: list[str] | None = None) -> tuple[str | None, bool]:
    """The body as events carry it, None when empty. With `binary_media_types`
    (REST APIs) base64 only for a matching Content-Type, else text; without
    (HTTP APIs, Function URLs, ALBs) base64 unless the content is text."""
    if not request.body:
        return None, False
    kind = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if binary_media_types is not None:
        binary = any(fnmatchcase(kind, pattern.lower()) for pattern in binary_media_types)
        return (base64.b64encode(request.body).decode(), True) if binary else \
            (request.body.decode(errors="replace"), False)
    if is_text(kind) and not request.headers.get("content-encoding"):
        try:
            return request.body.decode(), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(request.body).decode(), True


def decoded_body(body: Any, base64_encoded: Any) -> bytes:
    """A function's response body as bytes; raises ValueError when it is not a string."""
    if body is None:
        return b""
    if not isinstance(body, str):
        raise ValueError("body must be a string")
    return base64.b64decode(body) if base64_encoded else body.encode()


def query_pairs(raw_query: str, decode: bool = True) -> list[tuple[str, str]]:
    """Query parameters in order; ALB passes them undecoded, API Gateway decoded."""
    pairs = []
    for part in raw_query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        pairs.append((unquote_plus(key), unquote_plus(value)) if decode else (key, value))
    return pairs


def multi_values(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def has_sigv4(request: Request) -> bool:
    """Only presence is checked: a SigV4 Authorization header or a presigned query."""
    return request.headers.get("authorization", "").startswith(_SIGV4) or \
        "X-Amz-Signature=" in request.query


def request_id() -> str:
    return str(uuid.uuid4())


def now_ms() -> int:
    return int(time.time() * 1000)


def clf_time(epoch_ms: int) -> str:
    """API Gateway's requestContext time format: 12/Mar/2020:19:03:58 +0000."""
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch_ms / 1000))


def status_code(value: Any) -> int:
    """A proxy answer's `statusCode` (a non-negative integer, or its digits as a
    string); ValueError otherwise (a JSON true is no status)."""
    if isinstance(value, bool) or not str(value).isdigit():
        raise ValueError("statusCode must be an integer")
    return int(value)


def response_headers(headers: Any, multi: Any) -> list[tuple[str, str]]:
    """A proxy response's `headers` and `multiValueHeaders`, merged as AWS merges them."""
    if not isinstance(headers or {}, dict) or not isinstance(multi or {}, dict):
        raise ValueError("headers must be objects")
    out = [(str(k), str(v)) for k, v in (headers or {}).items()
           if str(k).lower() not in {m.lower() for m in (multi or {})}]
    for key, values in (multi or {}).items():
        out += [(str(key), str(value)) for value in (values or [])]
    return out
