"""How RUNNER=lambda judges the runner's answers: every failed test, function error and timeout fails the phase."""
from __future__ import annotations

import io
import json
from typing import Any

import pytest

from scripts.pipeline.contracts import ContractError
from scripts.pipeline.remote_verify import Invocation, invoke, report
from scripts.pipeline.tfvars import check_runner_name

PASSED = ('<testsuites><testsuite name="pytest" tests="1" failures="0" errors="0" skipped="0">'
          '<testcase classname="verifiers.f.test_a" name="test_ok" /></testsuite></testsuites>')
FAILED = ('<testsuites><testsuite name="pytest" tests="1" failures="1" errors="0" skipped="0">'
          '<testcase classname="verifiers.f.test_b" name="test_bad"><failure message="AssertionError: assert 1 == 2" />'
          '</testcase></testsuite></testsuites>')


def answer(module: str, code: int, junit: str, request_id: str = "req-1") -> Invocation:
    return Invocation(module, request_id, {"module": module, "exit_code": code, "junit_xml": junit,
                                                    "output": f"pytest output of {module}", "wait_report": None})


def test_passing_modules_give_no_problem_and_name_each_request(capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN two modules that passed WHEN judged
    _, problems = report("e2e-r1-f-Runner", [answer("verifiers/f/test_a.py", 0, PASSED, "req-a"),
                                             answer("verifiers/f/test_c.py", 5, "", "req-c")], 1.0)
    # THEN nothing fails, and the log names the runner and each request id
    log = capsys.readouterr().out
    assert problems == []
    assert "runner: verifiers/f/test_a.py: e2e-r1-f-Runner request id req-a" in log
    assert "runner: verifiers/f/test_c.py: e2e-r1-f-Runner request id req-c" in log
    assert "runner: 1 passed in 1.00s (2 invocations" in log


@pytest.mark.parametrize(("invocation", "named"), [
    (answer("verifiers/f/test_b.py", 1, FAILED), "FAILED verifiers.f.test_b::test_bad: AssertionError: assert 1 == 2"),
    (Invocation("verifiers/f/test_b.py", "req-9", None, "function error Sandbox.Timedout: Task timed out"),
     "verifiers/f/test_b.py (request id req-9): function error Sandbox.Timedout"),
    (answer("verifiers/f/test_b.py", 4, "", "req-b"), "verifiers/f/test_b.py (request id req-b): pytest exited 4"),
], ids=["failed-test", "function-error", "usage-error"])
def test_a_failure_fails_the_phase_naming_module_and_cause(invocation: Invocation, named: str) -> None:
    # GIVEN a passing module and a failing one WHEN judged THEN the failure is named
    _, problems = report("runner", [answer("verifiers/f/test_a.py", 0, PASSED), invocation], 1.0)
    assert any(problem.startswith(named) for problem in problems), problems


class FakeLambda:
    def __init__(self, body: dict[str, Any], function_error: bool = False) -> None:
        self.body, self.function_error = body, function_error

    def invoke(self, FunctionName: str, Payload: bytes) -> dict[str, Any]:  # noqa: N803 (boto3's names)
        response = {"ResponseMetadata": {"RequestId": "req-1"}, "Payload": io.BytesIO(json.dumps(self.body).encode())}
        return {**response, "FunctionError": "Unhandled"} if self.function_error else response


class FakeS3:
    def get_object(self, Bucket: str, Key: str) -> dict[str, Any]:  # noqa: N803
        return {"Body": io.BytesIO(json.dumps({"exit_code": 0, "from": f"{Bucket}/{Key}"}).encode())}


def test_a_large_answer_is_read_from_the_run_bucket() -> None:
    # GIVEN a runner whose answer went to S3 WHEN invoked THEN the answer is read from there
    where = {"results_s3": {"bucket": "code", "key": "runner-results/req-1.json"}}
    found = invoke((FakeLambda(where), FakeS3()), "runner", "verifiers/f/test_a.py", {})
    assert found.result == {"exit_code": 0, "from": "code/runner-results/req-1.json"} and found.request_id == "req-1"


def test_a_function_error_is_named_with_its_type() -> None:
    # GIVEN a runner that failed WHEN invoked THEN the problem carries the error type and message
    error = {"errorType": "Runtime.ImportModuleError", "errorMessage": "No module named 'pytest'"}
    found = invoke((FakeLambda(error, function_error=True), FakeS3()), "runner", "verifiers/f/test_a.py", {})
    assert found.problem == "function error Runtime.ImportModuleError: No module named 'pytest'"


def test_a_handler_named_runner_is_refused_with_runner_lambda() -> None:
    # GIVEN a feature with a handler runner.py WHEN its inputs are written for RUNNER=lambda THEN it is refused
    with pytest.raises(ContractError, match=r"handler runner\.py would share its function name"):
        check_runner_name({"runner": {"pascal_name": "Runner"}, "basic_handler": {"pascal_name": "BasicHandler"}})
    check_runner_name({"basic_handler": {"pascal_name": "BasicHandler"}})  # any other name is fine
