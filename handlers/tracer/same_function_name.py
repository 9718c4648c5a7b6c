"""Tracer: same-named methods of two classes must become two distinct subsegments."""

from aws_lambda_powertools import Tracer

tracer = Tracer()


class Todos:
    @tracer.capture_method
    def get_all(self) -> list[str]:
        return ["todo"]


class Comments:
    @tracer.capture_method
    def get_all(self) -> list[str]:
        return ["comment"]


@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: object) -> dict:
    tracer.put_annotation(key="test_id", value=event["test_id"])
    return {"todos": Todos().get_all(), "comments": Comments().get_all()}
