"""Function configuration and limits that change how an invoke runs: memory,
published versions, a configured log group, layers, client context, reserved
concurrency and payload sizes."""
from __future__ import annotations

import base64
import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from kit.cloud import log_messages
from kit.zips import zip_files


def test_memory_size_is_enforced(lambda_client: Any, logs_client: Any,
                                 make_function: Callable[..., str]) -> None:
    name = make_function("""
        import time
        def handler(event, context):
            hog = bytearray(300 * 1024 * 1024)  # beyond the 128 MB the function has
            hog[::4096] = b"x" * len(hog[::4096])
            time.sleep(2)
            return len(hog)
        """)
    response = lambda_client.invoke(FunctionName=name)
    body = json.loads(response["Payload"].read())
    assert response["FunctionError"] == "Unhandled" and body["errorType"] == "Runtime.OutOfMemory"
    report = next(line for lines in log_messages(logs_client, f"/aws/lambda/{name}").values()
                  for line in lines if line.startswith("REPORT"))
    assert "Status: error\tError Type: Runtime.OutOfMemory" in report
    used = re.search(r"Max Memory Used: (\d+) MB", report)
    assert used and int(used.group(1)) > 128


def test_a_short_memory_peak_is_also_out_of_memory(lambda_client: Any,
                                                   make_function: Callable[..., str]) -> None:
    name = make_function("""
        def handler(event, context):
            hog = bytearray(300 * 1024 * 1024)
            hog[::4096] = b"x" * len(hog[::4096])
            return len(hog)
        """)
    response = lambda_client.invoke(FunctionName=name)
    assert json.loads(response["Payload"].read())["errorType"] == "Runtime.OutOfMemory"


def test_published_version_runs_its_own_code(lambda_client: Any, logs_client: Any,
                                             make_function: Callable[..., str]) -> None:
    name = make_function("def handler(event, context):\n    return ['v1', context.function_version]\n")
    version = lambda_client.publish_version(FunctionName=name)["Version"]
    lambda_client.update_function_code(FunctionName=name, ZipFile=zip_files(
        {"app.py": "def handler(event, context):\n    return ['latest', context.function_version]\n"}))
    published = lambda_client.invoke(FunctionName=name, Qualifier=version)
    assert json.loads(published["Payload"].read()) == ["v1", version]
    assert published["ExecutedVersion"] == version
    latest = lambda_client.invoke(FunctionName=name, Qualifier="$LATEST")
    assert json.loads(latest["Payload"].read()) == ["latest", "$LATEST"]
    streams = log_messages(logs_client, f"/aws/lambda/{name}")
    assert sorted(stream.split("]")[0].split("[")[1] for stream in streams) == sorted([version, "$LATEST"])


def test_logging_config_log_group_is_used(lambda_client: Any, logs_client: Any,
                                          make_function: Callable[..., str]) -> None:
    group = f"/custom/{uuid.uuid4().hex}"
    name = make_function("def handler(event, context):\n    print('to custom')\n",
                         LoggingConfig={"LogFormat": "Text", "LogGroup": group})
    lambda_client.invoke(FunctionName=name)
    assert "to custom" in [line for lines in log_messages(logs_client, group).values() for line in lines]


def test_logging_config_log_group_belongs_to_the_function_of_its_region(
        lambda_client: Any, role_arn: str) -> None:
    # GIVEN functions of the same name in two regions, the one created last with its own log group
    group, name = f"/custom/{uuid.uuid4().hex}", f"t-{uuid.uuid4().hex[:12]}"
    west = boto3.client("lambda", region_name="us-west-2")
    for client, config in ((west, {}),
                           (lambda_client, {"LoggingConfig": {"LogFormat": "Text", "LogGroup": group}})):
        client.create_function(FunctionName=name, Runtime="python3.12", Role=role_arn, Handler="app.handler",
                               Code={"ZipFile": zip_files({"app.py": "def handler(event, context):\n"
                                                                     "    print('logged')\n"})}, **config)
    # WHEN the other region's function runs
    west.invoke(FunctionName=name)
    # THEN it logs to its own default group, not to the other one's configured group
    west_logs = boto3.client("logs", region_name="us-west-2")
    assert "logged" in [line for lines in log_messages(west_logs, f"/aws/lambda/{name}").values()
                        for line in lines]


def test_client_context_reaches_the_handler(lambda_client: Any, make_function: Callable[..., str]) -> None:
    name = make_function("def handler(event, context):\n    return context.client_context.custom\n")
    context = base64.b64encode(json.dumps({"custom": {"tenant": "t1"}}).encode()).decode()
    response = lambda_client.invoke(FunctionName=name, ClientContext=context)
    assert json.loads(response["Payload"].read()) == {"tenant": "t1"}


def test_layers_are_merged_in_order(lambda_client: Any, make_function: Callable[..., str]) -> None:
    arns = [lambda_client.publish_layer_version(
        LayerName=f"layer-{n}", Content={"ZipFile": zip_files({
            "python/shared.py": f"WHO = 'layer {n}'\n",
            f"python/lib/python3.12/site-packages/only{n}.py": f"N = {n}\n"})})["LayerVersionArn"]
        for n in (1, 2)]
    name = make_function("""
        import only1, only2, shared
        def handler(event, context):
            return [shared.WHO, only1.N, only2.N]
        """, Layers=arns)
    # As on Lambda: later layers overwrite earlier files in /opt.
    assert json.loads(lambda_client.invoke(FunctionName=name)["Payload"].read()) == ["layer 2", 1, 2]


def test_reserved_concurrency_throttles(lambda_client: Any, make_function: Callable[..., str]) -> None:
    name = make_function("def handler(event, context):\n    return 1\n")
    lambda_client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
    with pytest.raises(lambda_client.exceptions.TooManyRequestsException, match="Rate Exceeded"):
        lambda_client.invoke(FunctionName=name)
    lambda_client.delete_function_concurrency(FunctionName=name)
    assert lambda_client.invoke(FunctionName=name)["StatusCode"] == 200


def test_payload_size_limits(lambda_client: Any, make_function: Callable[..., str]) -> None:
    name = make_function("def handler(event, context):\n    return 'x' * (7 * 1024 * 1024)\n")
    with pytest.raises(lambda_client.exceptions.RequestTooLargeException):
        lambda_client.invoke(FunctionName=name, Payload=json.dumps("y" * (7 * 1024 * 1024)))
    response = lambda_client.invoke(FunctionName=name)
    assert response["FunctionError"] == "Unhandled"
    assert json.loads(response["Payload"].read())["errorType"] == "Function.ResponseSizeTooLarge"


def test_executables_in_the_package_keep_their_mode(lambda_client: Any, role_arn: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "import os, subprocess\ndef handler(event, context):\n"
                                   "    return subprocess.run([os.environ['LAMBDA_TASK_ROOT'] + '/tool.sh'],"
                                   " capture_output=True, text=True).stdout\n")
        tool = zipfile.ZipInfo("tool.sh")
        tool.external_attr = 0o755 << 16
        archive.writestr(tool, "#!/bin/sh\necho tool ran\n")
    name = f"t-{uuid.uuid4().hex[:12]}"
    lambda_client.create_function(FunctionName=name, Runtime="python3.12", Role=role_arn,
                                  Handler="app.handler", Code={"ZipFile": buffer.getvalue()})
    assert json.loads(lambda_client.invoke(FunctionName=name)["Payload"].read()) == "tool ran\n"
