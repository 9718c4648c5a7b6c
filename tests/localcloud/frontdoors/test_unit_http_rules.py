"""The HTTP rules the front doors share, without a server: route precedence,
CORS origins, and the payload 2.0 response rules."""
from __future__ import annotations

import pytest

from localcloud.frontdoor_http import cors, payload_v2
from localcloud.frontdoor_http.paths import best_match
from localcloud.routing import Reply, Request


def _request(method: str = "GET", **headers: str) -> Request:
    return Request(method=method, path="/", raw_path="/", query="", headers=headers, body=b"",
                   account="123456789012", region="us-east-1", source_ip="127.0.0.1")


@pytest.mark.parametrize(("path", "template", "params"), [
    ("/items/special", "/items/special", {}),
    ("/items/7", "/items/{id}", {"id": "7"}),
    ("/items/7/parts/9", "/items/{proxy+}", {"proxy": "7/parts/9"}),
    ("/other", "/{proxy+}", {"proxy": "other"}),
])
def test_the_most_specific_template_wins(path: str, template: str, params: dict[str, str]) -> None:
    templates = ["/{proxy+}", "/items/{proxy+}", "/items/{id}", "/items/special"]
    assert best_match(templates, path) == (template, params)


def test_a_greedy_template_needs_at_least_one_segment() -> None:
    assert best_match(["/{proxy+}"], "/") is None
    assert best_match(["/", "/{proxy+}"], "/") == ("/", {})


def test_cors_origin_patterns_and_the_functions_own_cors_headers_are_replaced() -> None:
    config = {"allowOrigins": ["https://*"], "exposeHeaders": ["x-id"]}
    reply = Reply(200, [("Access-Control-Allow-Origin", "*"), ("x-id", "1")], b"")

    allowed = cors.with_cors(_request(origin="https://a.example"), config, reply)
    refused = cors.with_cors(_request(origin="http://a.example"), config, reply)

    assert ("Access-Control-Allow-Origin", "https://a.example") in allowed.headers
    assert ("Access-Control-Expose-Headers", "x-id") in allowed.headers
    assert refused.headers == [("x-id", "1")]


def test_a_preflight_needs_origin_and_requested_method() -> None:
    config = {"AllowOrigins": ["*"]}
    preflight = _request("OPTIONS", origin="o", **{"access-control-request-method": "GET"})
    assert cors.is_preflight(preflight, config)
    assert not cors.is_preflight(_request("OPTIONS", origin="o"), config)
    assert not cors.is_preflight(preflight, None)


@pytest.mark.parametrize(("payload", "status", "body"), [
    (b'"hello"', 200, b'"hello"'),
    (b'{"a": 1}', 200, b'{"a": 1}'),
    (b'{"statusCode": "201", "body": "x"}', 201, b"x"),
    (b'{"statusCode": 204}', 204, b""),
])
def test_payload_2_0_response_rules(payload: bytes, status: int, body: bytes) -> None:
    reply = payload_v2.reply(payload)
    assert (reply.status, reply.body) == (status, body)


@pytest.mark.parametrize("payload", [b"not json", b'{"statusCode": true}', b'{"statusCode": 200, "body": 5}'])
def test_payload_2_0_malformed_answers_are_refused(payload: bytes) -> None:
    with pytest.raises(ValueError):
        payload_v2.reply(payload)
