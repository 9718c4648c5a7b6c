"""`make test`'s scheduling (tests/kit/work_units.py under pytest-xdist):
slow tests start first and spread over the workers; tests sharing a deployment stay together."""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.kit.pipeline import ROOT

RECORDER = '''import os
from pathlib import Path


def record(*words: str) -> None:
    with Path(os.environ["WORK_UNITS_RECORD"]).open("a") as out:
        out.write(" ".join([os.environ.get("PYTEST_XDIST_WORKER", "main"), *words]) + "\\n")
'''
# Named so that the collection order is quick first, longest last: the plugin must turn it round.
QUICK = '''from recorder import record


def test_quick_one():
    record("test", "quick")


def test_quick_two():
    record("test", "quick")
'''
DEPLOYED = '''import pytest
from recorder import record

pytestmark = pytest.mark.slow(by="feature", seconds=90)


@pytest.fixture(scope="module")
def deployed(feature):
    record("deploy", feature)
    return feature


@pytest.mark.parametrize("feature", ["alpha", "beta"], scope="module")
def test_suite_passes(deployed):
    record("test", "slow")


@pytest.mark.parametrize("feature", ["alpha", "beta"], scope="module")
def test_suite_fails_on_sabotage(deployed):
    record("test", "slow")
'''
LONGEST = '''import pytest
from recorder import record


@pytest.mark.slow(seconds=120)
def test_longest():
    record("test", "longest")
'''


def run_suite(folder: Path) -> list[list[str]]:
    """The suite under two workers as `make test` runs it; each line: worker, event, name."""
    for name, text in {"recorder.py": RECORDER, "test_a_quick.py": QUICK, "test_b_deployed.py": DEPLOYED,
                       "test_c_longest.py": LONGEST}.items():
        (folder / name).write_text(text)
    record = folder / "record.txt"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.kit.work_units",
         "-n", "2", "--dist", "loadscope", "--no-loadscope-reorder", str(folder)],
        cwd=folder, env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{folder}", "WORK_UNITS_RECORD": str(record)},
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [line.split() for line in record.read_text().splitlines()]


def test_slow_units_start_first_and_a_deployment_serves_all_its_tests(tmp_path: Path) -> None:
    # GIVEN quick tests collected first, a slow module with a deployment per feature, and a longest test last
    # WHEN they run on two workers
    events = run_suite(tmp_path)

    # THEN each feature was deployed once for both its tests, the two on different workers,
    deploys = [(worker, name) for worker, event, name in events if event == "deploy"]
    assert Counter(name for _, name in deploys) == {"alpha": 1, "beta": 1}, events
    assert len({worker for worker, _ in deploys}) == 2, events
    # each worker began with a slow test, the longest first on one of them,
    firsts = {worker: name for worker, event, name in reversed(events) if event == "test"}
    assert sorted(firsts.values()) == ["longest", "slow"], events
    # and the quick module, one unit, ran on one worker after the slow ones there
    assert len({worker for worker, _, name in events if name == "quick"}) == 1, events
    assert sum(name == "quick" for _, _, name in events) == 2
