#!/usr/bin/env python3
"""Write a run's report: `report.md` (phases x features with durations and
results, totals, the timeline picture) and `timeline.png` in the run folder,
then print a compact summary and the report's path.

Usage: .venv/bin/python -m scripts.report.run_report [--after FILE --while-pid PID] build/runs/<run_id>
With --after, it first waits, while process PID (the run) lives, for FILE,
the run's status: `make e2e` starts it before teardown, so loading the
chart library overlaps destroy and the leak check instead of following them.
Exit status: 0 when the report is written (whatever the run's result; the
run's own exit status says that), 2 when the folder holds no timings or the
run ended without FILE.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from tenacity import RetryError, retry, retry_if_result, stop_after_delay, wait_exponential

from localcloud.core.leases import process_alive
from scripts.forensics.functions import FUNCTIONS_DIR, TRACES_FILE
from scripts.report.failures import console_lines, section
from scripts.report.junit import JUNIT_FILE, read, totals
from scripts.report.timeline import write_png
from scripts.report.timings import SHARED, FeatureRun, TimingsError, load_run, phase_order

AFTER_DEADLINE_S = 4 * 3600  # a teardown on AWS may take long; the parent's exit ends the wait sooner
REPORT_FILE = "report.md"
UNDER_TEST_FILE = "under_test.txt"
TIMELINE_FILE = "timeline.png"


@dataclass(frozen=True)
class TestCounts:
    tests: int
    failed: int
    skipped: int

    def __str__(self) -> str:
        text = f"{self.tests - self.failed - self.skipped} passed"
        if self.failed:
            text += f", {self.failed} failed"
        if self.skipped:
            text += f", {self.skipped} skipped"
        return text


def junit_counts(path: Path) -> TestCounts | None:
    """Totals of a JUnit XML file (pytest writes <testsuites><testsuite .../>)."""
    root = read(path)
    if root is None:
        return None
    total = totals(root)
    return TestCounts(total["tests"], total["failures"] + total["errors"], total["skipped"])


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def phase_cell(run: FeatureRun, phase: str, absent: str, skipped: str,
               ran: Callable[[float | None, bool], str]) -> str:
    """One table cell: `ran(duration, failed)`, or the text for a phase that did not run."""
    summary = run.phase_total(phase)
    if summary is None:
        return absent
    duration, status = summary
    return skipped if status == "skipped" else ran(duration, status == "fail")


def markdown_cell(run: FeatureRun, phase: str) -> str:
    return phase_cell(run, phase, "—", "skipped",
                      lambda d, failed: f"{seconds(d)} **FAIL**" if failed else seconds(d))


def console_cell(run: FeatureRun, phase: str) -> str:
    return phase_cell(run, phase, "-", "skip",
                      lambda d, failed: f"{d or 0.0:.1f}" + ("!" if failed else ""))


def run_wall(runs: list[FeatureRun]) -> float | None:
    starts = [r.start for r in runs if r.start is not None]
    ends = [r.end for r in runs if r.end is not None]
    return max(ends) - min(starts) if starts and ends else None


def run_status(runs: list[FeatureRun]) -> str:
    return "fail" if any(r.status == "fail" for r in runs) else "pass"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(run_id: str, runs: list[FeatureRun], run_dir: Path) -> str:
    phases = phase_order(runs)
    started = min((r.start for r in runs if r.start is not None), default=None)
    started_text = (datetime.fromtimestamp(started, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                    if started is not None else "—")
    features = [r for r in runs if r.feature != SHARED]
    failed = [r for r in features if r.status == "fail"]
    rows: list[list[str]] = []
    for run in runs:
        counts = junit_counts(run_dir / run.feature / JUNIT_FILE)
        busy = sum(p.duration or 0.0 for p in run.phases)
        result = "**FAIL**" if run.status == "fail" else run.status
        rows.append([run.feature, *(markdown_cell(run, p) for p in phases), seconds(busy),
                     seconds(run.wall), str(counts) if counts else "—", result])
    totals = [sum((r.phase_total(p) or (None, ""))[0] or 0.0 for r in runs) for p in phases]
    rows.append(["**total**", *(seconds(t) for t in totals), seconds(sum(totals)),
                 seconds(run_wall(runs)), "", "**FAIL**" if failed else "pass"])
    header = ["feature", *phases, "busy", "wall", "tests", "result"]
    parts = [
        f"# E2E run `{run_id}`",
        f"**Result: {run_status(runs).upper()}** · started {started_text} · wall time "
        f"{seconds(run_wall(runs))} · {len(features)} feature(s), {len(failed)} failed",
        *under_test(run_dir),
        f"![timeline of the run: one row per feature, one bar per phase]({TIMELINE_FILE})",
        markdown_table(header, rows),
        "`busy` is the sum of a row's phases; `wall` spans its first start to its last end; "
        "the total `wall` is the whole run's (features overlap under `-j`).",
    ]
    failures = [(r, p) for r in runs for p in r.phases if p.status == "fail"]
    if failures:
        lines = ["## Failures", ""]
        for run, phase in failures:
            logs = sorted(folder_of(run_dir, run).glob(f"{phase.name}*.log"))
            where = ", ".join(link(run_dir, log) for log in logs)
            lines.append(f"- `{run.feature}`: **{phase.name}** failed after "
                         f"{seconds(phase.duration)}" + (f" — see {where}" if where else ""))
        parts.append("\n".join(lines))
    failing = section(run_dir, [r.feature for r in features])
    if failing:
        parts.append(failing)
    files = [f"- `{r.feature}`: " + ", ".join(link(run_dir, f) for f in artifacts)
             for r in runs if (artifacts := feature_files(folder_of(run_dir, r)))]
    if files:
        parts.append("## Files\n\n" + "\n".join(files))
    return "\n\n".join(parts) + "\n"


def under_test(run_dir: Path) -> list[str]:
    """The layer's versions under test (under_test.txt of the layer phase: the run's, else a feature's)."""
    for found in [run_dir / UNDER_TEST_FILE, *sorted(run_dir.glob(f"*/{UNDER_TEST_FILE}"))]:
        if found.is_file():
            text = found.read_text(encoding="utf-8").strip().removeprefix("layer: under test ")
            return [f"Under test: {text}"] if text else []
    return []


def folder_of(run_dir: Path, run: FeatureRun) -> Path:
    """Where a row's logs are: the feature's folder, or the run folder for shared work."""
    return run_dir if run.feature == SHARED else run_dir / run.feature


def link(run_dir: Path, path: Path) -> str:
    return f"[{path.name}]({path.relative_to(run_dir).as_posix()})"


def feature_files(folder: Path) -> list[Path]:
    """What a reader opens next: outputs, JUnit report, per-phase logs, saved function logs and traces."""
    if not folder.is_dir():
        return []
    wanted = [folder / "outputs.json", folder / JUNIT_FILE, *sorted(folder.glob("*.log")),
              *sorted((folder / FUNCTIONS_DIR).glob("*.log")), folder / TRACES_FILE]
    return [f for f in wanted if f.is_file()]


def console_table(runs: list[FeatureRun]) -> str:
    """Fixed-width summary: seconds per phase, `!` after a failed one."""
    phases = phase_order(runs)
    header = ["feature", *phases, "wall", "result"]
    rows = [[r.feature, *(console_cell(r, p) for p in phases), f"{r.wall or 0.0:.1f}", r.status.upper()]
            for r in runs]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()
                     for row in [header, *rows])


def write_report(run_dir: Path) -> tuple[Path, list[FeatureRun]]:
    runs = load_run(run_dir)
    if not runs:
        raise TimingsError(f"{run_dir}: no timings.json in the run folder or its feature folders")
    run_id = run_dir.resolve().name
    write_png(runs, f"run {run_id} ({run_status(runs)})", run_dir / TIMELINE_FILE)
    report = run_dir / REPORT_FILE
    report.write_text(render_markdown(run_id, runs, run_dir), encoding="utf-8")
    return report, runs


def appeared(marker: Path, writer: int) -> bool:
    """True once marker exists; False when the process that would write it is gone."""
    @retry(retry=retry_if_result(lambda seen: seen is None), wait=wait_exponential(multiplier=0.01, max=0.2),
           stop=stop_after_delay(AFTER_DEADLINE_S))
    def poll() -> bool | None:
        if marker.exists():
            return True
        return None if process_alive(writer) else marker.exists()

    try:
        return bool(poll())
    except RetryError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path, help="build/runs/<run_id>")
    parser.add_argument("--after", type=Path, help="wait for this file (the run's status) first")
    parser.add_argument("--while-pid", type=int, help="with --after: the run's process, which writes the file")
    args = parser.parse_args(argv)
    if args.after and not appeared(args.after, args.while_pid or os.getppid()):
        print(f"report: the run ended without {args.after}", file=sys.stderr)
        return 2
    try:
        report, runs = write_report(args.run_dir)
    except (TimingsError, OSError) as err:
        print(f"report: {err}", file=sys.stderr)
        return 2
    print(console_table(runs))
    for line in console_lines(args.run_dir, [r.feature for r in runs if r.feature != SHARED]):
        print(line)
    print(f"report: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
