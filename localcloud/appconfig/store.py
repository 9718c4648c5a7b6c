"""What AppConfig keeps that moto 5.2.5 has not: environments, deployment
strategies and deployments. Applications, configuration profiles, hosted
configuration versions and tags stay in moto's appconfig backend. The store
is a moto BackendDict, per account and region like moto's own state."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend

from localcloud.appconfig.rest_json import not_found


def new_id() -> str:
    """AppConfig ids are 7 lower-case letters and digits."""
    return uuid.uuid4().hex[:7]


def iso_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Environment:
    application_id: str
    id: str
    name: str
    description: str
    monitors: list[dict[str, str]]
    deployments: list[Deployment] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"ApplicationId": self.application_id, "Id": self.id, "Name": self.name,
                "Description": self.description, "State": "ReadyForDeployment", "Monitors": self.monitors}


@dataclass
class DeploymentStrategy:
    id: str
    name: str
    description: str
    deployment_duration_in_minutes: int
    final_bake_time_in_minutes: int
    growth_factor: float
    growth_type: str
    replicate_to: str

    def to_json(self) -> dict[str, Any]:
        return {"Id": self.id, "Name": self.name, "Description": self.description,
                "DeploymentDurationInMinutes": self.deployment_duration_in_minutes,
                "FinalBakeTimeInMinutes": self.final_bake_time_in_minutes,
                "GrowthFactor": self.growth_factor, "GrowthType": self.growth_type,
                "ReplicateTo": self.replicate_to}


@dataclass(frozen=True)
class Deployment:
    """A deployment as AppConfig reports it once it has completed: localcloud
    has no fleet to roll out to, so every deployment completes at once."""
    application_id: str
    environment_id: str
    number: int
    strategy: DeploymentStrategy
    configuration_profile_id: str
    configuration_name: str
    configuration_location_uri: str
    configuration_version: str
    version_label: str | None
    description: str
    started_at: str

    def to_json(self) -> dict[str, Any]:
        out = {"ApplicationId": self.application_id, "EnvironmentId": self.environment_id,
               "DeploymentStrategyId": self.strategy.id, "ConfigurationProfileId": self.configuration_profile_id,
               "DeploymentNumber": self.number, "ConfigurationName": self.configuration_name,
               "ConfigurationLocationUri": self.configuration_location_uri,
               "ConfigurationVersion": self.configuration_version, "Description": self.description,
               "DeploymentDurationInMinutes": self.strategy.deployment_duration_in_minutes,
               "GrowthType": self.strategy.growth_type, "GrowthFactor": self.strategy.growth_factor,
               "FinalBakeTimeInMinutes": self.strategy.final_bake_time_in_minutes,
               "State": "COMPLETE", "PercentageComplete": 100.0,
               "StartedAt": self.started_at, "CompletedAt": self.started_at,
               "EventLog": [{"EventType": "DEPLOYMENT_COMPLETED", "TriggeredBy": "APPCONFIG",
                             "Description": "Deployment completed", "OccurredAt": self.started_at},
                            {"EventType": "DEPLOYMENT_STARTED", "TriggeredBy": "USER",
                             "Description": "Deployment started", "OccurredAt": self.started_at}]}
        if self.version_label:
            out["VersionLabel"] = self.version_label
        return out


# The strategies AWS predefines in every account and region.
PREDEFINED = [
    DeploymentStrategy("AppConfig.AllAtOnce", "AppConfig.AllAtOnce", "Quick", 0, 10, 100.0, "LINEAR", "NONE"),
    DeploymentStrategy("AppConfig.Linear50PercentEvery30Seconds", "AppConfig.Linear50PercentEvery30Seconds",
                       "Test/Demo", 1, 1, 50.0, "LINEAR", "NONE"),
    DeploymentStrategy("AppConfig.Canary10Percent20Minutes", "AppConfig.Canary10Percent20Minutes",
                       "AWS Recommended", 20, 10, 10.0, "EXPONENTIAL", "NONE"),
]


class AppConfigExtras(BaseBackend):
    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.environments: dict[str, Environment] = {}
        self.strategies: dict[str, DeploymentStrategy] = {s.id: s for s in PREDEFINED}

    def arn(self, resource: str) -> str:
        return f"arn:aws:appconfig:{self.region_name}:{self.account_id}:{resource}"

    def environment(self, application_id: str, environment_id: str) -> Environment:
        found = self.environments.get(environment_id)
        if found is None or found.application_id != application_id:
            raise not_found("Environment")
        return found


extras = BackendDict(AppConfigExtras, "appconfig")
