"""Parameters: many SSM parameters in one call, each with its own options (e.g. decrypt);
failures reported under `_errors`, not raised."""

from aws_lambda_powertools.utilities.parameters import get_parameters_by_name


def lambda_handler(event: dict, context: object) -> dict:
    return get_parameters_by_name(parameters=event["parameters"], raise_on_error=False)
