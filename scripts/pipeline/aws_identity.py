"""Print the ARN AWS credentials resolve to (STS GetCallerIdentity), for TARGET=aws.

    python -m scripts.pipeline.aws_identity

Exit 1 with STS's or botocore's message as the last line when there are no
working credentials. Short timeouts: a missing network fails fast.
"""
from __future__ import annotations

import sys

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError


def main() -> int:
    config = Config(connect_timeout=5, read_timeout=10, retries={"max_attempts": 2})
    try:
        print(boto3.client("sts", config=config).get_caller_identity()["Arn"])
    except (BotoCoreError, ClientError) as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
