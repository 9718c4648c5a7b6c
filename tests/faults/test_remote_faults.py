"""A sabotaged handler under RUNNER=lambda: the run fails naming the test and its assertion, and leaves nothing.

The `fault` feature's suite expects its function to echo the event with
{"ok": true}; here the handler says false, and the suite runs as the runner
function deployed with the feature.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import Afterwards

from tests.kit.checkout import add_feature, copy_checkout, make, make_env
from tests.kit.cloud import LocalCloudHandle
from tests.kit.pipeline import new_run_id

SABOTAGED = 'def lambda_handler(event, context):\n    return {"ok": False, "echo": event}\n'


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = copy_checkout(tmp_path_factory.mktemp("remote-faults") / "repo")
    add_feature(tree, "fault", {"basic_handler.py": SABOTAGED})
    return tree


@pytest.mark.slow(seconds=50)
def test_sabotaged_handler_fails_under_runner_lambda_naming_test_and_assertion(
    checkout: Path, cloud: LocalCloudHandle, afterwards: Afterwards
) -> None:
    # GIVEN a handler that answers wrongly
    run_id = new_run_id()
    # WHEN its feature runs end to end with RUNNER=lambda
    result = make(checkout, ["e2e", "FEATURE=fault", f"RUN_ID={run_id}", "RUNNER=lambda"],
                  make_env(cloud.env, cloud.port, cloud.xray_port))
    # THEN verify fails naming the test and the assertion that caught it
    assert result.returncode != 0, result.stderr
    assert "runner: FAILED verifiers.fault.test_fault::test_function_answers: AssertionError" in result.stderr, \
        result.stderr
    assert "{'ok': False} != {'ok': True}" in result.stderr, result.stderr
    # AND the runner's JUnit report says so too
    junit = (checkout / "build" / "runs" / run_id / "fault" / "junit.xml").read_text()
    assert 'name="test_function_answers"' in junit and "<failure" in junit
    assert "fault/destroy ok" in result.stderr, result.stderr
    afterwards.fault(run_id)
