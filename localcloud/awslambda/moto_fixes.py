"""Lambda control-plane calls that moto answers unlike AWS, corrected around
moto: LoggingConfig.LogGroup is kept (moto drops it), code and configuration
changes retire warm environments, DeleteLayerVersion answers 204, and
VpcConfig.VpcId is the subnets' VPC (`apply()`)."""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from moto.awslambda.models import LambdaFunction

from localcloud.awslambda.functions import make_unqualified
from localcloud.core.vpc_network import subnets_vpc
from localcloud.routing import Reply, Request, Route

if TYPE_CHECKING:
    from localcloud.cloud import Cloud

_FUNCTIONS_PATH = "/2015-03-31/functions"
_FUNCTION_PATH = re.compile(r"^/2015-03-31/functions/([^/]+)(/code|/configuration)?/?$")
_LAYER_VERSION_PATH = re.compile(r"^/2018-10-31/layers/[^/]+/versions/\d+/?$")


def _remember_log_group(cloud: Cloud, request: Request, updated: str | None) -> None:
    """Keep LoggingConfig.LogGroup of CreateFunction (`updated` None) and
    UpdateFunctionConfiguration (which keeps the old one when it has none)."""
    try:
        spec = json.loads(request.body or b"{}")
    except ValueError:
        return
    if not isinstance(spec, dict):
        return
    name = updated or spec.get("FunctionName")
    group = (spec.get("LoggingConfig") or {}).get("LogGroup")
    if name and group:
        cloud.log_groups[request.account, request.region, name] = group
    elif name and updated is None:
        cloud.log_groups.pop((request.account, request.region, name), None)


def _create_function(request: Request, cloud: Cloud) -> Reply:
    _remember_log_group(cloud, request, None)
    return cloud.forward_to_moto(request)


def _function_changed(request: Request, cloud: Cloud) -> Reply:
    """Pass code/configuration updates and deletes to moto, then retire the
    function's environments so the next invoke starts cold on the new state."""
    match = _FUNCTION_PATH.match(request.path)
    assert match is not None  # guaranteed by the route's predicate
    name = make_unqualified(match.group(1)).rsplit(":", 1)[-1]
    if match.group(2) == "/configuration":
        _remember_log_group(cloud, request, name)
    elif request.method == "DELETE" and match.group(2) is None:
        cloud.log_groups.pop((request.account, request.region, name), None)
    reply = cloud.forward_to_moto(request)
    cloud.pool.retire(request.account, request.region, name)
    return reply


def _delete_layer_version(request: Request, cloud: Cloud) -> Reply:
    """AWS answers 204, also for a layer version that is already gone (moto:
    200, or 404 once the whole layer is gone), so a destroy after a lost or
    restarted cloud still completes."""
    reply = cloud.forward_to_moto(request)
    return Reply(204, [], b"") if reply.status in (200, 404) else reply


ROUTES = [
    Route("lambda/CreateFunction",
          lambda r: r.method == "POST" and r.path.rstrip("/") == _FUNCTIONS_PATH, _create_function),
    Route("lambda/UpdateFunction|DeleteFunction",
          lambda r: r.method in ("PUT", "DELETE") and _FUNCTION_PATH.match(r.path) is not None,
          _function_changed),
    Route("lambda/DeleteLayerVersion",
          lambda r: r.method == "DELETE" and _LAYER_VERSION_PATH.match(r.path) is not None,
          _delete_layer_version),
]


def _vpc_config(function: LambdaFunction) -> dict[str, Any] | None:
    if not function._vpc_config:
        return None
    config = dict(function._vpc_config)
    config["VpcId"] = subnets_vpc(function.account_id, function.region, list(config.get("SubnetIds") or [])) or ""
    return config


def apply() -> None:
    """GetFunction's VpcConfig.VpcId is the VPC of the function's subnets ("" without
    subnets), as on AWS; moto answers a made-up `vpc-123abc`."""
    LambdaFunction.vpc_config = property(_vpc_config)  # type: ignore[assignment]
