"""The route table's vocabulary (routing contract): a request as handlers see
it, their reply, the one typed AWS error, and a route."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    raw_path: str
    query: str
    headers: dict[str, str]
    body: bytes
    account: str
    region: str
    source_ip: str


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class AwsError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


Handler = Callable[[Request, Any], Reply]  # the second argument is the shared Cloud


@dataclass(frozen=True)
class Route:
    name: str
    matches: Callable[[Request], bool]
    handle: Handler
