"""The Terraform AWS provider, unchanged, applies and destroys an AppConfig
application, environment, hosted configuration profile and version,
deployment strategy and deployment against localcloud."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import boto3
import pytest
from kit.terraform import terraform, terraform_env

FIXTURE = Path(__file__).parents[1] / "fixtures" / "appconfig"


@pytest.mark.slow(seconds=65)
def test_terraform_applies_and_destroys_a_deployed_hosted_configuration(aws_env: Any, tmp_path: Path) -> None:
    # GIVEN the six AppConfig resources in a root module
    workdir = tmp_path / "root"
    shutil.copytree(FIXTURE, workdir)
    env = terraform_env(tmp_path, aws_env.env)
    name = f"tf-{tmp_path.name[-8:].replace('_', '-')}".lower()
    variables = ["-var", f"name={name}"]
    terraform(workdir, env, "init", "-input=false", "-no-color")
    # WHEN they are applied
    terraform(workdir, env, "apply", "-auto-approve", "-input=false", "-no-color", *variables)
    outputs = {key: value["value"] for key, value in json.loads(terraform(workdir, env, "output", "-json")).items()}
    # THEN the deployment is complete, appconfigdata serves its content, and a plan is clean
    assert outputs["deployment_state"] == "COMPLETE"
    data = boto3.client("appconfigdata")
    token = data.start_configuration_session(
        ApplicationIdentifier=outputs["application_id"], EnvironmentIdentifier=outputs["environment_id"],
        ConfigurationProfileIdentifier="features")["InitialConfigurationToken"]
    assert json.loads(data.get_latest_configuration(ConfigurationToken=token)["Configuration"].read()) == {
        "feature": True}
    plan = terraform(workdir, env, "plan", "-detailed-exitcode", "-input=false", "-no-color", *variables)
    assert "No changes." in plan
    # AND destroy removes what AppConfig can delete
    terraform(workdir, env, "destroy", "-auto-approve", "-input=false", "-no-color", *variables)
    appconfig = boto3.client("appconfig")
    assert outputs["application_id"] not in [app["Id"] for app in appconfig.list_applications()["Items"]]
    assert name not in [s["Name"] for s in appconfig.list_deployment_strategies()["Items"]]
