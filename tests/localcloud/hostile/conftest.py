"""Hostile handlers: what a function can do to the host, and proof that localcloud
ends it and keeps serving other functions afterwards."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

WELL = """
def handler(event, context):
    return {"well": True}
"""


@pytest.fixture
def still_serving(lambda_client: Any, make_function: Callable[..., str]) -> Callable[[], None]:
    """Assert that a well-behaved function still answers."""
    name = make_function(WELL)

    def check() -> None:
        answer = lambda_client.invoke(FunctionName=name, Payload=b"{}")
        assert answer["StatusCode"] == 200 and "FunctionError" not in answer
        assert json.loads(answer["Payload"].read()) == {"well": True}

    return check


@pytest.fixture
def pid_file(tmp_path: Path) -> Path:
    """Where a hostile handler writes the pids it spawns (the test reads them back)."""
    return tmp_path / "pids"
