"""The outputs schema and `python -m verifiers.outputs check`, and the suites' use of it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from verifiers import outputs

REPO = Path(__file__).resolve().parents[2]
ARN = "arn:aws:lambda:us-east-1:123456789012:function:"


def _output(value: object) -> dict:
    return {"value": value, "type": "string", "sensitive": False}


GOOD = {
    "ServiceName": _output("svc-run1-logger"),
    "BasicHandler": _output("e2e-run1-logger-basic-handler"),
    "BasicHandlerArn": _output(ARN + "e2e-run1-logger-basic-handler"),
    "TzHandler": _output("e2e-run1-logger-tz-handler"),
    "TzHandlerArn": _output(ARN + "e2e-run1-logger-tz-handler"),
}


def _write(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "outputs.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_good_outputs_pass_with_the_handler_pairs(tmp_path):
    assert outputs.check(_write(tmp_path, GOOD), REPO / "handlers" / "logger") == []
    assert outputs.values(GOOD)["ServiceName"] == "svc-run1-logger"


@pytest.mark.parametrize(
    ("outputs_json", "problem"),
    [
        ({k: v for k, v in GOOD.items() if k != "ServiceName"}, "'ServiceName' is a required property"),
        ({**GOOD, "ServiceName": _output("")}, "$.ServiceName.value"),
        ({**GOOD, "BasicHandlerArn": _output("e2e-run1-logger-basic-handler")}, "$.BasicHandlerArn.value"),
        ({**GOOD, "basic_handler": _output("x")}, "'basic_handler' does not match"),
        ({**GOOD, "Extra": {"value": "x"}}, "'sensitive' is a required property"),
        ({**GOOD, "BasicHandler": _output("other")}, "BasicHandlerArn names function"),
        ({k: v for k, v in GOOD.items() if k != "TzHandler"}, "function ARN without its name output 'TzHandler'"),
        ({k: v for k, v in GOOD.items() if not k.startswith("Tz")}, "$.TzHandlerArn: missing"),
        ([1, 2], "is not of type 'object'"),
    ],
)
def test_bad_outputs_are_rejected_naming_the_problem(tmp_path, outputs_json, problem):
    found = outputs.check(_write(tmp_path, outputs_json), REPO / "handlers" / "logger")
    assert any(problem in p for p in found), found


def test_cli_exit_codes_and_messages(tmp_path, capsys):
    # GIVEN a missing file, a file that is not JSON, and a good file
    missing, broken = tmp_path / "none.json", tmp_path / "broken.json"
    broken.write_text("{not json")

    # WHEN/THEN the CLI exits 1 naming each problem, 0 when all is well
    assert outputs.main(["check", str(missing)]) == 1
    assert "no such file" in capsys.readouterr().err
    assert outputs.main(["check", str(broken)]) == 1
    assert "invalid JSON" in capsys.readouterr().err
    assert outputs.main(["check", str(_write(tmp_path, GOOD))]) == 0


def _pytest_suite(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "verifiers/logger", "-p", "no:cacheprovider", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_suite_without_outputs_is_a_usage_error():
    run = _pytest_suite()
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert "--outputs <path> is required" in run.stderr


def test_a_suite_with_bad_outputs_stops_before_any_test(tmp_path):
    # GIVEN logger outputs that lack the tz handler's pair
    path = _write(tmp_path, {k: v for k, v in GOOD.items() if not k.startswith("Tz")})

    # WHEN the logger suite starts, THEN it refuses, naming the missing outputs
    run = _pytest_suite("--outputs", str(path))
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert "$.TzHandler: missing" in run.stderr and "$.TzHandlerArn: missing" in run.stderr


def test_a_handler_file_outside_the_name_rule_is_named_by_the_outputs_check(tmp_path):
    # GIVEN a feature folder whose handler file is camelCase
    handlers = tmp_path / "handlers"
    handlers.mkdir()
    (handlers / "fetchOrder.py").write_text("def lambda_handler(e, c):\n    return 1\n")
    # WHEN the outputs are checked against it
    found = outputs.check(_write(tmp_path, GOOD), handlers)
    # THEN the problem names the rule, not a guessed output name
    assert len(found) == 1 and "fetchOrder.py" in found[0] and "handler-name rule: snake_case" in found[0]
