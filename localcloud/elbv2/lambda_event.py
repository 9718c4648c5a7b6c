"""The ALB Lambda target event and response, single- or multi-value per the
target group attribute `lambda.multi_value_headers.enabled`."""
from __future__ import annotations

import json
from typing import Any

from localcloud.frontdoor_http.http import (decoded_body, encoded_body, multi_values, query_pairs,
                                            status_code)
from localcloud.routing import Reply, Request

MULTI_VALUE = "lambda.multi_value_headers.enabled"
BAD_GATEWAY = Reply(502, [("Server", "awselb/2.0"), ("Content-Type", "text/html")], (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"))


def _forwarded(request: Request, port: int) -> dict[str, str]:
    """The request's headers with the X-Forwarded-* headers an ALB adds."""
    client = request.headers.get("x-forwarded-for")
    return {**request.headers, "x-forwarded-for": f"{client}, {request.source_ip}" if client
            else request.source_ip, "x-forwarded-port": str(port), "x-forwarded-proto": "http"}


def event(request: Request, target_group_arn: str, path: str, port: int, multi: bool) -> dict[str, Any]:
    """Query strings are passed as sent (not percent-decoded), as ALB does."""
    pairs = query_pairs(request.query, decode=False)
    headers = _forwarded(request, port)
    body, is_base64 = encoded_body(request)
    out: dict[str, Any] = {"requestContext": {"elb": {"targetGroupArn": target_group_arn}},
                           "httpMethod": request.method, "path": path}
    if multi:
        out["multiValueQueryStringParameters"] = multi_values(pairs)
        out["multiValueHeaders"] = {k: [v] for k, v in headers.items()}
    else:
        out["queryStringParameters"] = dict(pairs)
        out["headers"] = headers
    return {**out, "body": body or "", "isBase64Encoded": is_base64}


def reply(payload: bytes, multi: bool) -> Reply:
    """The function's answer as the HTTP response; ValueError when it is malformed."""
    answer = json.loads(payload)
    if not isinstance(answer, dict):
        raise ValueError("the answer must be a JSON object")
    status = status_code(answer.get("statusCode"))
    if multi:
        values = answer.get("multiValueHeaders") or {}
        if not isinstance(values, dict):
            raise ValueError("multiValueHeaders must be an object")
        headers = [(str(k), str(v)) for k, vs in values.items() for v in (vs or [])]
    else:
        single = answer.get("headers") or {}
        if not isinstance(single, dict):
            raise ValueError("headers must be an object")
        headers = [(str(k), str(v)) for k, v in single.items()]
    body = decoded_body(answer.get("body"), answer.get("isBase64Encoded"))
    return Reply(status, [("Server", "awselb/2.0"), *headers], body)
