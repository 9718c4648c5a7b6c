"""REST API requests: find API, stage, resource and method in moto, run the
AWS_PROXY integration's function, answer as API Gateway answers."""
from __future__ import annotations

import json
from typing import Any

from moto.apigateway.models import apigateway_backends

from localcloud.apigateway import proxy_event
from localcloud.cloud import Cloud, FunctionNotFound
from localcloud.frontdoor_http import backends
from localcloud.frontdoor_http.http import has_sigv4, json_reply
from localcloud.frontdoor_http.paths import best_match
from localcloud.frontdoor_http.urls import EXECUTE_API, split_first
from localcloud.routing import Reply, Request, Route

_SERVER_ERROR = ("InternalServerErrorException", {"message": "Internal server error"})


def _error(status: int, kind: str, document: dict[str, str]) -> Reply:
    return json_reply(status, document, ("x-amzn-ErrorType", kind))


def _missing_token() -> Reply:
    return _error(403, "MissingAuthenticationTokenException", {"message": "Missing Authentication Token"})


def _find_api(api_id: str) -> tuple[str, str, Any] | None:
    for account, region, backend in backends.each_backend(apigateway_backends):
        if api_id in backend.apis:
            return account, region, backend.apis[api_id]
    return None


def _is_rest_api(request: Request) -> bool:
    parts = split_first(request.path, EXECUTE_API)
    return parts is not None and _find_api(parts[0]) is not None


def _resolve(request: Request) -> tuple[proxy_event.Matched, Any] | None:
    """The matched resource and its method for this request, None when none matches."""
    api_id, rest = split_first(request.path, EXECUTE_API) or ("", "")
    account, region, api = _find_api(api_id) or ("", "", None)
    stage_name, _, path = rest.lstrip("/").partition("/")
    stage = api.stages.get(stage_name) if api else None
    resources = {resource.get_path(): resource for resource in api.resources.values()} if api else {}
    found = best_match(resources, "/" + path) if stage else None
    if found is None:
        return None
    template, params = found
    resource = resources[template]
    method = resource.resource_methods.get(request.method) or resource.resource_methods.get("ANY")
    if method is None:
        return None
    matched = proxy_event.Matched(account, region, api_id, stage_name, resource.id, template,
                                  "/" + path, f"/{stage_name}/{path}", params,
                                  dict(stage.variables or {}), list(api.binaryMediaTypes or []))
    return matched, method


def _handle(request: Request, cloud: Cloud) -> Reply:
    resolved = _resolve(request)
    if resolved is None:
        return _missing_token()
    matched, method = resolved
    if method.authorization_type == "AWS_IAM" and not has_sigv4(request):
        return _missing_token()
    integration = method.method_integration
    arn = backends.function_arn(integration.uri or "", matched.stage_variables) \
        if integration is not None and integration.integration_type == "AWS_PROXY" else None
    if arn is None:  # only Lambda proxy integrations are served
        return _error(500, *_SERVER_ERROR)
    payload = proxy_event.event(request, matched)
    try:
        result = backends.invoke(cloud, arn, json.dumps(payload).encode(),
                                 request.headers.get("x-amzn-trace-id"))
    except FunctionNotFound:  # a configuration error on AWS's side of the integration
        return _error(500, *_SERVER_ERROR)
    if result is None or result.function_error:
        return _error(502, *_SERVER_ERROR)
    try:
        return proxy_event.reply(result.payload, request.headers.get("accept"), matched.binary_media_types)
    except ValueError:
        return _error(502, *_SERVER_ERROR)


ROUTES: list[Route] = [Route("apigateway/execute-api", _is_rest_api, _handle)]
