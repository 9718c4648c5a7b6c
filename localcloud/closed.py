"""moto's own admin API (`/moto-api/...`: reset, recorder, seed, data, dashboard)
is not AWS and lets anyone who reaches the port wipe every resource or make
the recorder write files: localcloud answers it as AWS answers a path it does
not know, so it never reaches moto (moto picks its admin app by this prefix)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from localcloud.routing import Reply, Request, Route

if TYPE_CHECKING:
    from localcloud.cloud import Cloud

MOTO_ADMIN_PREFIX = "/moto-api"


def _not_found(_request: Request, _cloud: Cloud) -> Reply:
    return Reply(404, [("Content-Type", "application/json")], b'{"message":"Not Found"}')


ROUTES = [Route("moto-admin (closed)", lambda r: r.path.startswith(MOTO_ADMIN_PREFIX)
                or r.raw_path.startswith(MOTO_ADMIN_PREFIX), _not_found)]
