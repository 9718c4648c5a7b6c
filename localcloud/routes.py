"""THE route table: first match wins, moto answers whatever no route claims.
Adding an AWS service = a folder localcloud/<service>/ exporting ROUTES + one line here."""
from __future__ import annotations

from localcloud import awslambda, closed, cloudwatch, health, logs, xray
from localcloud.routing import Route

TABLE: list[Route] = [
    *closed.ROUTES,
    *health.ROUTES,
    *awslambda.ROUTES,
    *logs.ROUTES,
    *xray.ROUTES,
    *cloudwatch.ROUTES,
]
