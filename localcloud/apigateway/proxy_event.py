"""The REST API (v1) Lambda proxy event and response, as AWS documents them."""
from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from localcloud.frontdoor_http.http import (clf_time, decoded_body, encoded_body, multi_values,
                                            now_ms, query_pairs, request_id, response_headers,
                                            status_code)
from localcloud.routing import Reply, Request


@dataclass(frozen=True)
class Matched:
    account: str
    region: str
    api_id: str
    stage: str
    resource_id: str
    resource_path: str  # the template, e.g. /items/{id}
    path: str  # REST: the path after the stage; HTTP API 1.0: the raw path
    context_path: str  # requestContext.path: the raw path, with a named stage's segment
    path_parameters: dict[str, str]
    stage_variables: dict[str, str]
    binary_media_types: list[str] | None = None  # None: an HTTP API (payload 1.0)


def _identity(request: Request) -> dict[str, Any]:
    keys = ("accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
            "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
            "principalOrgId", "user", "userArn")
    return {**{key: None for key in keys}, "sourceIp": request.source_ip,
            "userAgent": request.headers.get("user-agent")}


def event(request: Request, matched: Matched) -> dict[str, Any]:
    epoch = now_ms()
    pairs = query_pairs(request.query)
    multi_query = multi_values(pairs)
    body, is_base64 = encoded_body(request, matched.binary_media_types)
    return {
        "resource": matched.resource_path, "path": matched.path, "httpMethod": request.method,
        "headers": dict(request.headers),
        "multiValueHeaders": {k: [v] for k, v in request.headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": matched.path_parameters or None,
        "stageVariables": matched.stage_variables or None,
        "requestContext": {
            "accountId": matched.account, "apiId": matched.api_id,
            "domainName": f"{matched.api_id}.execute-api.{matched.region}.amazonaws.com",
            "domainPrefix": matched.api_id, "extendedRequestId": request_id(),
            "httpMethod": request.method, "identity": _identity(request),
            "path": matched.context_path, "protocol": "HTTP/1.1",
            "requestId": request_id(), "requestTime": clf_time(epoch), "requestTimeEpoch": epoch,
            "resourceId": matched.resource_id, "resourcePath": matched.resource_path,
            "stage": matched.stage},
        "body": body, "isBase64Encoded": is_base64}


def _wants_binary(accept: str | None, binary_media_types: list[str] | None) -> bool:
    """A REST API returns binary only when the request's Accept header names a
    binary media type; an HTTP API (None) always decodes."""
    if binary_media_types is None:
        return True
    accepted = [kind.split(";")[0].strip().lower() for kind in (accept or "").split(",")]
    return any(fnmatchcase(kind, pattern.lower()) for kind in accepted if kind
               for pattern in binary_media_types)


def reply(payload: bytes, accept: str | None = None, binary_media_types: list[str] | None = None) -> Reply:
    """The function's answer as the HTTP response; ValueError when it is malformed
    (not an object, no integer statusCode, a body that is not a string). A
    base64 body the client did not ask as binary is returned as the base64 text."""
    answer = json.loads(payload)
    if not isinstance(answer, dict):
        raise ValueError("the answer must be a JSON object")
    status = status_code(answer.get("statusCode"))
    headers = response_headers(answer.get("headers"), answer.get("multiValueHeaders"))
    if not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("Content-Type", "application/json"))
    is_base64 = bool(answer.get("isBase64Encoded")) and _wants_binary(accept, binary_media_types)
    return Reply(status, headers, decoded_body(answer.get("body"), is_base64))
