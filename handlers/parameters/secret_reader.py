"""Parameters: a Secrets Manager secret holding JSON, parsed by the json transform."""

import os

from aws_lambda_powertools.utilities.parameters import get_secret


def lambda_handler(event: dict, context: object) -> dict:
    return get_secret(os.environ["SECRET_NAME"], transform="json")
