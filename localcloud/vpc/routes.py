"""A call a VPC function sends through its proxy to a host that is no front door
localcloud serves: a VPC without a NAT gateway has no route out, so the
connection is not made (localcloud is no internet proxy)."""
from __future__ import annotations

from localcloud.cloud import Cloud
from localcloud.frontdoor_http.urls import ELB, EXECUTE_API, LAMBDA_URL
from localcloud.routing import Reply, Request, Route, Unreachable


def _is_elsewhere(request: Request) -> bool:
    return bool(request.proxy_host) and not request.path.startswith((EXECUTE_API, LAMBDA_URL, ELB))


def _no_route(request: Request, cloud: Cloud) -> Reply:
    raise Unreachable(request.proxy_host)


ROUTES: list[Route] = [Route("vpc/no-route", _is_elsewhere, _no_route)]
