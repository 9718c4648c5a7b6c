"""Acceptance: the Terraform AWS provider, unchanged, applies an HTTP API, a
REST API and a Function URL for one function; each output URL, rewritten by
`to_local`, answers over HTTP; a second plan shows no drift; destroy removes them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import boto3
import pytest
from kit.frontdoors import ECHO, call
from kit.terraform import terraform, terraform_env
from kit.zips import zip_files

from localcloud.frontdoor_http.urls import to_local

FIXTURE = Path(__file__).parent / "fixtures" / "terraform_frontdoors"


def _local(outputs: dict[str, Any], name: str, endpoint: str) -> str:
    local = to_local(outputs[name]["value"], endpoint)
    assert local is not None, f"{name} = {outputs[name]['value']} is no front-door URL"
    return local


@pytest.mark.slow(seconds=65)
def test_terraform_front_doors_answer_at_their_local_urls(aws_env: Any, tmp_path: Path) -> None:
    workdir = tmp_path / "root"
    shutil.copytree(FIXTURE, workdir)
    (tmp_path / "function.zip").write_bytes(zip_files({"app.py": ECHO}))
    env = terraform_env(tmp_path, aws_env.env)
    name = f"tf-{tmp_path.name[-8:].replace('_', '-')}".lower()
    variables = ["-var", f"name={name}", "-var", f"function_zip={tmp_path / 'function.zip'}"]
    terraform(workdir, env, "init", "-input=false", "-no-color")
    terraform(workdir, env, "apply", "-auto-approve", "-input=false", "-no-color", *variables)
    outputs = json.loads(terraform(workdir, env, "output", "-json"))

    assert outputs["function_url"]["value"].endswith(".on.aws/")
    function_url = call(f"{_local(outputs, 'function_url', aws_env.endpoint)}todos").json()
    http_api = call(f"{_local(outputs, 'http_api_url', aws_env.endpoint).rstrip('/')}/hello/ann").json()
    rest_api = call(f"{_local(outputs, 'rest_api_url', aws_env.endpoint)}/a/b").json()

    assert function_url["rawPath"] == "/todos" and function_url["version"] == "2.0"
    assert http_api["routeKey"] == "GET /hello/{name}" and http_api["pathParameters"] == {"name": "ann"}
    assert rest_api["resource"] == "/{proxy+}" and rest_api["pathParameters"] == {"proxy": "a/b"}
    assert rest_api["requestContext"]["stage"] == "test"

    plan = terraform(workdir, env, "plan", "-detailed-exitcode", "-input=false", "-no-color", *variables)
    assert "No changes." in plan

    terraform(workdir, env, "destroy", "-auto-approve", "-input=false", "-no-color", *variables)
    assert name not in [f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]]
    http_apis = boto3.client("apigatewayv2").get_apis()["Items"]
    rest_apis = boto3.client("apigateway").get_rest_apis()["items"]
    assert f"{name}-http" not in [api["Name"] for api in http_apis]
    assert f"{name}-rest" not in [api["name"] for api in rest_apis]
