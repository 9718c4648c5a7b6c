"""Idempotency: keyed on order_id, with the amount validated against the stored record."""

import uuid

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent

from _persistence import persistence_layer

config = IdempotencyConfig(event_key_jmespath="order_id", payload_validation_jmespath="amount")


@idempotent(config=config, persistence_store=persistence_layer)
def lambda_handler(event: dict, context: object) -> dict:
    return {"order_id": event["order_id"], "amount": event["amount"], "execution_id": str(uuid.uuid4())}
