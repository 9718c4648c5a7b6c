"""ALB requests: load balancer by DNS name, listener by port, the first
matching rule's action (forward to a Lambda target group, or fixed-response)."""
from __future__ import annotations

import json
import logging
from typing import Any

from moto.elbv2.models import elbv2_backends

from localcloud.cloud import Cloud
from localcloud.elbv2 import lambda_event
from localcloud.elbv2.rules import matching_actions
from localcloud.frontdoor_http import backends
from localcloud.frontdoor_http.urls import ELB, split_first
from localcloud.routing import Reply, Request, Route, Unreachable

_log = logging.getLogger(__name__)
_NOT_FOUND = Reply(404, [("Content-Type", "text/plain")], b"no such load balancer listener")


def _find(host: str) -> tuple[Any, Any] | None:
    """(elbv2 backend, load balancer) answering this DNS name."""
    for _, _, backend in backends.each_backend(elbv2_backends):
        for balancer in backend.load_balancers.values():
            if balancer.dns_name.lower() == host:
                return backend, balancer
    return None


def _address(request: Request) -> tuple[str, int, str]:
    """(dns name, listener port, raw path) of `/_aws/elb/<dns>[:<port>]/<path>`."""
    first, rest = split_first(request.raw_path, ELB) or ("", "/")
    host, _, port = first.lower().partition(":")
    return host, int(port) if port.isdigit() else 80, rest or "/"


def _is_alb(request: Request) -> bool:
    return request.path.startswith(ELB) and _find(_address(request)[0]) is not None


def _target_group_arn(action: Any) -> str | None:
    data = action.data
    if data.get("TargetGroupArn"):
        return str(data["TargetGroupArn"])
    groups = (data.get("ForwardConfig") or {}).get("TargetGroups") or []
    return str(groups[0]["TargetGroupArn"]) if groups else None


def _fixed_response(action: Any) -> Reply:
    config = action.data.get("FixedResponseConfig") or {}
    return Reply(int(config.get("StatusCode", 200)),
                 [("Server", "awselb/2.0"), ("Content-Type", config.get("ContentType", "text/plain"))],
                 str(config.get("MessageBody", "")).encode())


def _forward(request: Request, cloud: Cloud, group: Any, path: str, port: int) -> Reply:
    targets = list(group.targets) if group is not None and group.target_type == "lambda" else []
    if not targets:  # only Lambda target groups are served
        return lambda_event.BAD_GATEWAY
    multi = group.attributes.get(lambda_event.MULTI_VALUE) == "true"
    event = lambda_event.event(request, group.arn, path, port, multi)
    result = backends.invoke_if_found(cloud, targets[0], json.dumps(event).encode(),
                                       request.headers.get("x-amzn-trace-id"))
    if result is None or result.function_error:
        return lambda_event.BAD_GATEWAY
    try:
        return lambda_event.reply(result.payload, multi)
    except ValueError:
        return lambda_event.BAD_GATEWAY


def _reachable_or_raise(request: Request, cloud: Cloud, host: str, balancer: Any) -> None:
    """An internal ALB's DNS name resolves to private addresses of its VPC: a caller
    elsewhere gets no connection (Unreachable)."""
    if balancer.scheme != "internal":
        return
    caller_vpc = cloud.network.caller_vpc(request)
    if caller_vpc != balancer.vpc_id:
        _log.warning("localcloud: no connection to internal ALB %s (in %s) for a caller %s", host,
                     balancer.vpc_id, f"in {caller_vpc}" if caller_vpc else "outside every VPC")
        raise Unreachable(host)


def _handle(request: Request, cloud: Cloud) -> Reply:
    host, port, path = _address(request)
    backend, balancer = _find(host) or (None, None)
    listener = next((item for item in balancer.listeners.values() if int(item.port) == port), None) \
        if balancer is not None else None
    if balancer is not None:
        _reachable_or_raise(request, cloud, host, balancer)
    if listener is None:
        return _NOT_FOUND
    for action in matching_actions(listener, request, path, host):
        if action.type == "fixed-response":
            return _fixed_response(action)
        if action.type == "forward":
            arn = _target_group_arn(action)
            return _forward(request, cloud, backend.target_groups.get(arn), path, port)
    return lambda_event.BAD_GATEWAY


ROUTES: list[Route] = [Route("elbv2/lambda-target", _is_alb, _handle)]
