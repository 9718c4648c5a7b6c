"""AppConfig through boto3 as a user drives it: application, environment,
hosted configuration profile and version, deployment strategy, deployment,
then appconfigdata's session and token protocol."""
from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from appconfigkit import deploy_hosted_configuration
from botocore.exceptions import ClientError


def test_a_deployment_completes_at_once_and_is_readable_through_the_control_plane(aws_env: Any) -> None:
    # GIVEN an application with an environment, a hosted configuration and a strategy
    appconfig = boto3.client("appconfig")
    # WHEN the configuration is deployed
    ids = deploy_hosted_configuration(appconfig, {"feature": True})
    # THEN the deployment is complete at once, and every resource reads back with its tags
    assert ids["state"] == "COMPLETE"
    deployment = appconfig.get_deployment(ApplicationId=ids["app"], EnvironmentId=ids["env"],
                                          DeploymentNumber=int(ids["deployment"]))
    assert (deployment["State"], deployment["PercentageComplete"]) == ("COMPLETE", 100.0)
    assert deployment["ConfigurationVersion"] == "1"
    env = appconfig.get_environment(ApplicationId=ids["app"], EnvironmentId=ids["env"])
    assert (env["Name"], env["State"]) == ("dev", "ReadyForDeployment")
    assert appconfig.get_deployment_strategy(DeploymentStrategyId=ids["strategy"])["GrowthFactor"] == 100.0
    env_arn = f"arn:aws:appconfig:us-east-1:123456789012:application/{ids['app']}/{ids['env_arn_suffix']}"
    assert appconfig.list_tags_for_resource(ResourceArn=env_arn)["Tags"] == {"E2EFeature": "parameters"}
    # AND they delete; a deleted environment is not found, as on AWS
    appconfig.delete_environment(ApplicationId=ids["app"], EnvironmentId=ids["env"])
    appconfig.delete_deployment_strategy(DeploymentStrategyId=ids["strategy"])
    with pytest.raises(ClientError) as missing:
        appconfig.get_environment(ApplicationId=ids["app"], EnvironmentId=ids["env"])
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_appconfigdata_returns_the_deployed_content_once_then_an_empty_body(aws_env: Any) -> None:
    # GIVEN a deployed hosted configuration
    ids = deploy_hosted_configuration(boto3.client("appconfig"), {"feature": True})
    data = boto3.client("appconfigdata")
    # WHEN a session is started by names and polled twice
    token = data.start_configuration_session(
        ApplicationIdentifier=ids["app_name"], EnvironmentIdentifier="dev",
        ConfigurationProfileIdentifier="features")["InitialConfigurationToken"]
    first = data.get_latest_configuration(ConfigurationToken=token)
    second = data.get_latest_configuration(ConfigurationToken=first["NextPollConfigurationToken"])
    # THEN the first call returns the content, the second nothing new
    assert json.loads(first["Configuration"].read()) == {"feature": True}
    assert first["ContentType"] == "application/json"
    assert first["NextPollIntervalInSeconds"] == 60
    assert second["Configuration"].read() == b""
    assert second["NextPollConfigurationToken"] != first["NextPollConfigurationToken"]
    # AND a token is good for one call only
    with pytest.raises(ClientError) as reused:
        data.get_latest_configuration(ConfigurationToken=token)
    assert reused.value.response["Error"]["Code"] == "BadRequestException"


def test_appconfigdata_answers_an_unknown_application_with_resource_not_found(aws_env: Any) -> None:
    data = boto3.client("appconfigdata")
    with pytest.raises(ClientError) as missing:
        data.start_configuration_session(ApplicationIdentifier="no-such-app", EnvironmentIdentifier="dev",
                                         ConfigurationProfileIdentifier="features")
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_hosted_configuration_versions_are_listed_per_profile(aws_env: Any) -> None:
    # GIVEN a hosted configuration profile with a second version
    appconfig = boto3.client("appconfig")
    ids = deploy_hosted_configuration(appconfig, {"feature": True})
    appconfig.create_hosted_configuration_version(ApplicationId=ids["app"], ConfigurationProfileId=ids["profile"],
                                                  Content=b'{"feature": false}', ContentType="application/json",
                                                  VersionLabel="off")
    # WHEN its versions are listed
    listed = appconfig.list_hosted_configuration_versions(ApplicationId=ids["app"],
                                                          ConfigurationProfileId=ids["profile"])["Items"]
    # THEN both are there, each with its profile, number and content type (the content itself is not listed)
    assert sorted((v["ConfigurationProfileId"], v["VersionNumber"], v["ContentType"]) for v in listed) == [
        (ids["profile"], 1, "application/json"), (ids["profile"], 2, "application/json")]
    assert {v.get("VersionLabel") for v in listed} >= {"off"}
    # AND an unknown profile is not found
    with pytest.raises(ClientError) as missing:
        appconfig.list_hosted_configuration_versions(ApplicationId=ids["app"], ConfigurationProfileId="nope123")
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
