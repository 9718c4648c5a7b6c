"""Logger: one structured record per invoke, with the Lambda context and keys from the event."""

from aws_lambda_powertools import Logger

logger = Logger()  # service from POWERTOOLS_SERVICE_NAME, level INFO


@logger.inject_lambda_context
def lambda_handler(event: dict, context: object) -> str:
    logger.append_keys(**event.get("append_keys", {}))
    logger.debug(event.get("message", ""))  # below the default level: must never reach the logs
    logger.info(event.get("message", ""))
    return "success"
