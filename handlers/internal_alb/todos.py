"""Internal ALB: an ALBResolver behind a load balancer that answers only inside its VPC."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import ALBResolver
from aws_lambda_powertools.event_handler.exceptions import NotFoundError

logger = Logger()
app = ALBResolver()


@app.get("/todos/<todo_id>")
def get_todo(todo_id: str) -> dict:
    if todo_id == "missing":
        raise NotFoundError(f"todo {todo_id} not found")
    # The caller's address as the ALB saw it: a private address of the VPC on AWS.
    return {"todo_id": todo_id, "forwarded_for": app.current_event.get_header_value("x-forwarded-for")}


@logger.inject_lambda_context
def lambda_handler(event: dict, context: object) -> dict:
    return app.resolve(event, context)
