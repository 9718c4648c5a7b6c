"""Function URL requests: CORS, AuthType NONE / AWS_IAM (SigV4 presence) and
the payload format 2.0 event and response."""
from __future__ import annotations

import json
from typing import Any

from moto.awslambda.models import lambda_backends

from localcloud.cloud import Cloud
from localcloud.frontdoor_http import backends, cors, payload_v2
from localcloud.frontdoor_http.http import has_sigv4, json_reply
from localcloud.frontdoor_http.urls import LAMBDA_URL, split_first
from localcloud.routing import Reply, Request, Route


def _find(url_id: str) -> tuple[str, str, Any] | None:
    """(account, region, function) whose URL has this id."""
    host = f"https://{url_id}.lambda-url."
    for account, region, backend in backends.each_backend(lambda_backends):
        # moto's list_functions deep-copies every function; read the store itself.
        for group in list(backend._lambdas._functions.values()):
            config = group["latest"].url_config
            if config is not None and config.url.startswith(host):
                return account, region, group["latest"]
    return None


def _is_function_url(request: Request) -> bool:
    parts = split_first(request.path, LAMBDA_URL)
    return parts is not None and _find(parts[0]) is not None


def _invoke(request: Request, cloud: Cloud, url_id: str, found: tuple[str, str, Any]) -> Reply:
    _, region, function = found
    config = function.url_config.config
    iam = config.get("AuthType") == "AWS_IAM"
    if iam and not has_sigv4(request):
        return json_reply(403, {"Message": "Forbidden"}, ("x-amzn-ErrorType", "AccessDeniedException"))
    path = (split_first(request.raw_path, LAMBDA_URL) or ("", "/"))[1] or "/"  # percent-encoded
    target = payload_v2.Target(api_id=url_id, domain_name=f"{url_id}.lambda-url.{region}.on.aws",
                               stage="$default", route_key="$default", raw_path=path,
                               account=request.account if iam else "anonymous", iam_auth=iam)
    event = payload_v2.event(request, target)
    result = backends.invoke_if_found(cloud, function.function_arn, json.dumps(event).encode(),
                                      request.headers.get("x-amzn-trace-id"))
    if result is None or result.function_error:
        return Reply(502, [("Content-Type", "text/plain")], b"Internal Server Error")
    try:
        return payload_v2.reply(result.payload)
    except ValueError:
        return Reply(502, [("Content-Type", "text/plain")], b"Internal Server Error")


def _handle(request: Request, cloud: Cloud) -> Reply:
    url_id = (split_first(request.path, LAMBDA_URL) or ("", ""))[0]
    found = _find(url_id)
    if found is None:
        return json_reply(404, {"Message": "Not Found"})
    config = found[2].url_config.config.get("Cors")
    if cors.is_preflight(request, config):
        return cors.preflight(request, config)
    return cors.with_cors(request, config, _invoke(request, cloud, url_id, found))


ROUTES: list[Route] = [Route("function_urls/invoke", _is_function_url, _handle)]
