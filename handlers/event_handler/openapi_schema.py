"""Event handler: an APIGatewayRestResolver with OpenAPI validation behind the REST API's /openapi resource.

Requests and responses are validated against the routes' type hints (pydantic), and the
schema is served at /swagger and /schema.
"""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, Field

app = APIGatewayRestResolver(enable_validation=True, strip_prefixes=["/openapi"])
app.enable_swagger(path="/swagger", title="Todos")


class Todo(BaseModel):
    title: str = Field(min_length=1)
    priority: int = Field(ge=1, le=5)


@app.get("/todos/<todo_id>")
def get_todo(todo_id: int, verbose: Annotated[bool, Query()] = False) -> dict:
    return {"todo_id": todo_id, "verbose": verbose}


@app.post("/todos")
def create_todo(todo: Todo) -> Todo:
    return todo


@app.get("/schema")
def schema() -> str:
    return app.get_openapi_json_schema(title="Todos")


def lambda_handler(event: dict, context: object) -> dict:
    return app.resolve(event, context)
