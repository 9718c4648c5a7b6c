"""Acceptance: the Terraform AWS provider, unchanged, applies and destroys a
role, a layer version, a log group and a traced function with a layer against
localcloud with only AWS_ENDPOINT_URL and dummy credentials set."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import boto3
import pytest
from kit.cloud import log_messages
from kit.terraform import terraform, terraform_env
from kit.zips import zip_files

FIXTURE = Path(__file__).parent / "fixtures" / "terraform_compat"


@pytest.mark.slow(seconds=25)
def test_terraform_applies_and_destroys_a_traced_function_with_a_layer(
        aws_env: Any, tmp_path: Path) -> None:
    workdir = tmp_path / "root"
    shutil.copytree(FIXTURE, workdir)
    (tmp_path / "function.zip").write_bytes(zip_files({"app.py": """
        import os
        import greeting
        def handler(event, context):
            return greeting.greet(os.environ["GREETING"])
        """}))
    (tmp_path / "layer.zip").write_bytes(zip_files({"python/greeting.py": """
        def greet(word):
            return word + " from the layer"
        """}))
    env = terraform_env(tmp_path, aws_env.env)
    name = f"tf-{tmp_path.name[-8:].replace('_', '-')}".lower()
    variables = ["-var", f"name={name}", "-var", f"function_zip={tmp_path / 'function.zip'}",
                 "-var", f"layer_zip={tmp_path / 'layer.zip'}"]
    terraform(workdir, env, "init", "-input=false", "-no-color")
    terraform(workdir, env, "apply", "-auto-approve", "-input=false", "-no-color", *variables)
    outputs = json.loads(terraform(workdir, env, "output", "-json"))
    assert outputs["function_name"]["value"] == name

    lambda_client = boto3.client("lambda")
    config = lambda_client.get_function_configuration(FunctionName=name)
    assert config["TracingConfig"]["Mode"] == "Active"
    assert [layer["Arn"] for layer in config["Layers"]] == [outputs["layer_arn"]["value"]]
    response = lambda_client.invoke(FunctionName=name)
    assert json.loads(response["Payload"].read()) == "hello from the layer"
    logs = boto3.client("logs")
    assert list(log_messages(logs, f"/aws/lambda/{name}").values())[0][0].startswith("INIT_START")
    plan = terraform(workdir, env, "plan", "-detailed-exitcode", "-input=false", "-no-color", *variables)
    assert "No changes." in plan

    terraform(workdir, env, "destroy", "-auto-approve", "-input=false", "-no-color", *variables)
    assert name not in [f["FunctionName"] for f in lambda_client.list_functions()["Functions"]]
    assert not logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{name}")["logGroups"]
    assert not lambda_client.list_layer_versions(LayerName=f"{name}-deps")["LayerVersions"]
