"""Handlers whose processes try to outlive their execution environment."""
from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from kit.cloud import TRUST, LocalCloudHandle, start_localcloud, stop_localcloud
from kit.processes import environment_processes, pid_alive, read_pid, wait_gone
from kit.waits import wait_for
from kit.zips import zip_files

FORK_AND_HANG = """
import os, time
def handler(event, context):
    child = os.fork()
    if child == 0:
        while True:  # burns CPU until someone ends it
            pass
    open(event["pid_file"], "w").write(str(child))
    time.sleep(3600)
"""

DETACH = """
import os, time
def handler(event, context):
    if os.fork() == 0:
        os.setsid()  # a session of its own, then daemonized: parent gone, reparented to init
        if os.fork() == 0:
            open(event["pid_file"], "w").write(str(os.getpid()))
            time.sleep(3600)
        os._exit(0)
    return "detached"
"""

BACKGROUND_CHILD = """
import os, time
def handler(event, context):
    if os.fork() == 0:
        open(event["pid_file"], "w").write(str(os.getpid()))
        time.sleep(3600)
    return "left a child"
"""

FORK_BOMB = """
import os, time
def handler(event, context):
    for generation in range(11):  # 2048 processes at most, should localcloud not end it
        os.fork()
        time.sleep(0.1)
    time.sleep(3600)
"""


def test_a_forked_cpu_burning_child_ends_with_the_timeout(
        lambda_client: Any, make_function: Callable[..., str], pid_file: Path,
        still_serving: Callable[[], None]) -> None:
    # GIVEN a handler that forks a CPU-burning child and hangs past its timeout
    name = make_function(FORK_AND_HANG, Timeout=2)
    # WHEN the invoke times out
    answer = lambda_client.invoke(FunctionName=name, Payload=json.dumps({"pid_file": str(pid_file)}))
    assert json.loads(answer["Payload"].read())["errorType"] == "Sandbox.Timedout"
    # THEN the child ended with its environment, and other functions still answer
    assert not pid_alive(read_pid(pid_file))
    still_serving()


def test_code_update_retires_the_environment_and_its_children(
        lambda_client: Any, make_function: Callable[..., str], pid_file: Path,
        still_serving: Callable[[], None]) -> None:
    # GIVEN a warm environment that left a child running after its invoke
    name = make_function(BACKGROUND_CHILD)
    lambda_client.invoke(FunctionName=name, Payload=json.dumps({"pid_file": str(pid_file)}))
    child = read_pid(pid_file)
    assert pid_alive(child)
    # WHEN the function's code is updated
    lambda_client.update_function_code(FunctionName=name, ZipFile=zip_files({"app.py": BACKGROUND_CHILD}))
    # THEN the retired environment's child is gone
    wait_gone(child, "the retired environment's child ended")
    still_serving()


@pytest.fixture
def private_cloud() -> Iterator[LocalCloudHandle]:
    handle = start_localcloud({"LOCALCLOUD_MAX_PROCESSES": "64"})
    try:
        yield handle
    finally:
        stop_localcloud(handle)


def private_function(cloud: LocalCloudHandle, source: str, **config: Any) -> Any:
    role = cloud.client("iam").create_role(RoleName=f"r{time.time_ns()}", AssumeRolePolicyDocument=TRUST)
    client = cloud.client("lambda")
    client.create_function(FunctionName="hostile", Runtime="python3.12", Role=role["Role"]["Arn"],
                           Handler="app.handler", Code={"ZipFile": zip_files({"app.py": source})}, **config)
    return client


@pytest.mark.parametrize("stop", ["down", "down after kill -9"])
def test_setsid_daemons_end_with_localcloud(pid_file: Path, stop: str) -> None:
    # GIVEN a localcloud whose function left a setsid, daemonized grandchild behind
    cloud = start_localcloud()
    try:
        client = private_function(cloud, DETACH)
        client.invoke(FunctionName="hostile", Payload=json.dumps({"pid_file": str(pid_file)}))
        daemon = read_pid(pid_file)
        assert pid_alive(daemon)
        if stop == "down after kill -9":  # no graceful shutdown: only the marker sweep of `down` is left
            with urllib.request.urlopen(f"{cloud.endpoint}/_localcloud/health") as health:
                os.kill(json.load(health)["pid"], signal.SIGKILL)
    finally:
        # WHEN localcloud is stopped as `make cloud-down` does
        result = stop_localcloud(cloud)
    # THEN the daemon is gone too
    assert result.returncode == 0, result.stderr
    wait_gone(daemon, "the setsid daemon ended")


def test_a_fork_bomb_is_bounded_and_ended(private_cloud: LocalCloudHandle, capsys: Any) -> None:
    # GIVEN a function that forks exponentially, a localcloud capping environments at 64 processes
    client = private_function(private_cloud, FORK_BOMB, Timeout=60)
    peak, sampling = [0], threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            peak[0] = max(peak[0], len(environment_processes(private_cloud.port)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    began = time.monotonic()
    try:
        # WHEN it runs
        answer = client.invoke(FunctionName="hostile", Payload=b"{}")
    finally:
        sampling.set()
        sampler.join()
    elapsed = time.monotonic() - began
    # THEN the environment is ended long before its timeout, with every process of it
    assert answer.get("FunctionError") == "Unhandled"
    assert json.loads(answer["Payload"].read())["errorType"] == "Runtime.ExitError"
    assert elapsed < 60
    wait_for(lambda: not environment_processes(private_cloud.port), what="every environment process ended")
    with capsys.disabled():
        print(f"\nfork bomb: peak {peak[0]} processes, ended after {elapsed:.1f}s")
    # and the same localcloud still serves
    client.update_function_code(FunctionName="hostile", ZipFile=zip_files({"app.py": "def handler(e, c):\n    return 1\n"}))
    assert json.loads(client.invoke(FunctionName="hostile", Payload=b"{}")["Payload"].read()) == 1
