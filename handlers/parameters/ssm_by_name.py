"""Parameters: many SSM parameters in one call; failures reported under `_errors`, not raised."""

from aws_lambda_powertools.utilities.parameters import get_parameters_by_name


def lambda_handler(event: dict, context: object) -> dict:
    return get_parameters_by_name(parameters={name: {} for name in event["names"]}, raise_on_error=False)
