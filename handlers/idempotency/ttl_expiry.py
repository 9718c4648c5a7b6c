"""Idempotency: a record that expires after two seconds, after which the body runs again."""

import uuid

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent

from _persistence import persistence_layer

config = IdempotencyConfig(expires_after_seconds=2)


@idempotent(config=config, persistence_store=persistence_layer)
def lambda_handler(event: dict, context: object) -> dict:
    return {"message": event["message"], "execution_id": str(uuid.uuid4())}
