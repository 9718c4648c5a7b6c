"""Tracer: the handler and one method captured, their responses kept as metadata."""

from aws_lambda_powertools import Tracer

tracer = Tracer()  # service (metadata namespace) from POWERTOOLS_SERVICE_NAME


@tracer.capture_method
def get_todos(count: int) -> list[dict]:
    return [{"id": i, "completed": False} for i in range(count)]


@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: object) -> list[dict]:
    tracer.put_annotation(key="test_id", value=event["test_id"])  # lets the verifier find this run's traces
    return get_todos(3)
