"""X-Ray: a trace store (owned by the Cloud), the UDP daemon, the REST-JSON APIs, Lambda's segments."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from localcloud.routing import Reply, Request, Route
from localcloud.xray.api import OPERATIONS, handle_xray

if TYPE_CHECKING:
    from localcloud.cloud import Cloud


def _answer(request: Request, cloud: Cloud) -> Reply:
    payload = handle_xray(request.path, request.body, cloud.traces)
    return Reply(200, [("Content-Type", "application/json")], json.dumps(payload).encode())


ROUTES = [Route("xray/" + path.strip("/"), lambda r, path=path: r.method == "POST" and r.path == path,
                _answer) for path in OPERATIONS]
