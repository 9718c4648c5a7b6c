"""A failed run explains itself after teardown: the functions' own logs and
the run's traces are saved in the run folder, and the report links them next
to the failing test (`make e2e` on localcloud, in the faults' checkout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from faultkit import Afterwards

from tests.kit.checkout import make, make_env
from tests.kit.cloud import LocalCloudHandle
from tests.kit.pipeline import new_run_id


@pytest.mark.slow(seconds=45)
def test_failed_verify_keeps_function_logs_and_traces_linked_from_the_report(
    checkout: Path, cloud: LocalCloudHandle, tmp_path: Path, afterwards: Afterwards
) -> None:
    # GIVEN a run whose verifier invokes the function, then fails
    run_id = new_run_id()
    env = make_env(cloud.env, cloud.port, cloud.xray_port, FAULT="verify-fails", FAULT_MARKER_DIR=str(tmp_path))

    # WHEN it runs end to end (and tears down)
    result = make(checkout, ["e2e", "FEATURE=fault", f"RUN_ID={run_id}"], env)

    # THEN the function's own log line and its REPORT line are in the run folder after destroy,
    assert result.returncode != 0, result.stderr
    assert "fault/destroy ok" in result.stderr, result.stderr
    run = checkout / "build" / "runs" / run_id
    saved = (run / "fault" / "functions" / "BasicHandler.log").read_text()
    assert 'fault handler answering {"n": 1}' in saved, saved
    assert "REPORT RequestId: " in saved, saved
    # the traces of its invoke too,
    traces = json.loads((run / "fault" / "traces.json").read_text())
    segments = [segment for trace in traces["traces"] for segment in trace["Segments"]]
    assert any(s.get("origin") == "AWS::Lambda::Function" for s in segments), traces
    # and the report names the failing test and its assertion, with links to both files
    report = (run / "report.md").read_text()
    failing = next(line for line in report.splitlines() if "test_function_answers" in line)
    assert "injected verifier failure" in failing, failing
    assert "(fault/functions/BasicHandler.log)" in failing and "(fault/traces.json)" in failing, failing
    assert "function logs: " in result.stderr, result.stderr
    afterwards.fault(run_id)
