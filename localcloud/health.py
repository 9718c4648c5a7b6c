"""GET /_localcloud/health: what the CLI and the lease ledger read to know the
server is up and which process it is."""
from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING

from localcloud.routing import Reply, Request, Route

if TYPE_CHECKING:
    from localcloud.cloud import Cloud

PATH = "/_localcloud/health"


def _health(_request: Request, cloud: Cloud) -> Reply:
    health = {"status": "ok", "pid": os.getpid(), "endpoint": cloud.endpoint,
              "xray_port": cloud.xray_port, "uptime_s": round(time.time() - cloud.started, 1),
              "functions": cloud.pool.summary()}
    return Reply(200, [("Content-Type", "application/json")], json.dumps(health).encode())


ROUTES = [Route("localcloud/health", lambda r: r.path == PATH, _health)]
