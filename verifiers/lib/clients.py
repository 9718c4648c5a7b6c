"""boto3 clients with the default configuration.

Endpoints come only from the standard AWS_ENDPOINT_URL (set for localcloud), never from
code, so one suite runs unchanged against AWS and localcloud.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config

# A retried Invoke runs the function again and would double every count a suite asserts,
# so Lambda calls are never retried; a cold start on a busy machine may exceed the 60 s
# default read timeout.
_LAMBDA_CONFIG = Config(read_timeout=120, retries={"total_max_attempts": 1})


@dataclass(frozen=True)
class Clients:
    lambda_: Any
    logs: Any
    cloudwatch: Any
    xray: Any
    dynamodb: Any
    s3: Any
    ssm: Any
    secretsmanager: Any
    kms: Any
    sqs: Any
    appconfig: Any


def make_clients() -> Clients:
    session = boto3.session.Session()
    return Clients(
        lambda_=session.client("lambda", config=_LAMBDA_CONFIG),
        logs=session.client("logs"),
        cloudwatch=session.client("cloudwatch"),
        xray=session.client("xray"),
        dynamodb=session.client("dynamodb"),
        s3=session.client("s3"),
        ssm=session.client("ssm"),
        secretsmanager=session.client("secretsmanager"),
        kms=session.client("kms"),
        sqs=session.client("sqs"),
        appconfig=session.client("appconfig"),
    )
