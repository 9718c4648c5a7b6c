"""CloudWatch: metrics from Embedded Metric Format log lines into moto's store,
and corrections of moto's metric reads. Its API is moto's, so no routes of its own."""
from __future__ import annotations

from localcloud.routing import Route

ROUTES: list[Route] = []
