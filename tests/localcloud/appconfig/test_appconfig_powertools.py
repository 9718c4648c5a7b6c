"""A function using Powertools' get_app_config from the project's layer
reads the deployed hosted configuration through localcloud's appconfigdata."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
from appconfigkit import deploy_hosted_configuration

GET_APP_CONFIG_HANDLER = """
from aws_lambda_powertools.utilities import parameters

def handler(event, context):
    return parameters.get_app_config(name="features", environment="dev",
                                     application=event["application"], transform="json")
"""


def test_powertools_get_app_config_reads_the_deployed_value(
        lambda_client: Any, make_function: Callable[..., str], layer_zip: bytes) -> None:
    # GIVEN a deployed configuration and a function with the Powertools layer
    ids = deploy_hosted_configuration(boto3.client("appconfig"), {"feature": True, "limit": 3})
    layer = lambda_client.publish_layer_version(LayerName="powertools", Content={"ZipFile": layer_zip},
                                                CompatibleRuntimes=["python3.12"])["LayerVersionArn"]
    function = make_function(GET_APP_CONFIG_HANDLER, Layers=[layer])
    # WHEN the function reads it with get_app_config
    response = lambda_client.invoke(FunctionName=function, Payload=json.dumps({"application": ids["app_name"]}))
    # THEN it gets the deployed value
    assert "FunctionError" not in response, response["Payload"].read()
    assert json.loads(response["Payload"].read()) == {"feature": True, "limit": 3}
