"""Logger: timestamps in UTC or in the local time zone the event asks for."""

import os
import time

from aws_lambda_powertools import Logger

SERVICE = os.environ["POWERTOOLS_SERVICE_NAME"]


def lambda_handler(event: dict, context: object) -> str:
    os.environ["TZ"] = event["tz"]
    time.tzset()
    # Powertools configures a logging logger once per service name; a name per case gives
    # each case its own formatter even in a warm environment.
    logger = Logger(service=f"{SERVICE}.{event['case']}", utc=event["utc"], datefmt=event.get("datefmt"))
    logger.append_keys(case=event["case"])
    converter = logger.handlers[0].formatter.converter
    logger.info({time.gmtime: "gmtime_converter", time.localtime: "localtime_converter"}.get(converter, "unknown"))
    return "success"
