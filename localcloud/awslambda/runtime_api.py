"""The Lambda Runtime API (2018-06-01) of one execution environment: the
runtime interface client in the child polls `invocation/next` and posts the
result back. Each environment has its own server on a free loopback port."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

PREFIX = "/2018-06-01/runtime/"


class Invocation(Protocol):
    request_id: str
    payload: bytes
    headers: dict[str, str]


class RuntimeHost(Protocol):
    """What the environment offers its Runtime API server."""

    def next_invocation(self) -> Invocation | None: ...
    def invocation_result(self, request_id: str, body: bytes, error_type: str | None) -> bool: ...
    def init_error(self, body: bytes, error_type: str | None) -> None: ...


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the client reuses one connection
    disable_nagle_algorithm = True  # small replies would otherwise wait for delayed ACKs
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return

    def _reply(self, status: int, body: bytes = b'{"status":"OK"}',
               headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path != PREFIX + "invocation/next":
            self._reply(404, b'{"errorType":"NotFound"}')
            return
        invocation = self.server.host.next_invocation()
        if invocation is None:  # environment retired while waiting
            self._reply(410, b'{"errorType":"EnvironmentShutdown"}')
            self.close_connection = True
            return
        # Content-Type is mandatory: awslambdaric's client crashes without it.
        self._reply(200, invocation.payload, invocation.headers)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
        path = self.path[len(PREFIX):] if self.path.startswith(PREFIX) else ""
        parts = path.split("/")
        if path == "init/error":
            self.server.host.init_error(body, error_type)
            self._reply(202)
        elif len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
            accepted = self.server.host.invocation_result(
                parts[1], body, (error_type or "Unhandled") if parts[2] == "error" else None)
            if accepted:
                self._reply(202)
            else:
                self._reply(400, json.dumps({"errorType": "InvalidRequestID",
                                             "errorMessage": "unknown request id"}).encode())
        else:
            self._reply(404, b'{"errorType":"NotFound"}')


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    host: RuntimeHost

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a killed child drops its connection mid-request; nothing to report


class RuntimeApiServer:
    def __init__(self, host: RuntimeHost) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.host = host
        self.address = "127.0.0.1:%d" % self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.5}, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Returns at once; the serving thread notices within its poll interval."""
        threading.Thread(target=self._shutdown, daemon=True).start()

    def _shutdown(self) -> None:
        self._server.shutdown()
        self._server.server_close()
