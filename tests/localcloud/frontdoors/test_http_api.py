"""HTTP APIs created through boto3 and called over HTTP: payload format 2.0,
routes ($default, ANY /{proxy+}, path parameters), response rules, cookies,
AWS_IAM, CORS preflight and the HTTP API error answers."""
from __future__ import annotations

from typing import Any

import boto3
from kit.frontdoors import answer_mode, call

from localcloud.frontdoor_http.urls import to_local

CORS = {"AllowOrigins": ["*"], "AllowMethods": ["GET", "POST"], "AllowHeaders": ["x-mode"], "MaxAge": 60}


def _http_api(aws_env: Any, echo_arn: str, routes: list[tuple[str, str]], stage: str = "$default",
              payload_format: str = "2.0") -> tuple[str, str]:
    """(api id, localcloud URL of the stage) of a new HTTP API whose routes
    (route key, authorization type) all integrate the echo function."""
    client = boto3.client("apigatewayv2")
    api = client.create_api(Name="echo", ProtocolType="HTTP", CorsConfiguration=CORS)
    integration = client.create_integration(
        ApiId=api["ApiId"], IntegrationType="AWS_PROXY", IntegrationUri=echo_arn,
        PayloadFormatVersion=payload_format)
    for key, auth in routes:
        client.create_route(ApiId=api["ApiId"], RouteKey=key, AuthorizationType=auth,
                            Target=f"integrations/{integration['IntegrationId']}")
    client.create_stage(ApiId=api["ApiId"], StageName=stage, AutoDeploy=True)
    invoke_url = api["ApiEndpoint"] + ("/" if stage == "$default" else f"/{stage}")
    local = to_local(invoke_url, aws_env.endpoint)
    assert local is not None
    return api["ApiId"], local.rstrip("/")


def test_http_api_sends_a_payload_2_0_event_with_path_parameters(aws_env: Any, echo_arn: str) -> None:
    api_id, local = _http_api(aws_env, echo_arn, [("GET /items/{id}", "NONE")])

    answer = call(f"{local}/items/42?q=a&q=b", headers={"Cookie": "k=v", "X-Multi": "1"})

    assert answer.status == 200
    event = answer.json()
    assert event["version"] == "2.0" and event["routeKey"] == "GET /items/{id}"
    assert event["rawPath"] == "/items/42" and event["rawQueryString"] == "q=a&q=b"
    assert event["queryStringParameters"] == {"q": "a,b"}
    assert event["pathParameters"] == {"id": "42"} and event["cookies"] == ["k=v"]
    assert event["headers"]["x-multi"] == "1"
    context = event["requestContext"]
    assert context["apiId"] == api_id and context["stage"] == "$default"
    assert context["routeKey"] == "GET /items/{id}" and context["http"]["method"] == "GET"
    assert context["domainName"] == f"{api_id}.execute-api.us-east-1.amazonaws.com"


def test_http_api_greedy_route_and_default_route(aws_env: Any, echo_arn: str) -> None:
    _, local = _http_api(aws_env, echo_arn, [("ANY /{proxy+}", "NONE"), ("$default", "NONE")])

    greedy = call(f"{local}/a/b%20c", "DELETE").json()
    fallback = call(f"{local}/").json()

    assert greedy["routeKey"] == "ANY /{proxy+}" and greedy["pathParameters"] == {"proxy": "a/b c"}
    assert greedy["rawPath"] == "/a/b%20c"
    assert fallback["routeKey"] == "$default" and fallback["rawPath"] == "/"


def test_http_api_named_stage_keeps_the_stage_in_raw_path(aws_env: Any, echo_arn: str) -> None:
    _, local = _http_api(aws_env, echo_arn, [("GET /hello", "NONE")], stage="dev")

    event = call(f"{local}/hello").json()

    assert local.endswith("/dev")
    assert event["rawPath"] == "/dev/hello" and event["requestContext"]["stage"] == "dev"


def test_http_api_applies_the_2_0_response_rules_and_cookies(aws_env: Any, echo_arn: str) -> None:
    _, local = _http_api(aws_env, echo_arn, [("POST /r", "NONE")])

    bare_string = call(f"{local}/r", **answer_mode("hello"))
    shaped = call(f"{local}/r", **answer_mode({"statusCode": 418, "body": "tea", "cookies": ["a=1", "b=2"]}))

    assert bare_string.status == 200 and bare_string.header("content-type") == "application/json"
    assert bare_string.body == b'"hello"'
    assert shaped.status == 418 and shaped.body == b"tea" and shaped.all("set-cookie") == ["a=1", "b=2"]


def test_http_api_aws_iam_route_needs_a_signature(aws_env: Any, echo_arn: str) -> None:
    _, local = _http_api(aws_env, echo_arn, [("GET /private", "AWS_IAM")])

    unsigned = call(f"{local}/private")
    signed = call(f"{local}/private", sign="execute-api")

    assert unsigned.status == 403 and unsigned.json() == {"message": "Forbidden"}
    assert signed.status == 200 and "iam" in signed.json()["requestContext"]["authorizer"]


def test_http_api_answers_cors_preflight_without_an_options_route(aws_env: Any, echo_arn: str) -> None:
    _, local = _http_api(aws_env, echo_arn, [("POST /r", "NONE")])

    answer = call(f"{local}/r", "OPTIONS", headers={"Origin": "https://x.example",
                                                    "Access-Control-Request-Method": "POST"})

    assert answer.status == 204
    assert answer.header("access-control-allow-origin") == "*"
    assert answer.header("access-control-allow-methods") == "GET,POST"
    assert answer.header("access-control-allow-headers") == "x-mode"


def test_http_api_answers_404_without_a_route_and_500_on_a_function_error(aws_env: Any,
                                                                           echo_arn: str) -> None:
    _, local = _http_api(aws_env, echo_arn, [("GET /r", "NONE")])

    missing = call(f"{local}/nothing-here")
    failed = call(f"{local}/r", headers={"x-mode": "fail"})

    assert missing.status == 404 and missing.json() == {"message": "Not Found"}
    assert failed.status == 500 and failed.json() == {"message": "Internal Server Error"}


def test_http_api_payload_1_0_integration_sends_the_v1_event(aws_env: Any, echo_arn: str) -> None:
    _, local = _http_api(aws_env, echo_arn, [("GET /items/{id}", "NONE")], payload_format="1.0")

    event = call(f"{local}/items/9").json()

    assert event["resource"] == "/items/{id}" and event["path"] == "/items/9"
    assert event["pathParameters"] == {"id": "9"} and event["httpMethod"] == "GET"
    assert event["requestContext"]["path"] == "/items/9" and event["requestContext"]["stage"] == "$default"
