"""Fixtures for the leak check, sweeper and fault-injection tests.

`cloud` is the session's private localcloud (never a user's on 4566); `seed`
creates tagged or untagged resources in it; the ledger counts what the fault
suite tried and prints one line of figures at the end.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from faultkit import Afterwards, Ledger, Seeder

from tests.kit.checkout import add_feature, copy_checkout, make_env
from tests.kit.cloud import LocalCloudHandle

BROKEN_HANDLERS = {
    "import_error.py": "import e2e_module_that_is_not_installed\n\n\ndef lambda_handler(event, context):\n    return 1\n",
    "syntax_error.py": "def lambda_handler(event, context)\n    return 1\n",
}


@pytest.fixture(scope="session")
def cloud(localcloud: LocalCloudHandle) -> LocalCloudHandle:
    """The session's private localcloud (tests/conftest.py), with the env make would set for TARGET=local."""
    return replace(localcloud, env={**localcloud.env, "TARGET": "local"})


@pytest.fixture(scope="session")
def seed(cloud: LocalCloudHandle) -> Seeder:
    return Seeder(cloud)


@pytest.fixture(scope="module")
def spaced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway copy of the checkout whose path contains a space (one per test module)."""
    return copy_checkout(tmp_path_factory.mktemp("bad inputs") / "lambda e2e")


@pytest.fixture
def env(cloud: LocalCloudHandle) -> dict[str, str]:
    """A user's shell environment pointed at the session's localcloud."""
    return make_env(cloud.env, cloud.port, cloud.xray_port)


@pytest.fixture(scope="session")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One throwaway copy of the checkout with the `fault` and `broken` features, for every run here."""
    tree = copy_checkout(tmp_path_factory.mktemp("faults") / "repo")
    add_feature(tree, "fault")
    add_feature(tree, "broken", BROKEN_HANDLERS)
    return tree


collect_ignore = ["features"]  # verifier suites copied into throwaway checkouts, not tests of their own


LEDGER = pytest.StashKey[Ledger]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[LEDGER] = Ledger()


@pytest.fixture
def afterwards(pytestconfig: pytest.Config, cloud: LocalCloudHandle) -> Afterwards:
    return Afterwards(pytestconfig.stash[LEDGER], cloud)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    ledger = config.stash.get(LEDGER, None)
    if ledger is not None and (ledger.faults or ledger.bad_inputs):
        terminalreporter.write_line(
            f"faults tried: {ledger.faults}, bad inputs tried: {ledger.bad_inputs}, resources leaked: {ledger.leaked}, "
            f"host files touched outside build/: {ledger.touched_outside_build}, "
            f"processes left: {ledger.processes_left}"
        )
