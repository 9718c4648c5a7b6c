"""Event handler suite: one set of routes behind a REST API, an HTTP API (AWS_IAM), an ALB with and
without multi-value headers and a Function URL (AWS_IAM), called over HTTP at the URLs in outputs.

Each front door serialises the same route's answer its own way; the table below says how.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from verifiers.lib.http import call, join

ALLOWED_ORIGIN = "https://allowed.example.com"
EXTRA_ORIGIN = "https://alternative.example.com"
COOKIES = ["session=s1; Secure", "theme=dark; HttpOnly; Secure"]


@dataclass(frozen=True)
class FrontDoor:
    url_output: str
    sign: str | None  # SigV4 service name when the front door uses AWS_IAM auth
    error_status: int  # what the client gets when the function raises
    trailing_slash_status: int  # GET /todos/ (only APIGatewayRestResolver ignores a trailing '/')
    every_value: bool  # False: one value per header and query parameter (Powertools and ALB keep the last)

    def values(self, sent: list[str]) -> list[str]:
        """What arrives of several values sent under one name."""
        return sent if self.every_value else sent[-1:]

    def get(self, outputs, path: str, **kwargs):
        return call(join(outputs[self.url_output], path), sign=self.sign, **kwargs)


FRONT_DOORS = {
    "rest-api": FrontDoor("RestApiUrl", None, 502, 200, True),
    "http-api": FrontDoor("HttpApiUrl", "execute-api", 500, 404, True),
    # Without multi-value headers an ALB carries one value per name, both ways.
    "alb": FrontDoor("AlbUrl", None, 502, 404, False),
    "alb-multi-value": FrontDoor("AlbMultiValueUrl", None, 502, 404, True),
    "function-url": FrontDoor("LambdaFunctionUrl", "lambda", 502, 404, True),
}
SIGNED = {name: door for name, door in FRONT_DOORS.items() if door.sign}

every_front_door = pytest.mark.parametrize("door", FRONT_DOORS.values(), ids=FRONT_DOORS.keys())


def header_values(lines: list[str]) -> list[str]:
    """A header's values whether the front door sent one line each or one comma-joined line."""
    return [value.strip() for line in lines for value in line.split(",")]


@every_front_door
def test_path_parameter_and_query_string_reach_the_route(outputs, door):
    # WHEN a route with a path parameter and one with a query string are called
    todo = door.get(outputs, "/todos/42")
    todos = door.get(outputs, "/todos?state=open&tag=a&tag=b")

    # THEN each answers 200 with JSON made from what the front door passed on
    assert (todo.status, todo.json()) == (200, {"todo_id": "42"}), todo
    assert todo.header("content-type") == "application/json"
    assert (todos.status, todos.json()["query"]) == (200, {"state": ["open"], "tag": door.values(["a", "b"])}), todos


@every_front_door
def test_json_body_creates_and_a_bad_one_is_a_400(outputs, door):
    # WHEN a todo is posted with a title, then without one
    created = door.get(outputs, "/todos", method="POST", body={"title": "ship it"})
    rejected = door.get(outputs, "/todos", method="POST", body={"note": "no title"})

    # THEN the first is created (201) and the second is the route's BadRequestError
    assert (created.status, created.json()) == (201, {"created": "ship it"}), created
    assert (rejected.status, rejected.json()) == (400, {"statusCode": 400, "message": "a todo needs a title"})


@every_front_door
def test_unknown_routes_and_missing_items_are_404s(outputs, door):
    # WHEN a path no route serves and an item the route cannot find are requested
    nowhere = door.get(outputs, "/nowhere")
    missing = door.get(outputs, "/todos/missing")

    # THEN both are 404 with Powertools' JSON error body
    assert (nowhere.status, nowhere.json()) == (404, {"statusCode": 404, "message": "Not found"}), nowhere
    assert (missing.status, missing.json()) == (404, {"statusCode": 404, "message": "todo missing not found"})


@every_front_door
def test_an_unhandled_error_is_the_front_doors_own_error_status(outputs, door):
    # WHEN a route raises an exception nobody handles, and another route is called after it
    answer = door.get(outputs, "/fail")
    after = door.get(outputs, "/todos/1")

    # THEN the front door answers its own status for a failed function, and the next call is served
    assert answer.status == door.error_status, answer
    assert (after.status, after.json()) == (200, {"todo_id": "1"}), after


@every_front_door
def test_a_trailing_slash_matches_only_on_the_rest_resolver(outputs, door):
    # WHEN a route is called with a trailing '/'
    answer = door.get(outputs, "/todos/")

    # THEN APIGatewayRestResolver ignores it and the others find no route
    assert answer.status == door.trailing_slash_status, answer


@every_front_door
@pytest.mark.parametrize(
    ("origin", "allowed"),
    [(ALLOWED_ORIGIN, ALLOWED_ORIGIN), (EXTRA_ORIGIN, EXTRA_ORIGIN), ("https://unknown.example.com", None)],
    ids=["allowed-origin", "alternative-origin", "unknown-origin"],
)
def test_cors_headers_name_only_a_configured_origin(outputs, door, origin, allowed):
    # WHEN a route is called from an origin
    answer = door.get(outputs, "/todos/7", headers={"Origin": origin})

    # THEN the route answers, allowing exactly that origin when it is configured and no origin otherwise
    assert (answer.status, answer.json()) == (200, {"todo_id": "7"}), answer
    assert answer.header("access-control-allow-origin") == allowed
    assert (answer.header("access-control-max-age") is not None) == (allowed is not None)


@every_front_door
def test_headers_and_cookies_are_serialised_as_the_front_door_carries_them(outputs, door):
    # WHEN a route answers two values of one header and two cookies
    answer = door.get(outputs, "/headers")

    # THEN the client gets what the front door can carry: every value, or the last one of each
    assert (answer.status, answer.body) == (200, b"headers"), answer
    assert answer.all("set-cookie") == door.values(COOKIES)
    assert header_values(answer.all("x-values")) == door.values(["first", "second"])


@pytest.mark.parametrize("door", SIGNED.values(), ids=SIGNED.keys())
def test_an_unsigned_request_to_an_iam_front_door_is_forbidden(outputs, door):
    # WHEN a route behind AWS_IAM auth is called without a SigV4 signature, then with one
    unsigned = call(join(outputs[door.url_output], "/todos/42"))
    signed = door.get(outputs, "/todos/42")

    # THEN the front door refuses the unsigned one before the function runs and passes the signed one on
    assert unsigned.status == 403, unsigned
    assert (signed.status, signed.json()) == (200, {"todo_id": "42"}), signed


def test_a_cors_preflight_is_answered_by_the_resolver(outputs):
    # WHEN a browser's preflight reaches the REST API
    answer = FRONT_DOORS["rest-api"].get(
        outputs, "/todos", method="OPTIONS",
        headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"},
    )

    # THEN the resolver answers 204 with the methods its routes serve and the origin allowed
    assert answer.status == 204, answer
    assert set(header_values(answer.all("access-control-allow-methods"))) >= {"GET", "POST", "OPTIONS"}
    assert answer.header("access-control-allow-origin") == ALLOWED_ORIGIN
    assert answer.header("access-control-max-age") == "300"
