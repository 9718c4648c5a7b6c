"""Bad settings (localcloud's ports, the Python runtime) are refused before
anything is built, started or written, and an interrupted layer build says it
was interrupted. Runs in a throwaway copy of the checkout whose path has a space."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from faultkit import Afterwards, files_outside_build

from tests.kit.checkout import make
from tests.kit.pipeline import new_run_id
from tests.kit.waits import wait_for


@pytest.mark.parametrize("target", ["e2e", "cloud-up", "sweep"])
@pytest.mark.parametrize(("variable", "value"), [
    ("LOCALCLOUD_PORT", "../.."), ("LOCALCLOUD_PORT", "abc"), ("LOCALCLOUD_PORT", "99999"),
    ("LOCALCLOUD_XRAY_PORT", "../x"),
])
def test_a_port_that_is_no_port_is_refused_and_writes_nothing_outside_build(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, target: str, variable: str, value: str
) -> None:
    # GIVEN a port setting that is a path, a word or out of range
    run_id = new_run_id()
    before = files_outside_build(spaced)

    # WHEN a target that uses localcloud runs with it
    result = make(spaced, [target, "FEATURE=tracer", f"RUN_ID={run_id}", f"{variable}={value}"], env)

    # THEN it is refused with a message naming the variable, no traceback, and nothing outside build/ changed
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{variable}='{value}' is not a port: use a number from 1 to 65535" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    afterwards.host_untouched(before, files_outside_build(spaced))
    afterwards.bad_input(run_id)


def test_an_unknown_python_runtime_is_refused_before_the_layer_is_built(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, tmp_path: Path
) -> None:
    # GIVEN a Python runtime Lambda does not have
    run_id = new_run_id()
    layers = tmp_path / "layers"

    # WHEN a run uses it
    result = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}", "PYTHON_RUNTIME=python3.99"],
                  {**env, "LAYER_DIR": str(layers)})

    # THEN it is refused naming the valid runtimes, and no layer is built
    assert result.returncode == 2
    assert "PYTHON_RUNTIME 'python3.99' is not a Lambda Python runtime; valid runtimes: python3.10" in result.stderr
    assert "tracer/layer" not in result.stderr and not layers.exists(), result.stderr
    assert not (spaced / "build" / "runs" / run_id).exists()
    afterwards.bad_input(run_id)


def test_ctrl_c_during_a_layer_build_is_reported_as_an_interruption(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, tmp_path: Path
) -> None:
    # GIVEN `make layer` as a terminal's foreground job, its pip waiting on a package index that never answers
    requirements, layers = tmp_path / "requirements.txt", tmp_path / "layers"
    requirements.write_text("aws-lambda-powertools==3.0.0\n")
    with socket.socket() as index:
        index.bind(("127.0.0.1", 0))
        index.listen()
        build_env = {**env, "LAYER_REQUIREMENTS": str(requirements), "LAYER_DIR": str(layers),
                     "PIP_INDEX_URL": f"http://127.0.0.1:{index.getsockname()[1]}/simple/", "PIP_RETRIES": "0"}
        build = subprocess.Popen(["make", "-C", str(spaced), "layer"], env=build_env, start_new_session=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        index.settimeout(120)
        connection, _ = index.accept()  # pip is now resolving the requirements

        # WHEN Ctrl-C reaches the job's process group
        os.killpg(build.pid, signal.SIGINT)
        _, stderr = build.communicate(timeout=120)
        connection.close()

    # THEN it says it was interrupted, not that the requirements cannot be resolved, and leaves no zip or pip
    assert build.returncode != 0
    assert "layer: interrupted by SIGINT; no zip written" in stderr, stderr
    assert "could not resolve" not in stderr, stderr
    assert not list(layers.glob("*.zip")) and not list(layers.glob(".build.*"))
    wait_for(lambda: not afterwards.processes_alive(str(layers)), timeout=30, what="pip to end")
    afterwards.no_process_left(str(layers))
    afterwards.interrupted()
