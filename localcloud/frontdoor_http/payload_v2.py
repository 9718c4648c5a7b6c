"""Payload format 2.0, shared by HTTP APIs and Function URLs: the event a
function receives and how its answer becomes the HTTP response."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from localcloud.frontdoor_http.http import (clf_time, decoded_body, encoded_body, now_ms,
                                            query_pairs, request_id, response_headers,
                                            status_code)
from localcloud.routing import Reply, Request

_CREDENTIAL = re.compile(r"Credential=([^/]+)/")


@dataclass(frozen=True)
class Target:
    """Where the request arrived: what requestContext says about it."""
    api_id: str
    domain_name: str
    stage: str
    route_key: str
    raw_path: str
    account: str
    path_parameters: dict[str, str] | None = None
    stage_variables: dict[str, str] | None = None
    iam_auth: bool = False


def _iam_authorizer(request: Request, account: str) -> dict[str, Any]:
    match = _CREDENTIAL.search(request.headers.get("authorization", ""))
    return {"iam": {"accessKey": match.group(1) if match else None, "accountId": account,
                    "callerId": None, "cognitoIdentity": None, "principalOrgId": None,
                    "userArn": None, "userId": None}}


def event(request: Request, target: Target) -> dict[str, Any]:
    """The 2.0 event; empty fields are left out, as AWS leaves them out."""
    epoch = now_ms()
    pairs = query_pairs(request.query)
    query: dict[str, str] = {}
    for key, value in pairs:
        query[key] = f"{query[key]},{value}" if key in query else value
    headers = {k: v for k, v in request.headers.items() if k != "cookie"}
    context: dict[str, Any] = {
        "accountId": target.account, "apiId": target.api_id, "domainName": target.domain_name,
        "domainPrefix": target.domain_name.split(".", 1)[0],
        "http": {"method": request.method, "path": target.raw_path, "protocol": "HTTP/1.1",
                 "sourceIp": request.source_ip, "userAgent": request.headers.get("user-agent", "")},
        "requestId": request_id(), "routeKey": target.route_key, "stage": target.stage,
        "time": clf_time(epoch), "timeEpoch": epoch}
    if target.iam_auth:
        context["authorizer"] = _iam_authorizer(request, target.account)
    body, is_base64 = encoded_body(request)
    out: dict[str, Any] = {"version": "2.0", "routeKey": target.route_key, "rawPath": target.raw_path,
                           "rawQueryString": request.query}
    if "cookie" in request.headers:
        out["cookies"] = [c.strip() for c in request.headers["cookie"].split(";") if c.strip()]
    out["headers"] = headers
    if query:
        out["queryStringParameters"] = query
    out["requestContext"] = context
    if body is not None:
        out["body"] = body
    if target.path_parameters:
        out["pathParameters"] = target.path_parameters
    out["isBase64Encoded"] = is_base64
    if target.stage_variables:
        out["stageVariables"] = target.stage_variables
    return out


def reply(payload: bytes) -> Reply:
    """A function's answer as an HTTP response; ValueError when it is malformed.
    Without `statusCode` valid JSON is the body of a 200 application/json response."""
    answer = json.loads(payload) if payload else None
    if not isinstance(answer, dict) or "statusCode" not in answer:
        return Reply(200, [("Content-Type", "application/json")], payload)
    status = status_code(answer["statusCode"])
    headers = response_headers(answer.get("headers"), None)
    if not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("Content-Type", "application/json"))
    headers += [("Set-Cookie", str(cookie)) for cookie in answer.get("cookies") or []]
    return Reply(status, headers, decoded_body(answer.get("body"), answer.get("isBase64Encoded")))
