"""REST APIs (v1) created through boto3 and called over HTTP: the proxy event,
`{param}` and `{proxy+}` resources, ANY, stage variables, AWS_IAM and the
REST API error answers."""
from __future__ import annotations

import base64
from typing import Any

import boto3
import pytest
from kit.frontdoors import answer_mode, call

from localcloud.frontdoor_http.urls import to_local


def _rest_api(aws_env: Any, echo_arn: str, methods: list[tuple[str, str, str]],
              binary_media_types: tuple[str, ...] = ()) -> tuple[str, str]:
    """(api id, localcloud URL of stage `test`) of a new REST API whose
    methods (resource path, HTTP method, authorization) proxy to the echo function."""
    client = boto3.client("apigateway")
    api_id = client.create_rest_api(name="echo", binaryMediaTypes=list(binary_media_types))["id"]
    ids = {"/": client.get_resources(restApiId=api_id)["items"][0]["id"]}
    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{echo_arn}/invocations"
    for path, method, auth in methods:
        parent = "/"
        for part in [p for p in path.split("/") if p]:
            child = f"{parent.rstrip('/')}/{part}"
            if child not in ids:
                ids[child] = client.create_resource(restApiId=api_id, parentId=ids[parent],
                                                    pathPart=part)["id"]
            parent = child
        client.put_method(restApiId=api_id, resourceId=ids[path], httpMethod=method, authorizationType=auth)
        client.put_integration(restApiId=api_id, resourceId=ids[path], httpMethod=method,
                               type="AWS_PROXY", integrationHttpMethod="POST", uri=uri)
    client.create_deployment(restApiId=api_id, stageName="test", variables={"env": "t"})
    local = to_local(f"https://{api_id}.execute-api.us-east-1.amazonaws.com/test", aws_env.endpoint)
    assert local is not None
    return api_id, local


def test_rest_api_sends_the_v1_proxy_event(aws_env: Any, echo_arn: str) -> None:
    api_id, local = _rest_api(aws_env, echo_arn, [("/items/{id}", "GET", "NONE")])

    answer = call(f"{local}/items/42?q=a&q=b&r=1", headers={"User-Agent": "ua/1"})

    assert answer.status == 200 and answer.header("content-type") == "application/json"
    event = answer.json()
    assert event["resource"] == "/items/{id}" and event["path"] == "/items/42"
    assert event["httpMethod"] == "GET" and event["pathParameters"] == {"id": "42"}
    assert event["queryStringParameters"] == {"q": "b", "r": "1"}
    assert event["multiValueQueryStringParameters"] == {"q": ["a", "b"], "r": ["1"]}
    assert event["headers"]["user-agent"] == "ua/1" and event["multiValueHeaders"]["user-agent"] == ["ua/1"]
    assert event["stageVariables"] == {"env": "t"}
    assert event["body"] is None and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert (context["stage"], context["apiId"], context["resourcePath"]) == ("test", api_id, "/items/{id}")
    assert context["path"] == "/test/items/42" and context["httpMethod"] == "GET"
    assert context["identity"]["sourceIp"] == "127.0.0.1" and context["protocol"] == "HTTP/1.1"
    assert context["accountId"] == "123456789012" and isinstance(context["requestTimeEpoch"], int)
    assert context["requestId"]


def test_rest_api_greedy_any_resource_and_binary_media_types(aws_env: Any, echo_arn: str) -> None:
    _, local = _rest_api(aws_env, echo_arn, [("/{proxy+}", "ANY", "NONE")], ("image/*",))

    event = call(f"{local}/a/b", "PUT", headers={"content-type": "image/png"}, body=b"\x00\xff").json()
    text = call(f"{local}/c", "POST", headers={"content-type": "application/octet-stream"},
                body=b"abc").json()

    assert event["resource"] == "/{proxy+}" and event["pathParameters"] == {"proxy": "a/b"}
    assert event["httpMethod"] == "PUT" and event["queryStringParameters"] is None
    assert event["body"] == base64.b64encode(b"\x00\xff").decode() and event["isBase64Encoded"] is True
    assert text["body"] == "abc" and text["isBase64Encoded"] is False


def test_rest_api_maps_the_proxy_response(aws_env: Any, echo_arn: str) -> None:
    _, local = _rest_api(aws_env, echo_arn, [("/r", "POST", "NONE")], ("image/png",))
    document = {"statusCode": 201, "headers": {"x-one": "1"},
                "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
                "body": base64.b64encode(b"\x01\x02").decode(), "isBase64Encoded": True}
    binary, as_text = answer_mode(document), answer_mode(document)
    binary["headers"] = {**binary["headers"], "accept": "image/png"}

    answer = call(f"{local}/r", **binary)
    not_asked_as_binary = call(f"{local}/r", **as_text)

    assert answer.status == 201 and answer.body == b"\x01\x02"
    assert answer.header("x-one") == "1" and answer.all("set-cookie") == ["a=1", "b=2"]
    assert not_asked_as_binary.body == base64.b64encode(b"\x01\x02")


def test_rest_api_unknown_route_is_missing_authentication_token(aws_env: Any, echo_arn: str) -> None:
    _, local = _rest_api(aws_env, echo_arn, [("/r", "GET", "NONE")])

    for answer in (call(f"{local}/nowhere"), call(f"{local}/r", "DELETE")):
        assert answer.status == 403 and answer.json() == {"message": "Missing Authentication Token"}


def test_rest_api_aws_iam_method_without_signature_is_refused(aws_env: Any, echo_arn: str) -> None:
    _, local = _rest_api(aws_env, echo_arn, [("/private", "GET", "AWS_IAM")])

    answer = call(f"{local}/private")

    assert answer.status == 403 and answer.json() == {"message": "Missing Authentication Token"}


@pytest.mark.parametrize("mode", [{"headers": {"x-mode": "fail"}},
                                  answer_mode({"body": "no status code"}),
                                  answer_mode({"statusCode": 200, "body": {"not": "a string"}})])
def test_rest_api_answers_502_on_a_function_error_or_malformed_answer(
        aws_env: Any, echo_arn: str, mode: dict[str, Any]) -> None:
    _, local = _rest_api(aws_env, echo_arn, [("/r", "ANY", "NONE")])

    answer = call(f"{local}/r", **mode)

    assert answer.status == 502 and answer.json() == {"message": "Internal server error"}


def test_rest_api_integration_of_a_missing_function_answers_500(aws_env: Any) -> None:
    missing = "arn:aws:lambda:us-east-1:123456789012:function:no-such-function"
    _, local = _rest_api(aws_env, missing, [("/r", "GET", "NONE")])

    answer = call(f"{local}/r")

    assert answer.status == 500 and answer.json() == {"message": "Internal server error"}
