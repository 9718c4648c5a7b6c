"""Start and stop private localcloud processes for tests, through the same
CLI that `make cloud-up/cloud-down` use."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from localcloud.core.ports import free_port

ROOT = Path(__file__).resolve().parent.parent


def localcloud_cli(*args: str, settings: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI; `settings` are extra LOCALCLOUD_* variables for the server."""
    return subprocess.run([sys.executable, "-m", "localcloud", *args], cwd=ROOT,
                          env={**os.environ, **(settings or {})},
                          capture_output=True, text=True, timeout=120, check=False)


@dataclass(frozen=True)
class LocalCloudHandle:
    endpoint: str
    port: int
    xray_port: int
    env: dict[str, str]


def start_localcloud(settings: dict[str, str] | None = None) -> LocalCloudHandle:
    port, xray_port = free_port(), free_port(socket.SOCK_DGRAM)
    result = localcloud_cli("up", "--port", str(port), "--xray-port", str(xray_port), settings=settings)
    if result.returncode != 0:
        raise RuntimeError(f"localcloud did not start:\n{result.stdout}\n{result.stderr}")
    endpoint = f"http://127.0.0.1:{port}"
    env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test",
           "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
           "AWS_DEFAULT_REGION": "us-east-1"}
    return LocalCloudHandle(endpoint, port, xray_port, env)


def stop_localcloud(handle: LocalCloudHandle) -> subprocess.CompletedProcess[str]:
    """`down`, then drop the private instance's data dir (log, pid, code cache)."""
    result = localcloud_cli("down", "--port", str(handle.port))
    if result.returncode == 0:
        shutil.rmtree(ROOT / "build" / "localcloud" / str(handle.port), ignore_errors=True)
    return result
