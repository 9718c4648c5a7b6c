"""Each suite passes on its real handlers and fails on sabotaged ones, run for real on localcloud.

The suite runs as the verify phase runs it: `python -m pytest verifiers/<f> --outputs ...`
in a subprocess with TARGET=local and the localcloud endpoint in the environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.pipeline.contracts import features

REPO = Path(__file__).resolve().parents[2]
FEATURES = features()  # every feature folder found, not a list
# On localcloud a whole suite spends at most 2 s waiting in total.
LOCAL_WAIT_LIMIT_S = 2.0
SILENT_HANDLER = '''

def lambda_handler(event, context):  # sabotage: returns without logging, metrics or tracing
    return "success"
'''


@dataclass(frozen=True)
class SuiteRun:
    returncode: int
    tests: int
    failures: int
    waited_s: float
    output: str


def run_suite(feature: str, outputs_path: Path, localcloud, tmp_path: Path, *select: str) -> SuiteRun:
    junit, waits = tmp_path / f"{feature}.junit.xml", tmp_path / f"{feature}.waits.json"
    env = {**os.environ, **localcloud.env, "TARGET": "local", "E2E_RUN_ID": f"selftest-{feature}"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", f"verifiers/{feature}", "--outputs", str(outputs_path),
         "--junitxml", str(junit), "--wait-report", str(waits), "-p", "no:cacheprovider", "-q", *select],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert suite is not None, done.stdout + done.stderr
    return SuiteRun(
        done.returncode,
        int(suite.get("tests", 0)),
        int(suite.get("failures", 0)) + int(suite.get("errors", 0)),
        json.loads(waits.read_text())["total_s"],
        (done.stdout + done.stderr)[-4000:],  # the summary and the last failure are what explain it
    )


def sabotaged_copy(feature: str, tmp_path: Path, edit) -> Path:
    """handlers/<feature> copied, each handler's source passed through `edit`."""
    copy = tmp_path / f"{feature}-sabotaged"
    shutil.copytree(REPO / "handlers" / feature, copy)
    for handler in copy.glob("*.py"):
        handler.write_text(edit(handler.name, handler.read_text()))
    return copy


@pytest.mark.parametrize("feature", FEATURES)
def test_suite_passes_twice_on_one_deployment_within_the_wait_budget(feature, local_deployer, localcloud, tmp_path):
    # GIVEN the feature's handlers deployed once on localcloud
    outputs_path = local_deployer.deploy(REPO / "handlers" / feature, feature)

    # WHEN its suite runs against them twice, as the dev loop's repeated `make verify` does
    # (the second run finds every function warm)
    runs = [run_suite(feature, outputs_path, localcloud, tmp_path) for _ in range(2)]

    # THEN every test passes both times and each run waited at most the local budget
    for run in runs:
        assert run.returncode == 0 and run.failures == 0 and run.tests > 0, run.output
        print(f"{feature}: {run.tests} tests, waited {run.waited_s:.3f}s")
        assert run.waited_s <= LOCAL_WAIT_LIMIT_S, run.output


@pytest.mark.parametrize("feature", FEATURES)
def test_every_test_fails_when_the_handlers_do_nothing(feature, local_deployer, localcloud, tmp_path):
    # GIVEN handlers whose lambda_handler is redefined to return without logging, metrics or tracing
    handlers = sabotaged_copy(feature, tmp_path, lambda _name, source: source + SILENT_HANDLER)
    outputs_path = local_deployer.deploy(handlers, f"{feature}-silent")

    # WHEN the suite runs against them
    run = run_suite(feature, outputs_path, localcloud, tmp_path)

    # THEN not one test passes
    assert run.returncode == 1, run.output
    assert run.tests > 0 and run.failures == run.tests, run.output


def _drop_context(name: str, source: str) -> str:
    return source.replace("@logger.inject_lambda_context\n", "") if name == "basic_handler.py" else source


def _emit_twice(name: str, source: str) -> str:
    return source.replace('for metric in event["metrics"]:', 'for metric in event["metrics"] * 2:')


def _lose_method_subsegment(name: str, source: str) -> str:
    return source.replace("@tracer.capture_method\ndef get_todos", "def get_todos")


@pytest.mark.parametrize(
    ("feature", "edit", "test"),
    [
        ("logger", _drop_context, "test_two_invokes_give_two_records_with_context_and_one_cold_start"),
        ("metrics", _emit_twice, "test_metric_added_three_times_gives_one_sum_of_three"),
        ("tracer", _lose_method_subsegment, "test_handler_and_method_are_captured_with_one_cold_start"),
    ],
    ids=["missing-log-keys", "metric-emitted-twice", "lost-subsegment"],
)
def test_a_subtle_fault_fails_the_test_that_owns_it(feature, edit, test, local_deployer, localcloud, tmp_path):
    # GIVEN one handler with a subtle fault (the edit must really change it)
    handlers = sabotaged_copy(feature, tmp_path, edit)
    assert (handlers / "basic_handler.py").read_text() != (REPO / "handlers" / feature / "basic_handler.py").read_text()
    outputs_path = local_deployer.deploy(handlers, f"{feature}-subtle")

    # WHEN the test that covers it runs
    run = run_suite(feature, outputs_path, localcloud, tmp_path, "-k", test)

    # THEN it fails
    assert run.returncode == 1 and run.tests == 1 and run.failures == 1, run.output
