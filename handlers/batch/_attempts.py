"""What the batch handlers share: the record handler, which counts every attempt in DynamoDB.

The count is how the suite sees how often the handler was given each record: once for a
record that succeeds, once per receive for one marked to fail; the time of the last attempt
shows the order in which a FIFO group's records ran.
"""

import json
import os
import time

import boto3
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

_TABLE = boto3.resource("dynamodb").Table(os.environ["ATTEMPTS_TABLE"])


class RecordMarkedToFail(Exception):
    """A record whose body asks to fail: the processor reports it as a batch item failure."""


def count_and_process(record: SQSRecord) -> str:
    body = json.loads(record.body)
    _TABLE.update_item(
        Key={"record_id": body["id"]},
        UpdateExpression="ADD attempts :one SET last_attempt_ns = :now",
        ExpressionAttributeValues={":one": 1, ":now": time.time_ns()},
    )
    if body.get("fail"):
        raise RecordMarkedToFail(body["id"])
    return body["id"]
