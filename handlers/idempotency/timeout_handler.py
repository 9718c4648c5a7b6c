"""Idempotency: a body that outlives the function's timeout when asked to.

Its timeout is 5 s (settings.json), so the suite does not wait out the default 30 s.
Powertools stores the in-progress record with the invocation's deadline
(remaining_time_in_millis), so a retry after the timeout may run the body.
"""

import time
import uuid

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent
from aws_lambda_powertools.utilities.typing import LambdaContext

from _persistence import persistence_layer

config = IdempotencyConfig(event_key_jmespath="order_id")


@idempotent(config=config, persistence_store=persistence_layer)
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    if event.get("hang"):
        time.sleep(context.get_remaining_time_in_millis() / 1000 + 5)  # Lambda stops it first
    return {"order_id": event["order_id"], "execution_id": str(uuid.uuid4())}
