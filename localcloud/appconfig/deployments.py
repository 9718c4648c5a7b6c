"""StartDeployment, GetDeployment and ListDeployments of hosted
configurations, and the lookup appconfigdata serves from: the configuration
an environment last had deployed for a profile."""
from __future__ import annotations

import re
from dataclasses import dataclass

from moto.appconfig.models import AppConfigBackend, HostedConfigurationVersion, appconfig_backends
from moto.core.exceptions import JsonRESTError

from localcloud.appconfig.rest_json import bad_request, body_of, json_reply, not_found, route
from localcloud.appconfig.store import Deployment, Environment, extras, iso_now
from localcloud.routing import Reply, Request, Route

_ENV = r"/applications/(?P<app>[^/]+)/environments/(?P<env>[^/]+)"


def _environment(request: Request, match: re.Match[str]) -> tuple[AppConfigBackend, Environment]:
    moto_backend = appconfig_backends[request.account][request.region]
    if match["app"] not in moto_backend.applications:
        raise not_found("Application")
    return moto_backend, extras[request.account][request.region].environment(match["app"], match["env"])


def _hosted_version(moto_backend: AppConfigBackend, application_id: str, profile_id: str,
                    version: str) -> HostedConfigurationVersion:
    try:
        profile = moto_backend.get_configuration_profile(application_id, profile_id)
    except JsonRESTError as exc:
        raise not_found("Configuration profile") from exc
    if profile.location_uri != "hosted":
        raise bad_request("localcloud deploys hosted configurations only (LocationUri \"hosted\")")
    if not version.isdigit() or int(version) not in profile.config_versions:
        raise not_found("Hosted configuration version")
    return profile.config_versions[int(version)]


def start_deployment(request: Request, match: re.Match[str]) -> Reply:
    moto_backend, env = _environment(request, match)
    body = body_of(request)
    missing = [key for key in ("DeploymentStrategyId", "ConfigurationProfileId", "ConfigurationVersion")
               if not body.get(key)]
    if missing:
        raise bad_request(f"{missing[0]} is required")
    strategy = extras[request.account][request.region].strategies.get(body["DeploymentStrategyId"])
    if strategy is None:
        raise not_found("Deployment strategy")
    profile_id, version = body["ConfigurationProfileId"], str(body["ConfigurationVersion"])
    hosted = _hosted_version(moto_backend, env.application_id, profile_id, version)
    profile = moto_backend.get_configuration_profile(env.application_id, profile_id)
    deployment = Deployment(env.application_id, env.id, len(env.deployments) + 1, strategy, profile_id,
                            profile.name, profile.location_uri, version, hosted.version_label,
                            body.get("Description", ""), iso_now())
    env.deployments.append(deployment)
    moto_backend.tag_resource(extras[request.account][request.region].arn(
        f"application/{env.application_id}/environment/{env.id}/deployment/{deployment.number}"),
        body.get("Tags") or {})
    return json_reply(201, deployment.to_json())


def get_deployment(request: Request, match: re.Match[str]) -> Reply:
    _, env = _environment(request, match)
    number = int(match["number"])
    if not 1 <= number <= len(env.deployments):
        raise not_found("Deployment")
    return json_reply(200, env.deployments[number - 1].to_json())


def list_deployments(request: Request, match: re.Match[str]) -> Reply:
    _, env = _environment(request, match)
    summaries = [{key: value for key, value in deployment.to_json().items()
                  if key not in ("EventLog", "ApplicationId", "EnvironmentId", "DeploymentStrategyId",
                                 "ConfigurationProfileId", "ConfigurationLocationUri", "Description")}
                 for deployment in reversed(env.deployments)]
    return json_reply(200, {"Items": summaries})


@dataclass(frozen=True)
class DeployedConfiguration:
    deployment_number: int
    content: bytes
    content_type: str
    version_label: str | None


def deployed_configuration(account: str, region: str, application_id: str, environment_id: str,
                           profile_id: str) -> DeployedConfiguration | None:
    """The hosted configuration version last deployed to the environment
    for the profile; None before the first deployment."""
    env = extras[account][region].environments.get(environment_id)
    deployments = [d for d in (env.deployments if env else []) if d.configuration_profile_id == profile_id]
    if not deployments:
        return None
    latest = deployments[-1]
    profile = appconfig_backends[account][region].get_configuration_profile(application_id, profile_id)
    hosted = profile.config_versions.get(int(latest.configuration_version))
    if hosted is None:  # the version was deleted after it was deployed
        return None
    content = hosted.content if isinstance(hosted.content, bytes) else str(hosted.content).encode()
    return DeployedConfiguration(latest.number, content, hosted.content_type or "application/octet-stream",
                                 hosted.version_label)


ROUTES: list[Route] = [
    route("appconfig", "appconfig/StartDeployment", "POST", _ENV + r"/deployments/?", start_deployment),
    route("appconfig", "appconfig/ListDeployments", "GET", _ENV + r"/deployments/?", list_deployments),
    route("appconfig", "appconfig/GetDeployment", "GET", _ENV + r"/deployments/(?P<number>\d+)", get_deployment),
]
