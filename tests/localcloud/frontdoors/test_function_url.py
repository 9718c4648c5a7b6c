"""Function URLs created through boto3 and called over HTTP: the URL's shape,
payload format 2.0, AuthType NONE and AWS_IAM, CORS and errors."""
from __future__ import annotations

from typing import Any

import boto3
import pytest
from kit.frontdoors import answer_mode, call

from localcloud.frontdoor_http.urls import to_local

CORS = {"AllowOrigins": ["https://app.example.com"], "AllowMethods": ["GET", "POST"],
        "AllowHeaders": ["content-type", "x-mode"], "ExposeHeaders": ["x-trace"], "MaxAge": 300}


def _function_url(aws_env: Any, echo_arn: str, auth: str = "NONE") -> tuple[str, str]:
    """(AWS URL, localcloud URL) of a new Function URL of the echo function."""
    url = boto3.client("lambda").create_function_url_config(
        FunctionName=echo_arn, AuthType=auth, Cors=CORS)["FunctionUrl"]
    local = to_local(url, aws_env.endpoint)
    assert local is not None
    return url, local


def test_function_url_is_aws_shaped_with_its_trailing_slash(aws_env: Any, echo_arn: str) -> None:
    url, local = _function_url(aws_env, echo_arn)
    assert url.startswith("https://") and url.endswith(".lambda-url.us-east-1.on.aws/")
    assert boto3.client("lambda").get_function_url_config(FunctionName=echo_arn)["FunctionUrl"] == url
    assert local == f"{aws_env.endpoint}/_aws/lambda-url/{url[8:].split('.', 1)[0]}/"


def test_function_url_sends_a_payload_2_0_event(aws_env: Any, echo_arn: str) -> None:
    url, local = _function_url(aws_env, echo_arn)
    url_id = url[8:].split(".", 1)[0]

    answer = call(f"{local}todos/7?a=1&a=2&b=x%20y", headers={"Cookie": "s=1; t=2", "User-Agent": "ua/1"})

    assert answer.status == 200
    event = answer.json()
    assert event["version"] == "2.0" and event["routeKey"] == "$default"
    assert event["rawPath"] == "/todos/7" and event["rawQueryString"] == "a=1&a=2&b=x%20y"
    assert event["queryStringParameters"] == {"a": "1,2", "b": "x y"}
    assert event["cookies"] == ["s=1", "t=2"] and "cookie" not in event["headers"]
    assert event["isBase64Encoded"] is False and "body" not in event
    context = event["requestContext"]
    assert context["http"] == {"method": "GET", "path": "/todos/7", "protocol": "HTTP/1.1",
                               "sourceIp": "127.0.0.1", "userAgent": "ua/1"}
    assert context["domainName"] == f"{url_id}.lambda-url.us-east-1.on.aws"
    assert context["apiId"] == url_id and context["stage"] == "$default"
    assert context["accountId"] == "anonymous" and "authorizer" not in context


def test_function_url_applies_the_2_0_response_rules(aws_env: Any, echo_arn: str) -> None:
    _, local = _function_url(aws_env, echo_arn)

    bare = call(local, **answer_mode({"todo": 1}))
    shaped = call(local, **answer_mode({"statusCode": 201, "body": "made", "headers": {"x-a": "b"},
                                        "cookies": ["c1=1; Secure", "c2=2"]}))

    assert bare.status == 200 and bare.header("content-type") == "application/json"
    assert bare.json() == {"todo": 1}
    assert shaped.status == 201 and shaped.body == b"made" and shaped.header("x-a") == "b"
    assert shaped.all("set-cookie") == ["c1=1; Secure", "c2=2"]


def test_function_url_with_aws_iam_needs_a_signature(aws_env: Any, echo_arn: str) -> None:
    _, local = _function_url(aws_env, echo_arn, auth="AWS_IAM")

    unsigned = call(local)
    signed = call(local, sign="lambda")

    assert unsigned.status == 403 and unsigned.json() == {"Message": "Forbidden"}
    assert signed.status == 200
    assert signed.json()["requestContext"]["authorizer"]["iam"]["accessKey"] == "test"


def test_function_url_answers_a_cors_preflight(aws_env: Any, echo_arn: str) -> None:
    _, local = _function_url(aws_env, echo_arn)

    preflight = call(local, "OPTIONS", headers={"Origin": "https://app.example.com",
                                                "Access-Control-Request-Method": "POST"})
    simple = call(local, headers={"Origin": "https://app.example.com"})
    foreign = call(local, headers={"Origin": "https://evil.example.com"})

    assert preflight.status == 204
    assert preflight.header("access-control-allow-origin") == "https://app.example.com"
    assert preflight.header("access-control-allow-methods") == "GET,POST"
    assert preflight.header("access-control-max-age") == "300"
    assert simple.header("access-control-allow-origin") == "https://app.example.com"
    assert simple.header("access-control-expose-headers") == "x-trace"
    assert foreign.status == 200 and foreign.header("access-control-allow-origin") is None


@pytest.mark.parametrize("answer", [{"statusCode": "not a number"}, {"statusCode": 200, "body": {"a": 1}}])
def test_function_url_answers_502_on_a_malformed_answer(aws_env: Any, echo_arn: str,
                                                        answer: dict[str, Any]) -> None:
    _, local = _function_url(aws_env, echo_arn)
    assert call(local, **answer_mode(answer)).status == 502


def test_function_url_answers_502_when_the_function_fails(aws_env: Any, echo_arn: str) -> None:
    _, local = _function_url(aws_env, echo_arn)
    assert call(local, headers={"x-mode": "fail"}).status == 502
