"""`make logs` on a finished run: the function logs saved before its teardown."""
from __future__ import annotations

from pathlib import Path

import pytest

from scripts.forensics.show import main


def test_a_finished_run_shows_each_saved_function_log_under_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a torn-down run folder with two saved function logs
    functions = tmp_path / "functions"
    functions.mkdir()
    (functions / "BasicHandler.log").write_text("2026-01-01T00:00:00.000+00:00 s order 7 refused: no stock\n")
    (functions / "TzHandler.log").write_text("2026-01-01T00:00:01.000+00:00 s REPORT RequestId: 1\n")

    # WHEN its logs are asked for
    status = main([str(tmp_path), "--feature", "logger"])

    # THEN both are printed, each under its path
    out = capsys.readouterr().out
    assert status == 0
    assert f"==> {functions / 'BasicHandler.log'} <==\n2026-01-01T00:00:00.000+00:00 s order 7 refused" in out
    assert f"==> {functions / 'TzHandler.log'} <==" in out


def test_a_run_without_saved_logs_says_how_to_get_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--feature", "logger"]) == 1
    assert "saved when verify fails or with FORENSICS=1" in capsys.readouterr().err
