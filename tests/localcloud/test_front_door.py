"""The front door over HTTP: bad input is an AWS-shaped 400 in the protocol of
the service asked, never an HTML page."""
from __future__ import annotations

import json
import socket
import struct
from collections.abc import Callable
from typing import Any

import botocore.exceptions
import pytest
from kit.cloud import ROOT
from kit.waits import wait_for


def raw_request(port: int, head: str, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (an HTTP client would fix a bad Content-Length)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        conn.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    header_block, _, payload = data.partition(b"\r\n\r\n")
    status_line, *lines = header_block.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, payload


@pytest.mark.parametrize("length", ["abc", "-5"])
def test_bad_content_length_on_a_rest_call_is_a_rest_json_400(localcloud: Any, length: str) -> None:
    status, headers, body = raw_request(
        localcloud.port, f"POST /2015-03-31/functions/f/invocations HTTP/1.1\nHost: x\n"
                         f"Content-Length: {length}\nConnection: close\n")
    assert status == 400
    assert headers["x-amzn-errortype"] == "InvalidRequestContentException"
    assert "Content-Length" in json.loads(body)["message"]


def test_bad_content_length_on_a_json_call_is_a_json_400(localcloud: Any) -> None:
    status, headers, body = raw_request(
        localcloud.port, "POST / HTTP/1.1\nHost: x\nX-Amz-Target: Logs_20140328.FilterLogEvents\n"
                         "Content-Type: application/x-amz-json-1.1\nContent-Length: x\nConnection: close\n")
    assert status == 400 and headers["content-type"] == "application/x-amz-json-1.1"
    assert json.loads(body)["__type"] == "SerializationException"


@pytest.mark.parametrize("context", ["not base64!", "bm90IGpzb24=", "WzFd"])  # -, "not json", [1]
def test_bad_client_context_is_invalid_request_content(lambda_client: Any, make_function: Callable[..., str],
                                                        context: str) -> None:
    name = make_function("def handler(event, context):\n    return 1\n")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        lambda_client.invoke(FunctionName=name, Payload=b"{}", ClientContext=context)
    error = info.value.response["Error"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Code"] == "InvalidRequestContentException"
    assert error["Message"] == "Client context must be a valid Base64-encoded JSON object."


def test_filter_log_events_on_a_missing_group_is_a_json_error(logs_client: Any) -> None:
    with pytest.raises(logs_client.exceptions.ResourceNotFoundException) as info:
        logs_client.filter_log_events(logGroupName="/nowhere/at-all")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("path", ["/moto-api/reset", "/moto-api/recorder/start-recording",
                                  "/moto-api/recorder/upload-recording", "/moto-api/seed?a=42",
                                  "/moto-api/data.json", "/moto-api/"])
def test_moto_admin_api_is_closed(localcloud: Any, logs_client: Any, path: str) -> None:
    # GIVEN a resource in localcloud
    group = f"/closed/{path.strip('/').replace('/', '-').replace('?', '-')}"
    logs_client.create_log_group(logGroupName=group)
    recording = ROOT / "moto_recording"
    before = recording.stat().st_mtime_ns if recording.exists() else None
    # WHEN moto's admin endpoints are called
    status, _, _ = raw_request(localcloud.port, f"POST {path} HTTP/1.1\nHost: x\nContent-Length: 7\n"
                                                f"Connection: close\n", b"junk=\x00\n")
    # THEN they answer as an unknown path would, nothing is reset and nothing is recorded
    assert status == 404
    assert logs_client.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert (recording.stat().st_mtime_ns if recording.exists() else None) == before


def test_an_answer_the_client_did_not_wait_for_is_logged_as_undelivered(
        localcloud: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a function that takes a second to answer
    name = make_function("""
        import time
        def handler(event, context):
            time.sleep(1)
            return "late"
        """)
    target = f"POST /2015-03-31/functions/{name}/invocations HTTP/1.1"

    # WHEN a client sends the Invoke and resets the connection without waiting for the answer
    with socket.create_connection(("127.0.0.1", localcloud.port), timeout=30) as conn:
        conn.sendall(f"{target}\r\nHost: x\r\nContent-Length: 2\r\n\r\n{{}}".encode())
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    # THEN localcloud's log says the answer was not delivered, naming the request
    log = ROOT / "build" / "localcloud" / str(localcloud.port) / "localcloud.log"
    wait_for(lambda: f"{target}: the client closed the connection before the answer" in log.read_text(),
             timeout=120, what="the undelivered answer in localcloud's log")
