"""A private localcloud for tests, started and stopped through the same CLI that
`make cloud-up/cloud-down` use, and boto3 clients pointed at it."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from localcloud.core import lifecycle
from localcloud.core.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def localcloud_cli(*args: str, settings: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI; `settings` are extra LOCALCLOUD_* variables for the server. The bound
    is for a hang: above `up`'s own start bound, plus moto's import on a loaded machine."""
    return subprocess.run([sys.executable, "-m", "localcloud", *args], cwd=ROOT,
                          env={**os.environ, **(settings or {})},
                          capture_output=True, text=True, timeout=lifecycle.START_TIMEOUT_S + 180,
                          check=False)


@dataclass(frozen=True)
class LocalCloudHandle:
    endpoint: str
    port: int
    xray_port: int
    env: dict[str, str]

    def client(self, service: str, config: Config | None = None) -> Any:
        """A boto3 client of this localcloud (test credentials, its region)."""
        return boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                     region_name=REGION).client(service, endpoint_url=self.endpoint,
                                                                config=config)


def start_localcloud(settings: dict[str, str] | None = None) -> LocalCloudHandle:
    port, xray_port = free_port(), free_port(socket.SOCK_DGRAM)
    result = localcloud_cli("up", "--port", str(port), "--xray-port", str(xray_port), settings=settings)
    if result.returncode != 0:
        raise RuntimeError(f"localcloud did not start:\n{result.stdout}\n{result.stderr}")
    endpoint = f"http://127.0.0.1:{port}"
    env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test",
           "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": REGION,
           "AWS_DEFAULT_REGION": REGION}
    return LocalCloudHandle(endpoint, port, xray_port, env)


def stop_localcloud(handle: LocalCloudHandle) -> subprocess.CompletedProcess[str]:
    """`down`, then drop the private instance's data dir (log, pid, code cache)."""
    result = localcloud_cli("down", "--port", str(handle.port))
    if result.returncode == 0:
        shutil.rmtree(ROOT / "build" / "localcloud" / str(handle.port), ignore_errors=True)
    return result


def log_messages(logs_client: Any, group: str) -> dict[str, list[str]]:
    """Every stream of the group with its messages, in order."""
    streams = logs_client.describe_log_streams(logGroupName=group)["logStreams"]
    return {s["logStreamName"]: [e["message"] for e in logs_client.get_log_events(
        logGroupName=group, logStreamName=s["logStreamName"], startFromHead=True)["events"]]
        for s in streams}


def function_log_lines(logs_client: Any, function: str) -> list[str]:
    """Every log line of the function so far (none before its first invoke)."""
    try:
        streams = log_messages(logs_client, f"/aws/lambda/{function}")
    except logs_client.exceptions.ResourceNotFoundException:
        return []
    return [line for lines in streams.values() for line in lines]
