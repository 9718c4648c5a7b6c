"""Handlers and zips that feed localcloud hostile bytes: it keeps serving."""
from __future__ import annotations

import io
import json
import socket
import stat
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import botocore.exceptions
import pytest
from kit.cloud import log_messages
from kit.zips import zip_files

from localcloud.awslambda.logcapture import MAX_EVENT_BYTES

APP = "def handler(event, context):\n    return 1\n"


def zip_with_entry(entry: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", APP)
        info = zipfile.ZipInfo(entry)
        info.external_attr = 0o100777 << 16
        archive.writestr(info, b"#!/bin/sh\n")
    return buf.getvalue()


@pytest.fixture
def host_file(tmp_path: Path) -> Path:
    host = tmp_path / "host-file"
    host.write_text("keep")
    host.chmod(0o600)
    return host


@pytest.mark.parametrize("how", ["absolute", "climbing"])
@pytest.mark.parametrize("where", ["code", "layer"])
def test_zip_entries_outside_the_package_fail_invoke_and_touch_nothing(
        lambda_client: Any, role_arn: str, make_function: Callable[..., str], host_file: Path,
        still_serving: Callable[[], None], how: str, where: str) -> None:
    # GIVEN a function or layer zip with an entry naming a host file
    entry = str(host_file) if how == "absolute" else "../" * 12 + str(host_file).lstrip("/")
    evil = zip_with_entry(entry)
    if where == "code":
        name = f"evil-{how}"
        lambda_client.create_function(FunctionName=name, Runtime="python3.12", Role=role_arn,
                                       Handler="app.handler", Code={"ZipFile": evil})
    else:
        layer = lambda_client.publish_layer_version(LayerName=f"evil-{how}", Content={"ZipFile": evil})
        name = make_function(APP, Layers=[layer["LayerVersionArn"]])
    # WHEN it is invoked
    with pytest.raises(botocore.exceptions.ClientError) as failure:
        lambda_client.invoke(FunctionName=name, Payload=b"{}")
    # THEN Invoke fails as Lambda does for a package it cannot unzip, and the host file is untouched
    assert failure.value.response["Error"]["Code"] == "InvalidZipFileException"
    assert stat.S_IMODE(host_file.stat().st_mode) == 0o600 and host_file.read_text() == "keep"
    still_serving()


HOSTILE_OUTPUT = """
import json, sys
def handler(event, context):
    out = sys.stdout.buffer
    out.write(b"\\xa5\\x5a\\n")  # frame marker bytes, alone
    out.write(b"\\xa5\\x5a\\x00\\x03" + (1 << 30).to_bytes(4, "big") + b"12345678forged\\n")
    out.write(b"x" * (20 * 1024 * 1024) + b"\\n")  # one 20 MB line
    print(json.dumps({"_aws": {"Timestamp": 1e20, "CloudWatchMetrics": []}}))
    print('{"_aws": ' + "[" * 100000 + "]" * 100000 + "}")
    print("after the hostile output")
    return "done"
"""


def test_hostile_log_output_is_kept_and_split_and_the_invoke_succeeds(
        lambda_client: Any, logs_client: Any, make_function: Callable[..., str],
        still_serving: Callable[[], None]) -> None:
    # GIVEN a handler writing frame markers, a 20 MB line and poison EMF
    name = make_function(HOSTILE_OUTPUT, Timeout=120, MemorySize=512)
    # WHEN it runs
    answer = lambda_client.invoke(FunctionName=name, Payload=b"{}")
    # THEN the invoke succeeds, the 20 MB line is events of at most 256 KB, later lines are kept
    assert "FunctionError" not in answer and json.loads(answer["Payload"].read()) == "done"
    (lines,) = log_messages(logs_client, f"/aws/lambda/{name}").values()
    big = [line for line in lines if set(line) == {"x"}]
    assert sum(map(len, big)) == 20 * 1024 * 1024 and max(map(len, big)) <= MAX_EVENT_BYTES
    assert "after the hostile output" in lines
    still_serving()


def test_bad_datagrams_leave_xray_collecting(localcloud: Any, lambda_client: Any,
                                             make_function: Callable[..., str]) -> None:
    # GIVEN poison datagrams sent to localcloud's X-Ray daemon
    header = b'{"format": "json", "version": 1}\n'
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for poison in (header + b'{"end_time": [1]}', header + b"[" * 30000, b"\xff" * 60000,
                       header + b'{"trace_id": "1-6740a1b2-0123456789abcdef01234567", "id": '
                                b'"aaaaaaaaaaaaaaaa", "name": "x", "start_time": 1, "end_time": 2, '
                                b'"subsegments": 5}'):
            sock.sendto(poison, ("127.0.0.1", localcloud.xray_port))
    # WHEN a traced function runs afterwards THEN its trace is collected
    name = make_function(APP, TracingConfig={"Mode": "Active"})
    lambda_client.invoke(FunctionName=name, Payload=b"{}")
    xray = localcloud.client("xray")
    now = datetime.now(UTC)
    summaries = xray.get_trace_summaries(StartTime=now - timedelta(minutes=5), EndTime=now + timedelta(minutes=1))
    assert any(name in json.dumps(s, default=str) for s in summaries["TraceSummaries"])
