"""The last front-door route: a front-door URL that names nothing localcloud serves."""
from __future__ import annotations

from localcloud.cloud import Cloud
from localcloud.frontdoor_http.http import json_reply
from localcloud.frontdoor_http.urls import ELB, EXECUTE_API, LAMBDA_URL
from localcloud.routing import Reply, Request, Route


def _unknown(request: Request, cloud: Cloud) -> Reply:
    return json_reply(404, {"message": "Not Found"})


ROUTES: list[Route] = [Route("frontdoor_http/unknown",
                             lambda r: r.path.startswith((EXECUTE_API, LAMBDA_URL, ELB)), _unknown)]
