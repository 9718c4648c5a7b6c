"""Event handler suite, OpenAPI: APIGatewayRestResolver(enable_validation=True) behind the REST
API's /openapi resource validates requests and responses and serves its schema."""

from __future__ import annotations

import json

from verifiers.lib.http import call, join


def openapi(outputs, path: str, **kwargs):
    return call(join(outputs["RestApiUrl"], "/openapi" + path), **kwargs)


def test_path_and_query_parameters_are_converted_to_their_declared_types(outputs):
    # WHEN a route declaring `todo_id: int` and `verbose: bool` is called with strings
    answer = openapi(outputs, "/todos/7?verbose=true")

    # THEN the route got an int and a bool
    assert (answer.status, answer.json()) == (200, {"todo_id": 7, "verbose": True}), answer


def test_a_parameter_of_the_wrong_type_is_a_422_naming_it(outputs):
    # WHEN the int path parameter is not a number
    answer = openapi(outputs, "/todos/seven")

    # THEN validation answers 422 and names where the bad value was
    assert answer.status == 422, answer
    assert [error["loc"] for error in answer.json()["detail"]] == [["path", "todo_id"]]


def test_a_body_is_validated_against_its_model(outputs):
    # WHEN a todo is posted with a valid priority, then with one out of range
    created = openapi(outputs, "/todos", method="POST", body={"title": "ship", "priority": 2})
    rejected = openapi(outputs, "/todos", method="POST", body={"title": "ship", "priority": 9})

    # THEN the valid one comes back as the model serialises it, the other is a 422 on that field
    assert (created.status, created.json()) == (200, {"title": "ship", "priority": 2}), created
    assert rejected.status == 422, rejected
    assert [error["loc"] for error in rejected.json()["detail"]] == [["body", "priority"]]


def test_the_schema_describes_the_routes_and_the_model(outputs):
    # WHEN the schema is read from the swagger route and from get_openapi_json_schema
    swagger = openapi(outputs, "/swagger?format=json")
    schema = openapi(outputs, "/schema")

    # THEN both are the same OpenAPI document, with the routes and the model's constraints
    assert swagger.status == 200 and schema.status == 200, (swagger, schema)
    document = swagger.json()
    assert document["openapi"].startswith("3.")
    assert {"/todos/{todo_id}", "/todos", "/schema"} <= set(document["paths"])
    priority = document["components"]["schemas"]["Todo"]["properties"]["priority"]
    assert (priority["minimum"], priority["maximum"]) == (1, 5)
    assert json.loads(schema.body)["paths"].keys() == document["paths"].keys()


def test_the_swagger_ui_is_served_as_html(outputs):
    # WHEN the swagger route is called as a browser calls it
    answer = openapi(outputs, "/swagger")

    # THEN it is an HTML page that loads Swagger UI
    assert answer.status == 200, answer
    assert answer.header("content-type").startswith("text/html")
    assert b"swagger-ui" in answer.body
