"""The run report: table content, timeline picture, failure marking, CLI."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from scripts.report.run_report import console_table, junit_counts, main, render_markdown, write_report
from report_fixtures import APPLY_FAILS, PASSING, WriteRun, timings
from scripts.report.timeline import FAIL_COLOUR, FAIL_HATCH, figure, layout
from scripts.report.timings import load_run

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def row_of(markdown: str, first_cell: str) -> list[str]:
    line = next(l for l in markdown.splitlines() if l.startswith(f"| {first_cell} |"))
    return [c.strip() for c in line.strip("|").split("|")]


def test_table_has_a_row_per_feature_with_durations_results_and_totals(write_run: WriteRun) -> None:
    # GIVEN a passing feature and one whose apply failed (verify skipped)
    run_dir = write_run({"tracer": (0.0, PASSING), "metrics": (1.0, APPLY_FAILS)})
    # WHEN the report is rendered
    markdown = render_markdown("r-test", load_run(run_dir), run_dir)
    # THEN the header lists the phases in order, and each row its seconds and result
    assert row_of(markdown, "feature") == ["feature", "init", "apply", "verify", "destroy", "leak_check",
                                           "busy", "wall", "tests", "result"]
    assert row_of(markdown, "tracer") == ["tracer", "3.0 s", "18.0 s", "6.0 s", "12.0 s", "0.5 s",
                                          "39.5 s", "39.5 s", "—", "pass"]
    assert row_of(markdown, "metrics") == ["metrics", "3.0 s", "15.0 s **FAIL**", "skipped", "9.0 s",
                                           "0.5 s", "27.5 s", "27.5 s", "—", "**FAIL**"]
    # AND the totals add up per phase, with the run's wall time spanning both features
    assert row_of(markdown, "**total**") == ["**total**", "6.0 s", "33.0 s", "6.0 s", "21.0 s", "1.0 s",
                                             "67.0 s", "39.5 s", "", "**FAIL**"]
    assert "**Result: FAIL**" in markdown and "2 feature(s), 1 failed" in markdown
    assert "![timeline" in markdown and "(timeline.png)" in markdown
    assert "- `metrics`: **apply** failed after 15.0 s" in markdown


def test_write_report_writes_markdown_and_a_png(write_run: WriteRun) -> None:
    run_dir = write_run({"tracer": (0.0, PASSING), "logger": (0.5, PASSING)})
    report, runs = write_report(run_dir)
    assert report == run_dir / "report.md" and report.read_text().startswith("# E2E run `r-test`")
    png = (run_dir / "timeline.png").read_bytes()
    assert png.startswith(PNG_MAGIC) and len(png) > 5_000
    assert [r.feature for r in runs] == ["tracer", "logger"]


def test_timeline_marks_failed_phases_and_only_those(write_run: WriteRun) -> None:
    run_dir = write_run({"tracer": (0.0, PASSING), "metrics": (1.0, APPLY_FAILS)})
    runs = load_run(run_dir)
    # THEN the layout has one bar per phase that ran (the skipped verify has none)
    bars = layout(runs)
    assert [(b.feature, b.phase) for b in bars if b.failed] == [("metrics", "apply")]
    assert len(bars) == 5 + 4
    assert {b.phase: b.colour for b in bars if b.feature == "tracer"}["apply"] == \
        {b.phase: b.colour for b in bars if b.feature == "metrics"}["apply"]
    assert next(b for b in bars if b.feature == "metrics" and b.phase == "init").x == pytest.approx(1.0)
    # AND the drawn picture hatches exactly that bar in red
    fig = figure(runs, "t")
    hatched = [p for p in fig.axes[0].collections if p.get_hatch() == FAIL_HATCH]
    assert len(hatched) == 1
    edge = np.asarray(hatched[0].get_edgecolor(), dtype=float)
    assert edge[0].tolist() == pytest.approx(list(to_rgba(FAIL_COLOUR)))
    assert len(fig.legends) == 1
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["init", "apply", "verify", "destroy", "leak_check", "failed"]


def test_console_summary_flags_failures(write_run: WriteRun) -> None:
    run_dir = write_run({"tracer": (0.0, PASSING), "metrics": (1.0, APPLY_FAILS)})
    lines = console_table(load_run(run_dir)).splitlines()
    assert lines[0].split() == ["feature", "init", "apply", "verify", "destroy", "leak_check", "wall", "result"]
    assert lines[1].split() == ["tracer", "3.0", "18.0", "6.0", "12.0", "0.5", "39.5", "PASS"]
    assert lines[2].split() == ["metrics", "3.0", "15.0!", "skip", "9.0", "0.5", "27.5", "FAIL"]


def test_junit_counts_are_shown(write_run: WriteRun) -> None:
    run_dir = write_run({"logger": (0.0, PASSING)})
    (run_dir / "logger" / "junit.xml").write_text(
        '<testsuites><testsuite name="pytest" tests="6" failures="1" errors="1" skipped="1"/></testsuites>')
    assert str(junit_counts(run_dir / "logger" / "junit.xml")) == "3 passed, 2 failed, 1 skipped"
    assert "3 passed, 2 failed, 1 skipped" in row_of(render_markdown("r", load_run(run_dir), run_dir), "logger")


def test_cli_prints_summary_and_path(write_run: WriteRun, capsys: pytest.CaptureFixture[str]) -> None:
    run_dir = write_run({"tracer": (0.0, PASSING)})
    assert main([str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == f"report: {run_dir / 'report.md'}"
    assert "tracer" in out


def test_cli_without_timings_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert "no timings.json" in capsys.readouterr().err
    assert not (tmp_path / "report.md").exists()


def test_failed_shared_phase_links_the_run_level_log(write_run: WriteRun) -> None:
    # GIVEN a run whose shared layer build failed, with its log in the run folder
    run_dir = write_run({"tracer": (1.0, [("deploy", 0.0, "skipped")])})
    (run_dir / "timings.json").write_text(json.dumps(timings(0.0, [("layer", 0.5, "fail")])))
    (run_dir / "layer.log").write_text("pip: no matching distribution")
    # THEN the failure and the files section point at that log, relative to the report
    markdown = render_markdown("r", load_run(run_dir), run_dir)
    assert "- `(shared)`: **layer** failed after 0.5 s — see [layer.log](layer.log)" in markdown
    assert "- `(shared)`: [layer.log](layer.log)" in markdown


def test_the_report_names_the_versions_under_test(write_run: WriteRun) -> None:
    # GIVEN a run whose layer phase recorded the versions it holds
    run_dir = write_run({"logger": (0.0, PASSING)})
    (run_dir / "under_test.txt").write_text("layer: under test aws-lambda-powertools==3.37.0, wrapt==2.5.2\n")
    # WHEN the report is written THEN its header names them
    report, _ = write_report(run_dir)
    assert "Under test: aws-lambda-powertools==3.37.0, wrapt==2.5.2" in report.read_text()
