"""StartConfigurationSession and GetLatestConfiguration. SDKs sign these as
`appconfig` (botocore's signing name for appconfigdata) and their paths are
not AppConfig control-plane paths, so path and signature route them."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

from moto.appconfig.models import appconfig_backends

from localcloud.appconfig.deployments import deployed_configuration
from localcloud.appconfig.rest_json import bad_request, body_of, json_reply, not_found, route
from localcloud.appconfig.store import extras
from localcloud.appconfigdata.sessions import Session, sessions
from localcloud.routing import Reply, Request, Route

DEFAULT_POLL_INTERVAL_S = 60


def _by_id_or_name(items: list[Any], identifier: str, what: str) -> Any:
    for item in items:
        if identifier in (item.id, item.name):
            return item
    raise not_found(f"{what} {identifier!r}")


def _poll_interval(body: dict[str, Any]) -> int:
    value = body.get("RequiredMinimumPollIntervalInSeconds", DEFAULT_POLL_INTERVAL_S)
    if not isinstance(value, int) or not 15 <= value <= 86400:
        raise bad_request("RequiredMinimumPollIntervalInSeconds must be between 15 and 86400")
    return value


def start_configuration_session(request: Request, match: re.Match[str]) -> Reply:
    body = body_of(request)
    missing = [key for key in ("ApplicationIdentifier", "EnvironmentIdentifier", "ConfigurationProfileIdentifier")
               if not body.get(key)]
    if missing:
        raise bad_request(f"{missing[0]} is required")
    moto_backend = appconfig_backends[request.account][request.region]
    app = _by_id_or_name(list(moto_backend.applications.values()), body["ApplicationIdentifier"], "Application")
    envs = [env for env in extras[request.account][request.region].environments.values()
            if env.application_id == app.id]
    env = _by_id_or_name(envs, body["EnvironmentIdentifier"], "Environment")
    profile = _by_id_or_name(list(app.config_profiles.values()), body["ConfigurationProfileIdentifier"],
                             "Configuration profile")
    session = Session(request.account, request.region, app.id, env.id, profile.id, _poll_interval(body))
    token = sessions[request.account][request.region].issue(session)
    return json_reply(201, {"InitialConfigurationToken": token})


def get_latest_configuration(request: Request, match: re.Match[str]) -> Reply:
    token = (parse_qs(request.query).get("configuration_token") or [""])[0]
    if not token:
        raise bad_request("ConfigurationToken is required")
    tokens = sessions[request.account][request.region]
    session = tokens.redeem(token)
    if session is None:
        raise bad_request("The configuration token is invalid, expired or already used")
    deployed = deployed_configuration(session.account, session.region, session.application_id,
                                      session.environment_id, session.profile_id)
    is_new = deployed is not None and deployed.deployment_number != session.seen_deployment
    next_token = tokens.advance(session, deployed.deployment_number if deployed else 0)
    headers = [("Next-Poll-Configuration-Token", next_token),
               ("Next-Poll-Interval-In-Seconds", str(session.poll_interval_s))]
    if not is_new or deployed is None:
        return Reply(200, headers, b"")  # nothing new since the caller's last call
    headers.append(("Content-Type", deployed.content_type))
    if deployed.version_label:
        headers.append(("Version-Label", deployed.version_label))
    return Reply(200, headers, deployed.content)


ROUTES: list[Route] = [
    route("appconfig", "appconfigdata/StartConfigurationSession", "POST", r"/configurationsessions/?",
          start_configuration_session),
    route("appconfig", "appconfigdata/GetLatestConfiguration", "GET", r"/configuration/?",
          get_latest_configuration),
]
