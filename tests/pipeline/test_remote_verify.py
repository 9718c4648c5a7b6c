"""RUNNER=lambda end to end on a private localcloud: the tracer suite runs as the runner function
deployed with the feature, and gives the same JUnit test names and outcomes as RUNNER=local."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from tests.kit.checkout import copy_checkout, make, make_env
from tests.kit.pipeline import new_run_id, run_module


def outcomes(junit: Path) -> list[tuple[str, str, str]]:
    """(classname, name, outcome) of every testcase, in report order."""
    found = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        outcome = next((tag for tag in ("failure", "error", "skipped") if case.find(tag) is not None), "passed")
        found.append((case.get("classname", ""), case.get("name", ""), outcome))
    return found


def runner_actions(iam: Any, role: str) -> list[str]:
    policy = iam.get_role_policy(RoleName=role, PolicyName="read-what-the-suite-reads")["PolicyDocument"]
    return [action for statement in policy["Statement"] for action in statement["Action"]]


@pytest.mark.slow(seconds=80)
def test_tracer_under_runner_lambda_matches_runner_local(tmp_path: Path, localcloud: Any) -> None:
    tree = copy_checkout(tmp_path / "repo")
    env = make_env(localcloud.env, localcloud.port, localcloud.xray_port)
    run_id = new_run_id()
    run_dir = tree / "build" / "runs" / run_id / "tracer"
    runner = f"e2e-{run_id}-tracer-Runner"
    try:
        # WHEN the feature runs end to end with RUNNER=lambda (kept, to verify it locally as well)
        remote = make(tree, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}", "RUNNER=lambda", "KEEP=1"], env)
        assert remote.returncode == 0, remote.stdout + remote.stderr
        remote_cases = outcomes(run_dir / "junit.xml")
        log = (run_dir / "verify.log").read_text()
        # THEN verify.log names the runner and one request id per test module
        invocations = re.findall(rf"runner: (verifiers/tracer/test_\w+\.py): {runner} request id ([0-9a-f-]{{36}})", log)
        assert [module for module, _ in invocations] == ["verifiers/tracer/test_tracer.py"], log
        # AND the runner's role names its actions
        actions = runner_actions(localcloud.client("iam"), runner)
        assert "lambda:InvokeFunction" in actions and not [a for a in actions if "*" in a]

        # WHEN the same deployment is verified with RUNNER=local
        local = make(tree, ["verify", "FEATURE=tracer", f"RUN_ID={run_id}"], env)
        assert local.returncode == 0, local.stdout + local.stderr
        # THEN the JUnit reports have the same tests with the same outcomes
        assert remote_cases and all(outcome == "passed" for *_, outcome in remote_cases)
        assert outcomes(run_dir / "junit.xml") == remote_cases
    finally:
        make(tree, ["destroy", "FEATURE=tracer", f"RUN_ID={run_id}"], env)
    # AND the runner went with the feature: nothing of the run is left
    leaks = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id], env)
    assert leaks.returncode == 0, leaks.stdout + leaks.stderr
