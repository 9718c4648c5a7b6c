"""The front door's dispatch: first matching route wins, moto answers the rest,
errors are rendered in the protocol of the service asked."""
from __future__ import annotations

import io
import json
from typing import Any

from localcloud.frontdoor import FrontDoor, read_request
from localcloud.routing import AwsError, Reply, Request, Route


class FakeCloud:
    """Stands in for moto: answers 200 "moto" to whatever reaches it."""

    def __init__(self) -> None:
        self.forwarded: list[Request] = []

    def forward_to_moto(self, request: Request) -> Reply:
        self.forwarded.append(request)
        return Reply(200, [("Content-Type", "text/plain")], b"moto")


def call(app: FrontDoor, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
                               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
                               "REMOTE_ADDR": "127.0.0.1",
                               **{"HTTP_" + k.upper(): v for k, v in headers.items()}}
    answer: list[Any] = []
    chunks = app(environ, lambda status, hdrs: answer.extend([status, dict(hdrs)]))
    return answer[0], answer[1], b"".join(chunks)


def fail(code: str) -> Any:
    def handle(_request: Request, _cloud: Any) -> Reply:
        raise AwsError(400, code, "bad", Type="User")
    return handle


def test_first_matching_route_wins_and_moto_answers_the_rest() -> None:
    cloud = FakeCloud()
    table = [Route("a", lambda r: r.path == "/x", lambda r, c: Reply(201, [], b"first")),
             Route("b", lambda r: r.path.startswith("/x"), lambda r, c: Reply(202, [], b"second"))]
    app = FrontDoor(cloud, table)  # type: ignore[arg-type]
    assert call(app, "GET", "/x")[0] == "201 Created"
    assert call(app, "GET", "/xy")[2] == b"second"
    status, headers, body = call(app, "POST", "/other", b"payload")
    assert (status, body, headers["Content-Length"]) == ("200 OK", b"moto", "4")
    assert cloud.forwarded[0].body == b"payload" and cloud.forwarded[0].method == "POST"


def test_aws_error_is_rendered_per_protocol() -> None:
    app = FrontDoor(FakeCloud(), [Route("e", lambda r: True, fail("NopeException"))])  # type: ignore[arg-type]
    status, headers, body = call(app, "POST", "/", b"{}", X_AMZ_TARGET="Svc.Op")
    assert status == "400 Bad Request" and headers["Content-Type"] == "application/x-amz-json-1.1"
    assert json.loads(body)["__type"] == "NopeException"
    status, headers, body = call(app, "POST", "/rest")
    assert headers["x-amzn-ErrorType"] == "NopeException"
    assert json.loads(body) == {"Type": "User", "message": "bad"}


def test_a_failing_handler_answers_an_aws_500_not_a_traceback() -> None:
    def broken(_request: Request, _cloud: Any) -> Reply:
        raise RuntimeError("bug")

    app = FrontDoor(FakeCloud(), [Route("svc/Op", lambda r: True, broken)])  # type: ignore[arg-type]
    status, headers, body = call(app, "GET", "/")
    assert status == "500 Internal Server Error" and headers["x-amzn-ErrorType"] == "ServiceException"
    assert "svc/Op" in json.loads(body)["message"]


def test_a_route_names_the_message_member_of_its_error_body() -> None:
    # GIVEN a REST service whose errors spell the member "Message"
    app = FrontDoor(FakeCloud(), [Route("svc/Op", lambda r: True, fail("NopeException"),  # type: ignore[arg-type]
                                        message_field="Message")])
    # WHEN its handler raises AwsError
    _, headers, body = call(app, "GET", "/rest")
    # THEN the body carries the message under that name
    assert headers["x-amzn-ErrorType"] == "NopeException"
    assert json.loads(body) == {"Type": "User", "Message": "bad"}


def test_raw_path_is_the_percent_encoded_path_the_client_sent() -> None:
    # GIVEN a request for /a%20b/c%2Fd?q=1 as werkzeug's server hands it over
    environ: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": "/a b/c/d", "QUERY_STRING": "q=1",
                               "RAW_URI": "/a%20b/c%2Fd?q=1", "wsgi.input": io.BytesIO(b"")}
    # WHEN the front door reads it
    request = read_request(environ)
    # THEN the decoded path and the encoded raw path are both there, the query apart
    assert (request.path, request.raw_path, request.query) == ("/a b/c/d", "/a%20b/c%2Fd", "q=1")
    absolute = read_request({**environ, "RAW_URI": "http://127.0.0.1:4566/a%20b/c%2Fd?q=1"})
    assert absolute.raw_path == "/a%20b/c%2Fd"
