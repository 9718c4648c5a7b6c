"""The localcloud process as `make cloud-up/cloud-down/cloud-status` drive it:
idempotent start, a clear error for a taken port, nothing left after down."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import urllib.request
from pathlib import Path

from kit.cloud import TRUST, localcloud_cli, start_localcloud, stop_localcloud
from kit.processes import environment_processes
from kit.waits import wait_for
from kit.zips import zip_files

from localcloud.core.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def _group(pgid: int) -> list[int]:
    """Live (not zombie) members of a process group, as ps reports them."""
    listing = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(pgid)], capture_output=True,
                             text=True, check=False).stdout.split("\n")
    return [int(line.split()[0]) for line in listing if line.strip() and not line.split()[1].startswith("Z")]


def test_up_twice_is_harmless_idle_environments_are_reaped_and_down_leaves_no_process() -> None:
    cloud = start_localcloud({"LOCALCLOUD_IDLE_SECONDS": "1"})
    try:
        again = localcloud_cli("up", "--port", str(cloud.port), "--xray-port", str(cloud.xray_port))
        assert again.returncode == 0 and "already running" in again.stdout
        pid = int(json.loads((ROOT / "build" / "localcloud" / str(cloud.port) / "localcloud.pid").read_text())["pid"])
        status = localcloud_cli("status", "--port", str(cloud.port))
        assert status.returncode == 0 and f'"pid": {pid}' in status.stdout
        role = cloud.client("iam").create_role(
            RoleName="r", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        client = cloud.client("lambda")
        client.create_function(FunctionName="f", Runtime="python3.12", Handler="app.handler",
                               Role=role,
                               Code={"ZipFile": zip_files({"app.py": "def handler(e, c):\n    return 1\n"})})
        assert client.invoke(FunctionName="f")["StatusCode"] == 200
        first = sorted(environment_processes(cloud.port))
        assert first, "the invoke should have left a warm environment"
        wait_for(lambda: not [p for p in first if _alive(p)], timeout=60, interval=0.2,
                 what="idle environments reaped after LOCALCLOUD_IDLE_SECONDS=1")
        assert client.invoke(FunctionName="f")["StatusCode"] == 200
        environments = sorted(environment_processes(cloud.port))
        assert environments and not set(environments) & set(first)
    finally:
        down = stop_localcloud(cloud)
    assert down.returncode == 0
    assert not _alive(pid) and not [p for p in environments if _alive(p)] and not _group(pid)
    assert localcloud_cli("status", "--port", str(cloud.port)).returncode != 0


def test_port_in_use_gives_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = localcloud_cli("up", "--port", str(port), "--xray-port", str(free_port(socket.SOCK_DGRAM)))
    assert result.returncode != 0
    assert f"TCP port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "LOCALCLOUD_PORT" in result.stderr


def test_xray_port_in_use_names_its_variable() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        xray_port = taken.getsockname()[1]
        result = localcloud_cli("serve", "--port", str(free_port()), "--xray-port", str(xray_port))
    assert result.returncode == 2
    assert f"UDP port {xray_port}" in result.stderr and "LOCALCLOUD_XRAY_PORT" in result.stderr


def test_health_endpoint(localcloud: object) -> None:
    endpoint = getattr(localcloud, "endpoint")
    with urllib.request.urlopen(f"{endpoint}/_localcloud/health", timeout=5) as response:
        assert response.status == 200 and b'"status": "ok"' in response.read()


def test_down_leaves_alone_a_process_that_reused_the_recorded_pid() -> None:
    # GIVEN a pid file left by a killed localcloud whose pid now belongs to another process group
    port = free_port()
    stranger = subprocess.Popen(["sleep", "300"], start_new_session=True)
    try:
        pid_file = ROOT / "build" / "localcloud" / str(port) / "localcloud.pid"
        pid_file.parent.mkdir(parents=True, exist_ok=True)
        pid_file.write_text(json.dumps({"pid": stranger.pid, "start_ticks": 1}))  # not its start time
        # WHEN the user stops localcloud on that port
        result = localcloud_cli("down", "--port", str(port))
        # THEN the stranger keeps running and the stale pid file is gone
        assert result.returncode == 0 and "not running" in result.stdout
        assert stranger.poll() is None and not pid_file.exists()
    finally:
        stranger.kill()
        stranger.wait()
        shutil.rmtree(ROOT / "build" / "localcloud" / str(port), ignore_errors=True)


def test_down_refuses_a_running_localcloud_its_pid_file_does_not_name() -> None:
    # GIVEN a running localcloud whose pid file names another process incarnation
    cloud = start_localcloud()
    pid_file = ROOT / "build" / "localcloud" / str(cloud.port) / "localcloud.pid"
    recorded = pid_file.read_text()
    try:
        pid_file.write_text(json.dumps({**json.loads(recorded), "start_ticks": 1}))
        # WHEN the user stops localcloud on that port
        result = localcloud_cli("down", "--port", str(cloud.port))
        # THEN it is left running and the user is told why
        assert result.returncode == 1 and "not stopping it" in result.stderr
        assert localcloud_cli("status", "--port", str(cloud.port)).returncode == 0
    finally:
        pid_file.write_text(recorded)
        assert stop_localcloud(cloud).returncode == 0


def test_up_drops_code_a_previous_instance_left_half_deleted() -> None:
    # GIVEN the data folder of a port where a stopped instance's cleanup was cut short:
    # an extracted layer tree still marked complete
    port, xray_port = free_port(), free_port(socket.SOCK_DGRAM)
    stale = ROOT / "build" / "localcloud" / str(port) / "code" / "opt" / ("0" * 32)
    stale.mkdir(parents=True)
    (stale / ".complete").touch()
    try:
        # WHEN localcloud starts on that port
        started = localcloud_cli("up", "--port", str(port), "--xray-port", str(xray_port))
        assert started.returncode == 0, started.stdout + started.stderr

        # THEN the stale tree is gone, so the next cold start extracts its layers afresh
        assert not stale.exists()
    finally:
        localcloud_cli("down", "--port", str(port))
        shutil.rmtree(ROOT / "build" / "localcloud" / str(port), ignore_errors=True)


def test_a_second_serve_on_a_taken_port_leaves_the_running_code_alone() -> None:
    # GIVEN a running localcloud with a function's code extracted
    cloud = start_localcloud()
    try:
        client = cloud.client("lambda")
        role = cloud.client("iam").create_role(RoleName="second-serve", AssumeRolePolicyDocument=TRUST)
        client.create_function(FunctionName="kept", Runtime="python3.12", Role=role["Role"]["Arn"],
                               Handler="app.handler", Code={"ZipFile": zip_files({
                                   "app.py": "def handler(event, context):\n    return 1\n"})})
        client.invoke(FunctionName="kept", Payload=b"{}")
        code = ROOT / "build" / "localcloud" / str(cloud.port) / "code"
        extracted = sorted(code.rglob("app.py"))
        assert extracted
        # WHEN another instance is started on the same port
        second = localcloud_cli("serve", "--port", str(cloud.port), "--xray-port",
                                str(free_port(socket.SOCK_DGRAM)))
        # THEN it fails on the taken port and the running instance's code is still there
        assert second.returncode == 2 and "already in use" in second.stderr
        assert sorted(code.rglob("app.py")) == extracted
    finally:
        assert stop_localcloud(cloud).returncode == 0
