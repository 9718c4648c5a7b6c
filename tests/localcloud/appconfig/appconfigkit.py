"""Deploy a hosted AppConfig configuration through boto3 as a user would."""
from __future__ import annotations

import json
import uuid
from typing import Any


def deploy_hosted_configuration(appconfig: Any, content: dict[str, Any]) -> dict[str, str]:
    """Application (unique name), environment "dev", profile "features", one
    hosted JSON version, an all-at-once strategy and its deployment."""
    name = f"ac-{uuid.uuid4().hex[:8]}"
    app = appconfig.create_application(Name=name, Tags={"E2EFeature": "parameters"})
    env = appconfig.create_environment(ApplicationId=app["Id"], Name="dev", Tags={"E2EFeature": "parameters"})
    profile = appconfig.create_configuration_profile(ApplicationId=app["Id"], Name="features",
                                                     LocationUri="hosted", Type="AWS.Freeform")
    version = appconfig.create_hosted_configuration_version(
        ApplicationId=app["Id"], ConfigurationProfileId=profile["Id"],
        Content=json.dumps(content).encode(), ContentType="application/json")
    strategy = appconfig.create_deployment_strategy(Name=name, DeploymentDurationInMinutes=0,
                                                    GrowthFactor=100, FinalBakeTimeInMinutes=0)
    deployment = appconfig.start_deployment(
        ApplicationId=app["Id"], EnvironmentId=env["Id"], DeploymentStrategyId=strategy["Id"],
        ConfigurationProfileId=profile["Id"], ConfigurationVersion=str(version["VersionNumber"]))
    return {"app": app["Id"], "app_name": name, "env": env["Id"], "env_arn_suffix": f"environment/{env['Id']}",
            "profile": profile["Id"], "strategy": strategy["Id"], "deployment": str(deployment["DeploymentNumber"]),
            "state": deployment["State"]}
