"""Fault-injection verifier. FAULT picks the failure:

- verify-fails: invoke, then fail.
- pause-verify: invoke, touch $FAULT_MARKER_DIR/<ServiceName>.verify, wait (up to
  5 minutes) for <that>.resume, then invoke again: the test signals the run or
  restarts localcloud meanwhile.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from verifiers.lib.invoke import invoke


def test_function_answers(outputs, clients):
    fault = os.environ.get("FAULT", "")
    first = invoke(clients.lambda_, outputs["BasicHandlerArn"], {"n": 1})
    assert first.payload == {"ok": True, "echo": {"n": 1}}

    if fault == "pause-verify":
        marker = Path(os.environ["FAULT_MARKER_DIR"]) / f"{outputs['ServiceName']}.verify"
        marker.touch()
        resume = marker.with_suffix(".resume")
        deadline = time.monotonic() + 300
        while not resume.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        invoke(clients.lambda_, outputs["BasicHandlerArn"], {"n": 2})

    assert fault != "verify-fails", "injected verifier failure (FAULT=verify-fails)"
