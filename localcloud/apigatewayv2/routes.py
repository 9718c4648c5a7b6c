"""HTTP API requests: CORS preflight, AWS_IAM (SigV4 presence), the Lambda
proxy integration in payload format 2.0 or 1.0, and HTTP API error answers."""
from __future__ import annotations

import json
from typing import Any

from localcloud.apigateway import proxy_event
from localcloud.apigatewayv2.resolve import Resolved, find_api, resolve
from localcloud.cloud import Cloud
from localcloud.frontdoor_http import backends, cors, payload_v2
from localcloud.frontdoor_http.http import has_sigv4, json_reply
from localcloud.frontdoor_http.urls import EXECUTE_API, split_first
from localcloud.routing import Reply, Request, Route


def _is_http_api(request: Request) -> bool:
    parts = split_first(request.path, EXECUTE_API)
    return parts is not None and find_api(parts[0]) is not None


def _event(request: Request, found: Resolved) -> tuple[dict[str, Any], bool]:
    """The event in the integration's payload format, and whether it is 2.0."""
    route, stage, api = found.route, found.stage, found.api
    variables = dict(stage.stage_variables or {})
    if _integration(found).payload_format_version == "1.0":
        resource = route.route_key.split(" ", 1)[-1]  # "$default" stays "$default"
        matched = proxy_event.Matched(found.account, found.region, api.api_id, stage.name, route.route_id,
                                      resource, found.raw_path, found.raw_path, found.path_parameters,
                                      variables)
        return proxy_event.event(request, matched), False
    target = payload_v2.Target(
        api_id=api.api_id, domain_name=f"{api.api_id}.execute-api.{found.region}.amazonaws.com",
        stage=stage.name, route_key=route.route_key, raw_path=found.raw_path, account=found.account,
        path_parameters=found.path_parameters, stage_variables=variables,
        iam_auth=route.authorization_type == "AWS_IAM")
    return payload_v2.event(request, target), True


def _integration(found: Resolved) -> Any:
    target = (found.route.target or "") if found.route else ""
    return found.api.integrations.get(target.removeprefix("integrations/"))


def _invoke(request: Request, cloud: Cloud, found: Resolved) -> Reply:
    if found.route.authorization_type == "AWS_IAM" and not has_sigv4(request):
        return json_reply(403, {"message": "Forbidden"})
    integration = _integration(found)
    arn = backends.function_arn(integration.integration_uri or "", found.stage.stage_variables) \
        if integration is not None and integration.integration_type == "AWS_PROXY" else None
    if arn is None:  # only Lambda proxy integrations are served
        return json_reply(500, {"message": "Internal Server Error"})
    event, is_v2 = _event(request, found)
    result = backends.invoke_if_found(cloud, arn, json.dumps(event).encode(),
                                      request.headers.get("x-amzn-trace-id"))
    if result is None or result.function_error:
        return json_reply(500, {"message": "Internal Server Error"})
    try:
        return payload_v2.reply(result.payload) if is_v2 else proxy_event.reply(result.payload)
    except ValueError:
        return json_reply(500, {"message": "Internal Server Error"})


def _handle(request: Request, cloud: Cloud) -> Reply:
    found = resolve(request)
    if found is None or found.stage is None:
        return json_reply(404, {"message": "Not Found"})
    config = found.api.cors_configuration
    if cors.is_preflight(request, config):
        return cors.preflight(request, config)
    reply = json_reply(404, {"message": "Not Found"}) if found.route is None \
        else _invoke(request, cloud, found)
    return cors.with_cors(request, config, reply)


ROUTES: list[Route] = [Route("apigatewayv2/execute-api", _is_http_api, _handle)]
