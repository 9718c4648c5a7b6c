"""The route-table types every service folder codes against (the routing
contract). Minimal copy for the front doors; the restructure's version wins."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from localcloud.cloud import Cloud


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # PATH_INFO as received (percent-decoded by WSGI)
    raw_path: str  # RAW_URI/REQUEST_URI path part when available, else path
    query: str  # raw QUERY_STRING, "" when none
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes
    account: str
    region: str
    source_ip: str


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]  # a list: Set-Cookie may repeat
    body: bytes


class AwsError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


Handler = Callable[[Request, "Cloud"], Reply]


@dataclass(frozen=True)
class Route:
    name: str
    matches: Callable[[Request], bool]
    handle: Handler
