"""Helpers for the verifiers' own tests: stubbed clients, recorded documents, a pipeline checkout."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from scripts.pipeline import contracts
from tests.kit.cloud import LocalCloudHandle
from tests.kit.feature_run import FeatureRun, PipelineCheckout, pipeline_checkout
from tests.kit.pipeline import new_run_id

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def stubbed() -> Iterator[Callable[[str], tuple[Any, Stubber]]]:
    """Make a client whose calls answer from a Stubber queue; every queued answer must be used."""
    stubbers: list[Stubber] = []

    def make(service: str) -> tuple[Any, Stubber]:
        client = boto3.client(
            service, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
        )
        stubber = Stubber(client)
        stubber.activate()
        stubbers.append(stubber)
        return client, stubber

    yield make
    for stubber in stubbers:
        stubber.assert_no_pending_responses()
        stubber.deactivate()


@pytest.fixture
def recorded() -> Callable[[str], Any]:
    """Load a recorded API answer from tests/verifiers/data/."""
    return lambda name: json.loads((DATA / name).read_text())


@pytest.fixture
def local_target(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run waits with localcloud budgets, whatever the caller's TARGET."""
    monkeypatch.setenv("TARGET", "local")


@pytest.fixture(scope="session")
def checkout(localcloud: LocalCloudHandle, tmp_path_factory: pytest.TempPathFactory) -> PipelineCheckout:
    """One copy of the working tree for the session's pipeline runs (its own build/)."""
    return pipeline_checkout(tmp_path_factory.mktemp("pipeline") / "checkout", localcloud)


@pytest.fixture(scope="module")
def deployed(feature: str, checkout: PipelineCheckout) -> Iterator[FeatureRun]:
    """The feature deployed once for all its tests in a module; destroyed after the last, leak check clean."""
    run = FeatureRun(checkout, feature, new_run_id())
    try:
        run.deploy()
        yield run
    finally:
        destroyed = run.destroy()
    assert destroyed.returncode == 0, f"make destroy FEATURE={feature}:\n{destroyed.stdout}{destroyed.stderr}"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run each feature's deployed-run tests together, so one deployment serves them all.

    pytest groups module-scoped parameters by their position in each test's own list,
    which differs between the tests over every feature and those over a few.
    """
    slots = [i for i, item in enumerate(items) if "deployed" in getattr(item, "fixturenames", ())]
    ordered = sorted((items[i] for i in slots), key=lambda item: _feature_position(item))
    for slot, item in zip(slots, ordered):
        items[slot] = item


def _feature_position(item: pytest.Item) -> int:
    feature = item.callspec.params["feature"]  # type: ignore[attr-defined]
    return contracts.features().index(feature)
