"""Idempotency: the body stays in progress until the caller writes a release item.

The caller decides when the first call may finish, so a duplicate sent meanwhile
always finds the record in progress, however slow the machine is.
"""

import os
import time
import uuid

import boto3
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent
from aws_lambda_powertools.utilities.typing import LambdaContext

from _persistence import persistence_layer

table = boto3.resource("dynamodb").Table(os.environ["IDEMPOTENCY_TABLE"])
config = IdempotencyConfig(event_key_jmespath="order_id")
RESERVE_MS = 2000  # leave time to answer before the function's timeout


def wait_for_release(release_id: str, context: LambdaContext) -> bool:
    while context.get_remaining_time_in_millis() > RESERVE_MS:
        if table.get_item(Key={"id": release_id}, ConsistentRead=True).get("Item"):
            return True
        time.sleep(0.05)
    return False


@idempotent(config=config, persistence_store=persistence_layer)
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    released = wait_for_release(event["release_id"], context)
    return {"order_id": event["order_id"], "released": released, "execution_id": str(uuid.uuid4())}
