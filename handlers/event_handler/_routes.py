"""The routes every front door's resolver serves, so the suite can compare the front doors."""

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError
from aws_lambda_powertools.event_handler.router import Router
from aws_lambda_powertools.shared.cookies import Cookie

# Origins the suite calls from: the allowed one, one of the extra ones, and any other.
ALLOWED_ORIGIN = "https://allowed.example.com"
EXTRA_ORIGIN = "https://alternative.example.com"

router = Router()


@router.get("/todos")
def list_todos() -> dict:
    # Each front door encodes repeated query parameters its own way; resolved: name -> every value.
    return {"todos": ["write tests", "ship"], "query": router.current_event.resolved_query_string_parameters}


@router.get("/todos/<todo_id>")
def get_todo(todo_id: str) -> dict:
    if todo_id == "missing":
        raise NotFoundError(f"todo {todo_id} not found")
    return {"todo_id": todo_id}


@router.post("/todos")
def create_todo() -> Response:
    body = router.current_event.json_body
    if not isinstance(body, dict) or "title" not in body:
        raise BadRequestError("a todo needs a title")
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body={"created": body["title"]})


@router.get("/headers")
def headers_and_cookies() -> Response:
    """Two values of one header and two cookies: each front door serialises them its own way."""
    return Response(
        status_code=200,
        content_type=content_types.TEXT_PLAIN,
        body="headers",
        headers={"X-Values": ["first", "second"]},
        cookies=[Cookie(name="session", value="s1"), Cookie(name="theme", value="dark", http_only=True)],
    )


@router.get("/fail")
def fail() -> dict:
    raise RuntimeError("an unhandled error in a route")
