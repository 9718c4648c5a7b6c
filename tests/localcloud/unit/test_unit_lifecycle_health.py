"""The health probe the CLI and the lease ledger rely on, against a slow answer."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from localcloud.core import lifecycle
from localcloud.core.ports import free_port


class _SlowHealth(BaseHTTPRequestHandler):
    """A localcloud too busy to answer at once, as under parallel applies on a loaded machine."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        time.sleep(3)
        body = json.dumps({"status": "ok", "pid": 4242}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return


def test_a_localcloud_that_answers_health_slowly_is_still_the_running_one() -> None:
    # GIVEN a server on the port that answers its health check after 3 s
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowHealth)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # WHEN the CLI asks after it
        pid = lifecycle.healthy_pid(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()

    # THEN it is seen as running (a second `up` on its port would fail, a release would not stop it)
    assert pid == 4242


def test_nothing_listening_is_not_running() -> None:
    # GIVEN a port nothing listens on
    port = free_port(socket.SOCK_STREAM)

    # WHEN the CLI asks after it, THEN the answer is "not running"
    assert lifecycle.health(port) is None
