"""The front door's vocabulary: a request as every service handler sees it, the
reply it gives, the one AWS error type, and a route (a predicate and a handler).
Handlers are stateless: shared state reaches them as the `Cloud` argument."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from localcloud.cloud import Cloud


@dataclass(frozen=True)
class Request:
    method: str  # "GET", "POST", ...
    path: str  # PATH_INFO as received (percent-decoded by WSGI)
    raw_path: str  # RAW_URI/REQUEST_URI path part when available, else path
    query: str  # raw QUERY_STRING, "" when none
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes
    account: str  # from the SigV4 credential scope, as moto derives it
    region: str
    source_ip: str  # REMOTE_ADDR
    # The host of an absolute-form target (`GET http://<host>/p`, a call through a proxy);
    # "" for a request addressed to localcloud itself.
    proxy_host: str = ""
    proxy_authorization: str = ""  # what the client sent the proxy; not among `headers`

    @property
    def target(self) -> str:
        """X-Amz-Target of the x-amz-json protocols ("" for REST services)."""
        return self.headers.get("x-amz-target", "")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]  # a list: Set-Cookie may repeat
    body: bytes


class AwsError(Exception):
    """An error as AWS reports it; the front door renders it in the protocol of
    the service asked (x-amz-json `__type` body, or REST `x-amzn-ErrorType`).
    `fields` are extra members of the error body some services send (Lambda's
    `Type`, `Reason`)."""

    def __init__(self, status: int, code: str, message: str, **fields: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields


class Unreachable(Exception):
    """The caller's network has no route to what it asked for: as on AWS, no
    connection is made, so the front door drops the connection without an answer."""


Handler = Callable[[Request, "Cloud"], Reply]


@dataclass(frozen=True)
class Route:
    name: str  # service/operation, for logs
    matches: Callable[[Request], bool]
    handle: Handler
    # The error body's message member: most services spell it "message",
    # some REST services (AppConfig, AppConfigData) "Message".
    message_field: str = "message"

