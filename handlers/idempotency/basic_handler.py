"""Idempotency: the whole event is the key; the result carries values only the body makes."""

import time
import uuid

from aws_lambda_powertools.utilities.idempotency import idempotent

from _persistence import persistence_layer


@idempotent(persistence_store=persistence_layer)
def lambda_handler(event: dict, context: object) -> dict:
    # A replayed result keeps these, so a second run of the body would show
    return {"message": event["message"], "execution_id": str(uuid.uuid4()), "executed_at_ns": time.time_ns()}
