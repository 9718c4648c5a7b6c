"""Lambda's 10 s init limit on a loaded machine: the time a function's init waits
for a CPU is the machine's, not the function's (localcloud/awslambda/init_clock.py)."""
from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Callable
from typing import Any


CPU = min(os.sched_getaffinity(0))  # the one core the function's init shares with its busy loops
# Five busy loops pinned to that core next to the init, in its session (the
# scheduler shares a core fairly between sessions first): the init gets a sixth
# of the core. Each loop ends with its parent or after 60 s, whatever happens.
BUSY_LOOP = ("import os, time\n"
             f"os.sched_setaffinity(0, {{{CPU}}})\n"
             "parent, until = os.getppid(), time.monotonic() + 60\n"
             "while os.getppid() == parent and time.monotonic() < until:\n"
             "    pass\n")
LOADED_INIT = f"""
import os, sys, threading, time
os.sched_setaffinity(0, {{{CPU}}})

def _spawn():  # fork and exec without waiting for the child: the init itself never blocks
    pid = os.fork()
    if pid == 0:
        os.execv(sys.executable, [sys.executable, "-S", "-c", {BUSY_LOOP!r}])
    return pid

_loops = [_spawn() for _ in range(5)]
_until = time.process_time() + 2.0
while time.process_time() < _until:
    pass
for _loop in _loops:
    os.kill(_loop, 9)
# reaped by a thread, so the init's main thread never waits for a killed loop to be scheduled
threading.Thread(target=lambda: [os.waitpid(loop, 0) for loop in _loops], daemon=True).start()

def handler(event, context):
    return "ready"
"""


def _invoke(lambda_client: Any, name: str) -> tuple[dict[str, Any], Any, str]:
    response = lambda_client.invoke(FunctionName=name, LogType="Tail")
    return response, json.loads(response["Payload"].read()), base64.b64decode(response["LogResult"]).decode()


def test_init_that_computes_two_seconds_passes_on_a_loaded_core(
        lambda_client: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a function whose init needs 2 s of CPU on a core that five busy loops share
    name = make_function(LOADED_INIT, Timeout=30)

    # WHEN it is invoked cold
    response, body, tail = _invoke(lambda_client, name)

    # THEN it did not time out, although its init took more than Lambda's 10 s of wall-clock time
    assert "FunctionError" not in response, f"{body}\n{tail}"
    assert body == "ready"
    init = re.search(r"Init Duration: ([\d.]+) ms", tail)
    assert init, f"no Init Duration in the REPORT line:\n{tail}"
    assert float(init.group(1)) > 10_000, f"the core was not loaded enough to prove anything: {init.group(0)}"


def test_init_that_sleeps_past_ten_seconds_still_times_out(
        lambda_client: Any, make_function: Callable[..., str]) -> None:
    # GIVEN a function whose init waits 12 s without using a CPU
    name = make_function("""
        import time
        time.sleep(12)
        def handler(event, context):
            return "ready"
        """, Timeout=30)

    # WHEN it is invoked cold
    response, body, _ = _invoke(lambda_client, name)

    # THEN Lambda's 10 s init limit applies as on AWS
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.InitTimeout", body
