"""localcloud is left as it was found: runs lease it, the last one out stops
it, and only if a run started it. Drives scripts/sh/cloud.sh against a real
localcloud on free ports."""
from __future__ import annotations

import json
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.kit.pipeline import ROOT, clean_env

from localcloud.core.ports import free_port


class Cloud:
    def __init__(self) -> None:
        self.port = free_port(socket.SOCK_STREAM)
        self.xray_port = free_port(socket.SOCK_DGRAM)
        self.env = {"TARGET": "local", "LOCALCLOUD_PORT": str(self.port),
                    "LOCALCLOUD_XRAY_PORT": str(self.xray_port)}

    def pid(self) -> int | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_localcloud/health", timeout=30) as r:
                return int(json.load(r)["pid"])
        except OSError:
            return None

    def cli(self, command: str) -> None:
        subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "localcloud", command, "--port", str(self.port),
                        *(["--xray-port", str(self.xray_port)] if command == "up" else [])],
                       cwd=ROOT, check=True, capture_output=True)


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    made = Cloud()
    yield made
    if made.pid() is not None:
        made.cli("down")


def holder(cloud: Cloud, *steps: str) -> subprocess.Popen[str]:
    """A bash process running cloud.sh functions (one lease holder), steps fed on stdin."""
    script = (f'source "{ROOT}/scripts/sh/lib.sh"; source "{ROOT}/scripts/sh/cloud.sh"; open_terminal\n'
              'while read -r step; do $step >&2; echo "done $step"; done\n')
    proc = subprocess.Popen(["bash", "-c", script], cwd=ROOT, text=True, env=clean_env(cloud.env),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for step in steps:
        do(proc, step)
    return proc


def do(proc: subprocess.Popen[str], step: str) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(step + "\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == f"done {step}"


def finish(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0


def test_the_last_run_out_stops_the_cloud_a_run_started(cloud: Cloud) -> None:
    # GIVEN no localcloud and two runs that lease it
    assert cloud.pid() is None
    first = holder(cloud, "cloud_acquire first")
    started = cloud.pid()
    assert started is not None
    second = holder(cloud, "cloud_acquire second")
    assert cloud.pid() == started  # reused, not started twice
    # WHEN the run that started it ends first THEN it keeps running for the other
    do(first, "cloud_release first")
    finish(first)
    assert cloud.pid() == started
    # WHEN the last run ends THEN it is stopped
    do(second, "cloud_release second")
    finish(second)
    assert cloud.pid() is None


def test_a_cloud_the_user_started_is_left_running(cloud: Cloud) -> None:
    cloud.cli("up")
    before = cloud.pid()
    run_ = holder(cloud, "cloud_acquire only", "cloud_release only")
    finish(run_)
    assert cloud.pid() == before is not None


def test_a_dead_runs_lease_does_not_keep_the_cloud_alive(cloud: Cloud) -> None:
    # GIVEN a run that started localcloud and died without releasing it
    dead = holder(cloud, "cloud_acquire dead")
    dead.kill()
    dead.wait()
    assert cloud.pid() is not None
    # WHEN another run comes and goes THEN the cloud a run started is stopped
    finish(holder(cloud, "cloud_acquire next", "cloud_release next"))
    assert cloud.pid() is None
    assert not list(Path(ROOT / "build/cloud-leases" / str(cloud.port)).glob("[!.]*"))
