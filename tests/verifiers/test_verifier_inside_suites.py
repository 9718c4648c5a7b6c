"""A suite that reaches only inside the cloud (its feature's `verifiers/<f>/runner.json` says
RUNNER=lambda) passes as the runner function, fails on this machine saying why, and fails when
its handlers are sabotaged: for every such feature folder found.

Each feature is deployed once by `make deploy` in a throwaway checkout against the session's
localcloud (RUNNER not given: the feature's own, so its runner is deployed in its VPC), and
verified with `make verify` as a user types it.
"""

from __future__ import annotations

import pytest

from scripts.pipeline.contracts import feature_runner, features
from tests.kit.feature_run import FeatureRun, silenced

INSIDE = [feature for feature in features() if feature_runner(feature) == "lambda"]
# A deployment per feature, shared by that feature's tests here: one work unit each (tests/kit/work_units.py).
pytestmark = pytest.mark.slow(by="feature", seconds=120)


@pytest.mark.parametrize("feature", INSIDE, scope="module")
def test_the_suite_passes_inside_and_fails_outside_naming_runner_lambda(deployed: FeatureRun) -> None:
    # GIVEN the feature deployed with its runner
    # WHEN it is verified with its own runner, then on this machine
    inside, inside_results = deployed.verify()
    outside, outside_results = deployed.verify("RUNNER=local")

    # THEN inside every test passes; outside every test fails, saying the resource is internal
    # and naming RUNNER=lambda
    assert inside.returncode == 0 and inside_results, inside.stdout + inside.stderr
    assert [r.name for r in inside_results if r.failure] == [], inside.stdout
    assert outside.returncode != 0 and [r.name for r in outside_results] == [r.name for r in inside_results]
    for result in outside_results:
        assert result.failure and "internal" in result.failure and "RUNNER=lambda" in result.failure, result


@pytest.mark.parametrize("feature", INSIDE, scope="module")
def test_every_inside_test_fails_when_the_handlers_do_nothing(deployed: FeatureRun) -> None:
    # GIVEN every deployed function's handler redefined to return at once, doing nothing
    with deployed.handlers_edited(silenced):
        # WHEN the suite runs inside, as its runner
        done, results = deployed.verify()

    # THEN not one test passes
    assert done.returncode != 0 and results, done.stdout + done.stderr
    assert [r.name for r in results if r.failure is None] == [], done.stdout
