"""The verifier library's HTTP client goes through the environment's proxy as
urllib does, and an internal load balancer fails a suite running outside the
cloud with a message naming RUNNER=lambda."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from verifiers.lib import http, reach

INTERNAL = "internal-e2e-r1-private-1.us-east-1.elb.amazonaws.com"


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.seen.append((self.path, self.headers.get("Proxy-Authorization")))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    """A loopback HTTP server recording each request's target and Proxy-Authorization."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


def test_a_call_goes_through_the_http_proxy_with_its_credentials(recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN an environment whose http_proxy carries credentials, as a VPC function's does on localcloud
    address, seen = recorder
    monkeypatch.setenv("http_proxy", f"http://vpc-1:s%3Acret@{address}")
    monkeypatch.setenv("no_proxy", "localhost")
    # WHEN a suite calls an internal ALB at its DNS name
    answer = http.call(f"http://{INTERNAL}/todos?page=2")

    # THEN the proxy got the absolute URL and the decoded credentials
    assert answer.status == 200 and answer.body == b"ok"
    assert seen == [(f"http://{INTERNAL}/todos?page=2", "Basic " + base64.b64encode(b"vpc-1:s:cret").decode())]


def test_a_host_in_no_proxy_is_called_directly(recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a proxy that must not be used for loopback
    address, seen = recorder
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    # WHEN the suite calls the loopback server
    answer = http.call(f"http://{address}/direct")

    # THEN it was called directly, with an origin-form target and no proxy credentials
    assert answer.status == 200 and seen == [("/direct", None)]


def test_an_internal_alb_fails_a_suite_outside_the_cloud_naming_runner_lambda(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a suite running on the machine that deployed (no Lambda variables)
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    # WHEN it asks to reach an internal ALB
    with pytest.raises(pytest.fail.Exception) as failure:
        reach.require_reachable("InternalAlbDns", INTERNAL)

    # THEN it fails at once, saying the resource is internal and naming RUNNER=lambda
    assert "internal load balancer" in str(failure.value) and "RUNNER=lambda" in str(failure.value)


@pytest.mark.parametrize(("inside", "dns"), [
    (True, INTERNAL),
    (False, "e2e-r1-public-1.us-east-1.elb.amazonaws.com"),
], ids=["internal-inside-lambda", "internet-facing-outside"])
def test_a_reachable_load_balancer_is_given_back(monkeypatch: pytest.MonkeyPatch, inside: bool, dns: str) -> None:
    # GIVEN a suite inside Lambda, or an internet-facing ALB
    if inside:
        monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "e2e-r1-private-Runner")
    else:
        monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    # WHEN the suite asks to reach it
    # THEN it gets the DNS name to call
    assert reach.require_reachable("AlbDns", dns) == dns
