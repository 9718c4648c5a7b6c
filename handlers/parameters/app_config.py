"""Parameters: the configuration deployed to an AppConfig profile, parsed as JSON."""

import os

from aws_lambda_powertools.utilities.parameters import get_app_config


def lambda_handler(event: dict, context: object) -> dict:
    return get_app_config(
        name=os.environ["APPCONFIG_PROFILE"],
        environment=os.environ["APPCONFIG_ENVIRONMENT"],
        application=os.environ["APPCONFIG_APPLICATION"],
        transform="json",
    )
