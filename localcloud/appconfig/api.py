"""The AppConfig operations moto 5.2.5 answers with a 404 page: environments,
deployment strategies and deployments (which complete at once), plus
ListApplications and ListHostedConfigurationVersions. Everything else (applications, configuration profiles,
hosted configuration versions, tags) falls through to moto."""
from __future__ import annotations

import re
from typing import Any

from moto.appconfig.models import AppConfigBackend, appconfig_backends
from moto.core.exceptions import JsonRESTError

from localcloud.appconfig.rest_json import bad_request, body_of, json_reply, not_found, route
from localcloud.appconfig.store import AppConfigExtras, DeploymentStrategy, Environment, extras, new_id
from localcloud.routing import Reply, Request, Route

_APP = r"/applications/(?P<app>[^/]+)"
_ENV = _APP + r"/environments/(?P<env>[^/]+)"


def _stores(request: Request) -> tuple[AppConfigBackend, AppConfigExtras]:
    return appconfig_backends[request.account][request.region], extras[request.account][request.region]


def _application(request: Request, application_id: str) -> tuple[AppConfigBackend, AppConfigExtras]:
    moto_backend, store = _stores(request)
    if application_id not in moto_backend.applications:
        raise not_found("Application")
    return moto_backend, store


def list_applications(request: Request, match: re.Match[str]) -> Reply:
    moto_backend, _ = _stores(request)
    return json_reply(200, {"Items": [app.to_json() for app in moto_backend.applications.values()]})


def list_hosted_configuration_versions(request: Request, match: re.Match[str]) -> Reply:
    moto_backend, _ = _application(request, match["app"])
    try:
        profile = moto_backend.get_configuration_profile(match["app"], match["profile"])
    except JsonRESTError as exc:
        raise not_found("Configuration profile") from exc
    items = [{"ApplicationId": v.app_id, "ConfigurationProfileId": v.config_id, "VersionNumber": v.version,
              "Description": v.description, "ContentType": v.content_type, "VersionLabel": v.version_label}
             for _, v in sorted(profile.config_versions.items())]
    return json_reply(200, {"Items": items})


def create_environment(request: Request, match: re.Match[str]) -> Reply:
    moto_backend, store = _application(request, match["app"])
    body = body_of(request)
    if not body.get("Name"):
        raise bad_request("Name is required")
    env = Environment(match["app"], new_id(), body["Name"], body.get("Description", ""), body.get("Monitors") or [])
    store.environments[env.id] = env
    moto_backend.tag_resource(store.arn(f"application/{env.application_id}/environment/{env.id}"),
                              body.get("Tags") or {})
    return json_reply(201, env.to_json())


def list_environments(request: Request, match: re.Match[str]) -> Reply:
    _, store = _application(request, match["app"])
    return json_reply(200, {"Items": [env.to_json() for env in store.environments.values()
                                      if env.application_id == match["app"]]})


def get_environment(request: Request, match: re.Match[str]) -> Reply:
    _, store = _application(request, match["app"])
    return json_reply(200, store.environment(match["app"], match["env"]).to_json())


def update_environment(request: Request, match: re.Match[str]) -> Reply:
    _, store = _application(request, match["app"])
    env, body = store.environment(match["app"], match["env"]), body_of(request)
    env.name = body.get("Name", env.name)
    env.description = body.get("Description", env.description)
    env.monitors = body.get("Monitors", env.monitors)
    return json_reply(200, env.to_json())


def delete_environment(request: Request, match: re.Match[str]) -> Reply:
    moto_backend, store = _application(request, match["app"])
    env = store.environments.pop(store.environment(match["app"], match["env"]).id)
    moto_backend.tagger.delete_all_tags_for_resource(
        store.arn(f"application/{env.application_id}/environment/{env.id}"))
    return Reply(204, [], b"")


def _strategy_fields(body: dict[str, Any], base: DeploymentStrategy) -> DeploymentStrategy:
    return DeploymentStrategy(
        id=base.id, name=body.get("Name", base.name), description=body.get("Description", base.description),
        deployment_duration_in_minutes=int(body.get("DeploymentDurationInMinutes",
                                                    base.deployment_duration_in_minutes)),
        final_bake_time_in_minutes=int(body.get("FinalBakeTimeInMinutes", base.final_bake_time_in_minutes)),
        growth_factor=float(body.get("GrowthFactor", base.growth_factor)),
        growth_type=body.get("GrowthType", base.growth_type),
        replicate_to=body.get("ReplicateTo", base.replicate_to))


def create_deployment_strategy(request: Request, match: re.Match[str]) -> Reply:
    moto_backend, store = _stores(request)
    body = body_of(request)
    missing = [key for key in ("Name", "DeploymentDurationInMinutes", "GrowthFactor") if key not in body]
    if missing:
        raise bad_request(f"{missing[0]} is required")
    strategy = _strategy_fields(body, DeploymentStrategy(new_id(), "", "", 0, 0, 0.0, "LINEAR", "NONE"))
    store.strategies[strategy.id] = strategy
    moto_backend.tag_resource(store.arn(f"deploymentstrategy/{strategy.id}"), body.get("Tags") or {})
    return json_reply(201, strategy.to_json())


def _strategy(store: AppConfigExtras, strategy_id: str) -> DeploymentStrategy:
    if strategy_id not in store.strategies:
        raise not_found("Deployment strategy")
    return store.strategies[strategy_id]


def list_deployment_strategies(request: Request, match: re.Match[str]) -> Reply:
    _, store = _stores(request)
    return json_reply(200, {"Items": [s.to_json() for s in store.strategies.values()]})


def get_deployment_strategy(request: Request, match: re.Match[str]) -> Reply:
    _, store = _stores(request)
    return json_reply(200, _strategy(store, match["id"]).to_json())


def update_deployment_strategy(request: Request, match: re.Match[str]) -> Reply:
    _, store = _stores(request)
    updated = _strategy_fields(body_of(request), _strategy(store, match["id"]))
    store.strategies[updated.id] = updated
    return json_reply(200, updated.to_json())


def delete_deployment_strategy(request: Request, match: re.Match[str]) -> Reply:
    moto_backend, store = _stores(request)
    if match["id"].startswith("AppConfig.") or store.strategies.pop(match["id"], None) is None:
        raise not_found("Deployment strategy")
    moto_backend.tagger.delete_all_tags_for_resource(store.arn(f"deploymentstrategy/{match['id']}"))
    return Reply(204, [], b"")


ROUTES: list[Route] = [
    route("appconfig", "appconfig/ListApplications", "GET", r"/applications/?", list_applications),
    route("appconfig", "appconfig/ListHostedConfigurationVersions", "GET",
          _APP + r"/configurationprofiles/(?P<profile>[^/]+)/hostedconfigurationversions/?",
          list_hosted_configuration_versions),
    route("appconfig", "appconfig/CreateEnvironment", "POST", _APP + r"/environments/?", create_environment),
    route("appconfig", "appconfig/ListEnvironments", "GET", _APP + r"/environments/?", list_environments),
    route("appconfig", "appconfig/GetEnvironment", "GET", _ENV, get_environment),
    route("appconfig", "appconfig/UpdateEnvironment", "PATCH", _ENV, update_environment),
    route("appconfig", "appconfig/DeleteEnvironment", "DELETE", _ENV, delete_environment),
    route("appconfig", "appconfig/CreateDeploymentStrategy", "POST", r"/deploymentstrategies/?",
          create_deployment_strategy),
    route("appconfig", "appconfig/ListDeploymentStrategies", "GET", r"/deploymentstrategies/?",
          list_deployment_strategies),
    route("appconfig", "appconfig/GetDeploymentStrategy", "GET", r"/deploymentstrategies/(?P<id>[^/]+)",
          get_deployment_strategy),
    route("appconfig", "appconfig/UpdateDeploymentStrategy", "PATCH", r"/deploymentstrategies/(?P<id>[^/]+)",
          update_deployment_strategy),
    # AWS's own URI for this one operation is spelled "deployementstrategies".
    route("appconfig", "appconfig/DeleteDeploymentStrategy", "DELETE", r"/deployementstrategies/(?P<id>[^/]+)",
          delete_deployment_strategy),
]
