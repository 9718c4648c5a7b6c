"""AppConfig's control plane: what moto lacks (environments, deployment
strategies, deployments) in front of moto's applications, configuration
profiles, hosted configuration versions and tags."""
from __future__ import annotations

from localcloud.appconfig import api, deployments
from localcloud.routing import Route

ROUTES: list[Route] = [*api.ROUTES, *deployments.ROUTES]
