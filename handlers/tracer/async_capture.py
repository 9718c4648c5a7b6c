"""Tracer: a coroutine captured with capture_method, run from a synchronous handler."""

import asyncio

from aws_lambda_powertools import Tracer

tracer = Tracer()


@tracer.capture_method
async def async_get_users() -> list[dict]:
    await asyncio.sleep(0)
    return [{"id": i} for i in range(2)]


@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: object) -> list[dict]:
    tracer.put_annotation(key="test_id", value=event["test_id"])
    return asyncio.run(async_get_users())
