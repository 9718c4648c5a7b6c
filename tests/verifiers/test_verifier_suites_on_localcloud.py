"""Each suite passes on its real handlers and fails on sabotaged ones, for every feature folder found
whose suite runs on this machine.

Each feature is deployed once by the real pipeline (`make deploy`, TARGET=local) in a
throwaway checkout against the session's localcloud, so its own resources, outputs and
settings exist; the suite runs as the verify phase runs it; sabotage swaps the deployed
functions' code in place (UpdateFunctionCode) and puts it back; `make destroy` ends the run
with a clean leak check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.pipeline.contracts import feature_runner, features
from tests.kit.feature_run import Edit, FeatureRun, silenced
from verifiers.lib.wait import load_factor

# Every feature folder found, not a list, whose suite runs on this machine; those that
# reach only inside the cloud (RUNNER=lambda by default) are test_verifier_inside_suites.py's.
FEATURES = [feature for feature in features() if feature_runner(feature) == "local"]
# A deployment per feature, shared by that feature's tests here: one work unit each (tests/kit/work_units.py).
pytestmark = pytest.mark.slow(by="feature", seconds=90)
# On localcloud a whole suite spends at most 2 s waiting for logs, metrics and traces in total
# on a quiet machine; a loaded one stretches it as it stretches each wait's deadline.
LOCAL_WAIT_LIMIT_S = 2.0
MISSING_OUTPUT = "outputs have no"  # a test failing on this failed for the deploy, not the handler


@pytest.mark.parametrize("feature", FEATURES, scope="module")
def test_suite_passes_twice_on_one_deployment_within_the_wait_budget(deployed: FeatureRun, tmp_path: Path) -> None:
    # GIVEN the feature deployed by `make deploy`
    # WHEN its suite runs against it twice, as the dev loop's repeated `make verify` does
    # (the second run finds every function warm)
    runs = [deployed.suite(tmp_path / f"run{n}") for n in (1, 2)]

    # THEN every test passes both times and each run waited at most the local budget
    for run in runs:
        assert run.returncode == 0 and run.results and not run.failures, run.output
        print(f"{deployed.feature}: {len(run.results)} tests, waited {run.waited_s:.3f}s")
        assert run.waited_s <= LOCAL_WAIT_LIMIT_S * load_factor(), run.output


@pytest.mark.parametrize("feature", FEATURES, scope="module")
def test_every_test_fails_when_the_handlers_do_nothing(deployed: FeatureRun, tmp_path: Path) -> None:
    # GIVEN every deployed function's handler redefined to return at once, doing nothing
    with deployed.handlers_edited(silenced):
        # WHEN the suite runs against them
        run = deployed.suite(tmp_path)

    # THEN not one test passes, and none fails for a missing output (the deploy has them all)
    assert run.returncode == 1 and run.results, run.output
    assert [r.name for r in run.results if r.failure is None] == [], run.output
    assert [r.name for r in run.failures if MISSING_OUTPUT in (r.failure or "")] == [], run.output


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
    scope="module",
)
def test_a_subtle_fault_fails_the_test_that_owns_it(deployed: FeatureRun, edit: Edit, test: str, tmp_path: Path) -> None:
    # GIVEN one handler with a subtle fault (the edit must really change it)
    source = (deployed.handlers / "basic_handler.py").read_text()
    assert edit("basic_handler.py", source) != source
    with deployed.handlers_edited(edit):
        # WHEN the test that covers it runs
        run = deployed.suite(tmp_path, "-k", test)

    # THEN it fails, and not for a missing output
    assert run.returncode == 1 and [r.name for r in run.failures] == [test], run.output
    assert MISSING_OUTPUT not in (run.failures[0].failure or ""), run.output
