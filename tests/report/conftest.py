"""Fixture writing synthetic run folders (see report_fixtures)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_fixtures import Step, WriteRun, timings


@pytest.fixture
def write_run(tmp_path: Path) -> WriteRun:
    """Write {feature: (offset, steps)} as build/runs/<id>/<feature>/timings.json."""

    def write(features: dict[str, tuple[float, list[Step]]]) -> Path:
        run_dir = tmp_path / "runs" / "r-test"
        for feature, (offset, steps) in features.items():
            folder = run_dir / feature
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "timings.json").write_text(json.dumps(timings(offset, steps)))
        return run_dir

    return write
