"""CloudWatch Logs: FilterLogEvents with real filter patterns over moto's log store."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from localcloud.logs.filter_log_events import filter_log_events
from localcloud.routing import AwsError, Reply, Request, Route

if TYPE_CHECKING:
    from localcloud.cloud import Cloud


def _filter_log_events(request: Request, _cloud: Cloud) -> Reply:
    try:
        params = json.loads(request.body or b"{}")
    except ValueError:
        raise AwsError(400, "SerializationException", "the request body is not JSON") from None
    if not isinstance(params, dict):
        raise AwsError(400, "SerializationException", "the request body must be a JSON object")
    result = filter_log_events(params, request.account, request.region)
    return Reply(200, [("Content-Type", "application/x-amz-json-1.1")], json.dumps(result).encode())


ROUTES = [Route("logs/FilterLogEvents",
                lambda r: r.target == "Logs_20140328.FilterLogEvents", _filter_log_events)]
