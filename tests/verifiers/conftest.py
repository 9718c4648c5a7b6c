"""Helpers for the verifier library's own tests: stubbed clients and recorded documents."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

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
