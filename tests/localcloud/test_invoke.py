"""Lambda execution through boto3: cold and warm starts, concurrency, errors,
timeouts, invocation types and what the function's process sees."""
from __future__ import annotations

import base64
import json
import math
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from kit.cloud import log_messages
from kit.waits import wait_for
from kit.zips import zip_files

ECHO = """
import os
def handler(event, context):
    print("event", event.get("n"))
    return {"n": event.get("n"), "stream": context.log_stream_name, "pid": os.getpid()}
"""


def invoke(client: Any, name: str, event: dict[str, Any] | None = None, **kwargs: Any) -> tuple[dict[str, Any], Any]:
    response = client.invoke(FunctionName=name, Payload=json.dumps(event or {}).encode(), **kwargs)
    return response, json.loads(response["Payload"].read() or b"null")


def test_cold_then_warm_reuses_one_environment(lambda_client: Any, logs_client: Any,
                                               make_function: Callable[..., str]) -> None:
    name = make_function(ECHO)
    first, body1 = invoke(lambda_client, name, {"n": 1})
    second, body2 = invoke(lambda_client, name, {"n": 2})
    assert first["StatusCode"] == 200 and second["StatusCode"] == 200
    assert first["ExecutedVersion"] == "$LATEST"
    assert body1["pid"] == body2["pid"] and body1["stream"] == body2["stream"]
    streams = log_messages(logs_client, f"/aws/lambda/{name}")
    assert list(streams) == [body1["stream"]]
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", body1["stream"])
    lines = streams[body1["stream"]]
    assert sum(line.startswith("INIT_START") for line in lines) == 1
    assert re.fullmatch(r"INIT_START Runtime Version: python:3\.12\.v\d+\tRuntime Version ARN: "
                        r"arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}", lines[0])
    reports = [line for line in lines if line.startswith("REPORT")]
    request_ids = [first["ResponseMetadata"]["RequestId"], second["ResponseMetadata"]["RequestId"]]
    for request_id in request_ids:
        start = lines.index(f"START RequestId: {request_id} Version: $LATEST")
        end = lines.index(f"END RequestId: {request_id}")
        assert start < end and lines[end + 1].startswith(f"REPORT RequestId: {request_id}\t")
    report = r"REPORT RequestId: {}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\t" \
             r"Max Memory Used: \d+ MB\t"
    assert re.fullmatch(report.format(request_ids[0]) + r"Init Duration: \d+\.\d\d ms\t", reports[0])
    assert re.fullmatch(report.format(request_ids[1]), reports[1])
    cold = re.search(r"Duration: ([\d.]+) ms\tBilled Duration: (\d+) ms.*Init Duration: ([\d.]+) ms", reports[0])
    hundredths = sum(int(cold.group(n).replace(".", "")) for n in (1, 3)) if cold else 0
    assert cold and int(cold.group(2)) == math.ceil(hundredths / 100)
    assert "event 1" in lines and "event 2" in lines


def test_concurrent_invokes_get_their_own_environments(lambda_client: Any, logs_client: Any,
                                                       make_function: Callable[..., str]) -> None:
    name = make_function("""
        import time
        def handler(event, context):
            time.sleep(0.5)
            return context.log_stream_name
        """)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(invoke(lambda_client, name)[1]))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 2
    assert set(log_messages(logs_client, f"/aws/lambda/{name}")) == set(results)


def test_output_becomes_events_in_order(lambda_client: Any, logs_client: Any,
                                        make_function: Callable[..., str]) -> None:
    name = make_function("""
        import logging, sys
        def handler(event, context):
            print("one\\ntwo")
            logging.getLogger().warning("record\\nspanning lines")
            sys.stderr.write("to stderr\\n")
            raise RuntimeError("boom")
        """)
    response, _ = invoke(lambda_client, name)
    request_id = response["ResponseMetadata"]["RequestId"]
    lines = list(log_messages(logs_client, f"/aws/lambda/{name}").values())[0]
    start = lines.index(f"START RequestId: {request_id} Version: $LATEST")
    events = lines[start + 1:lines.index(f"END RequestId: {request_id}")]
    assert events[:2] == ["one", "two"]
    assert re.fullmatch(rf"\[WARNING\]\t\S+Z\t{request_id}\trecord\nspanning lines", events[2])
    assert events[3] == "to stderr"
    assert events[4].startswith("[ERROR] RuntimeError: boom\nTraceback (most recent call last):\n")
    assert len(events) == 5


def test_unhandled_error_has_aws_header_and_payload(lambda_client: Any,
                                                    make_function: Callable[..., str]) -> None:
    name = make_function("""
        def handler(event, context):
            raise ValueError("bad input")
        """)
    response, body = invoke(lambda_client, name)
    assert response["StatusCode"] == 200 and response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "ValueError" and body["errorMessage"] == "bad input"
    assert 'raise ValueError("bad input")' in "".join(body["stackTrace"])


def test_timeout_kills_the_environment(lambda_client: Any, logs_client: Any,
                                       make_function: Callable[..., str]) -> None:
    name = make_function("""
        import time
        def handler(event, context):
            if event.get("sleep"):
                time.sleep(5)
            return "done"
        """, Timeout=1)
    response, body = invoke(lambda_client, name, {"sleep": True})
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Sandbox.Timedout"
    assert body["errorMessage"].endswith("Task timed out after 1.00 seconds")
    assert invoke(lambda_client, name)[1] == "done"  # a fresh environment answers
    lines = [line for stream in log_messages(logs_client, f"/aws/lambda/{name}").values() for line in stream]
    report = next(index for index, line in enumerate(lines) if "Status: timeout" in line)
    assert re.fullmatch(r"\S+Z \S+ Task timed out after 1.00 seconds", lines[report + 1])
    assert sum(line.startswith("INIT_START") for line in lines) == 2


def test_runtime_exit_is_reported_as_exit_error(lambda_client: Any,
                                                make_function: Callable[..., str]) -> None:
    name = make_function("""
        import os
        def handler(event, context):
            os._exit(3)
        """)
    response, body = invoke(lambda_client, name)
    assert response["FunctionError"] == "Unhandled" and body["errorType"] == "Runtime.ExitError"
    assert body["errorMessage"].endswith("Error: Runtime exited with error: exit status 3")


def test_host_only_module_fails_as_import_module_error(lambda_client: Any, logs_client: Any,
                                                       make_function: Callable[..., str]) -> None:
    name = make_function("""
        import pytest  # in the host's venv, not in a Lambda environment
        def handler(event, context):
            return "unreachable"
        """)
    response, body = invoke(lambda_client, name)
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.ImportModuleError"
    assert body["errorMessage"] == "Unable to import module 'app': No module named 'pytest'"
    lines = [line for stream in log_messages(logs_client, f"/aws/lambda/{name}").values() for line in stream]
    assert lines[0].startswith("INIT_START")
    assert "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'pytest'" \
           "\nTraceback (most recent call last):" in lines
    init_report = next(line for line in lines if line.startswith("INIT_REPORT"))
    assert re.fullmatch(r"INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\t"
                        r"Error Type: Runtime.ImportModuleError", init_report)


def test_event_invocation_runs_in_background(lambda_client: Any, logs_client: Any,
                                             make_function: Callable[..., str]) -> None:
    name = make_function(ECHO)
    response = lambda_client.invoke(FunctionName=name, InvocationType="Event", Payload=b'{"n": 7}')
    assert response["StatusCode"] == 202
    wait_for(lambda: any("event 7" in stream for stream in
                         _safe_messages(logs_client, f"/aws/lambda/{name}").values()))


def _safe_messages(logs_client: Any, group: str) -> dict[str, list[str]]:
    try:
        return log_messages(logs_client, group)
    except logs_client.exceptions.ResourceNotFoundException:
        return {}


def test_dry_run_and_unknown_function(lambda_client: Any, make_function: Callable[..., str]) -> None:
    name = make_function(ECHO)
    assert lambda_client.invoke(FunctionName=name, InvocationType="DryRun")["StatusCode"] == 204
    with pytest.raises(lambda_client.exceptions.ResourceNotFoundException, match="Function not found"):
        lambda_client.invoke(FunctionName="no-such-function")


def test_log_type_tail_returns_the_invocation_log(lambda_client: Any,
                                                  make_function: Callable[..., str]) -> None:
    name = make_function(ECHO)
    response, _ = invoke(lambda_client, name, {"n": 3}, LogType="Tail")
    tail = base64.b64decode(response["LogResult"]).decode()
    request_id = response["ResponseMetadata"]["RequestId"]
    assert tail.startswith(f"START RequestId: {request_id}")
    assert "event 3\n" in tail and f"END RequestId: {request_id}\nREPORT RequestId: {request_id}" in tail


def test_code_update_retires_the_environment(lambda_client: Any, logs_client: Any,
                                             make_function: Callable[..., str]) -> None:
    name = make_function(ECHO)
    _, before = invoke(lambda_client, name, {"n": 1})
    lambda_client.update_function_code(FunctionName=name, ZipFile=zip_files({"app.py": """
        def handler(event, context):
            return {"new": True, "stream": context.log_stream_name}
        """}))
    _, after = invoke(lambda_client, name)
    assert after["new"] is True and after["stream"] != before["stream"]
    lambda_client.update_function_configuration(FunctionName=name, Environment={"Variables": {"K": "v"}})
    _, third = invoke(lambda_client, name)
    assert third["stream"] not in (before["stream"], after["stream"])
    streams = log_messages(logs_client, f"/aws/lambda/{name}")
    assert all(lines[0].startswith("INIT_START") for lines in streams.values()) and len(streams) == 3


def test_environment_is_lambdas_not_the_hosts(lambda_client: Any, aws_env: Any,
                                              make_function: Callable[..., str]) -> None:
    name = make_function("""
        import os, sys
        import boto3  # the runtime's own boto3
        def handler(event, context):
            buckets = boto3.client("s3").list_buckets()["Buckets"]
            return {"env": dict(os.environ), "path": sys.path, "buckets": len(buckets),
                    "memory": context.memory_limit_in_mb, "trace": os.environ.get("_X_AMZN_TRACE_ID")}
        """, MemorySize=256, Environment={"Variables": {"MY_SETTING": "on", "AWS_REGION": "eu-west-9"}})
    _, body = invoke(lambda_client, name)
    env = body["env"]
    assert env["MY_SETTING"] == "on" and env["AWS_REGION"] == "us-east-1"
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == name and env["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256" and body["memory"] == "256"
    assert env["_HANDLER"] == "app.handler" and env["AWS_EXECUTION_ENV"] == "AWS_Lambda_python3.12"
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == f"/aws/lambda/{name}" and env["TZ"] == ":UTC"
    assert env["AWS_XRAY_DAEMON_ADDRESS"] == f"127.0.0.1:{aws_env.xray_port}"
    assert env["AWS_XRAY_CONTEXT_MISSING"] == "LOG_ERROR"
    assert env["AWS_ENDPOINT_URL"] == aws_env.endpoint and env["AWS_ACCESS_KEY_ID"] == "test"
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0", body["trace"])
    assert "VIRTUAL_ENV" not in env and "PYTEST_CURRENT_TEST" not in env
    assert not any(".venv" in entry or "site-packages" == entry.rsplit("/", 1)[-1] and "pyenv" in entry
                   for entry in body["path"])
    assert body["buckets"] >= 0
