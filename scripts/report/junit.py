"""JUnit XML as pytest writes it (`<testsuites><testsuite ...><testcase>`): the one
place that reads, merges and writes it.

Two merges: RUNNER=lambda's per-module pytest sessions into the one report a
local verify writes (`merge_sessions`), and e2e-all's features into the run's
`build/runs/<run>/junit.xml`, a testsuite per feature named after it, for CI's
test-report tools:

    python -m scripts.report.junit build/runs/<run_id> <feature>...

A feature whose verify wrote no JUnit (an earlier phase failed, or it was
interrupted) still gets its suite: one errored testcase naming the phase that
failed, so a run that deployed nothing can never look green.
"""
from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scripts.report.timings import TIMINGS_FILE, TimingsError, load_feature

JUNIT_FILE = "junit.xml"
COUNTS = ("tests", "failures", "errors", "skipped")
# A testcase's outcome by the first of these it holds; none: passed.
OUTCOME_TAGS = (("failure", "failed"), ("error", "error"), ("skipped", "skipped"))


@dataclass(frozen=True)
class CaseResult:
    """One testcase: its pytest names, outcome (passed, failed, error or skipped) and message."""

    classname: str
    name: str
    outcome: str
    message: str  # the problem's message attribute, else its text
    details: str = ""  # the message and the whole text (the traceback)

    @property
    def test_id(self) -> str:
        return f"{self.classname}::{self.name}"


def read(path: Path) -> ET.Element | None:
    """The report's root; None when the file is missing or not XML."""
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None


def suites(root: ET.Element) -> list[ET.Element]:
    return [root] if root.tag == "testsuite" else list(root.iter("testsuite"))


def totals(root: ET.Element) -> dict[str, int]:
    """The counts of a report's suites, summed."""
    return {count: sum(int(s.get(count, "0")) for s in suites(root)) for count in COUNTS}


def case_results(root: ET.Element) -> list[CaseResult]:
    """Every testcase of a report, in order."""
    found = []
    for case in root.iter("testcase"):
        outcome, message, details = "passed", "", ""
        for tag, name in OUTCOME_TAGS:
            problem = case.find(tag)
            if problem is not None:
                outcome, message = name, (problem.get("message") or problem.text or "").strip()
                details = f"{problem.get('message', '')}\n{problem.text or ''}"
                break
        found.append(CaseResult(case.get("classname", ""), case.get("name", "?"), outcome, message, details))
    return found


def count_cases(suite: ET.Element) -> None:
    """Set a suite's counts from the testcases it holds."""
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    for attr, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
        suite.set(attr, str(sum(1 for c in cases if c.find(tag) is not None)))


def combine(name: str, sources: Iterable[ET.Element]) -> ET.Element:
    """One testsuite holding what the source suites hold, in order: counts from its
    testcases, times summed, the earliest timestamp, the first hostname."""
    suite = ET.Element("testsuite", name=name)
    time, timestamps = 0.0, []
    for source in sources:
        time += float(source.get("time", "0") or 0)
        timestamps += [source.get("timestamp", "")] if source.get("timestamp") else []
        if "hostname" not in suite.attrib and source.get("hostname"):
            suite.set("hostname", source.get("hostname", ""))
        suite.extend(list(source))
    count_cases(suite)
    suite.set("time", f"{time:.3f}")
    if timestamps:
        suite.set("timestamp", min(timestamps))
    return suite


def merge_sessions(reports: list[str], seconds: float) -> str:
    """RUNNER=lambda: the reports of several pytest sessions (empty: none) as the one
    `<testsuites name="pytest tests"><testsuite name="pytest">` a single session writes."""
    suite = combine("pytest", [s for report in reports if report for s in suites(ET.fromstring(report))])
    suite.set("time", f"{seconds:.3f}")  # the sessions ran concurrently: the wall time
    root = ET.Element("testsuites", {"name": "pytest tests"})
    root.append(suite)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def feature_suite(run_dir: Path, feature: str) -> ET.Element:
    """The feature's pytest suite(s) as one testsuite named after the feature."""
    root = read(run_dir / feature / JUNIT_FILE)
    if root is not None:
        return combine(feature, suites(root))
    suite = ET.Element("testsuite", name=feature)
    case = ET.SubElement(suite, "testcase", classname=feature, name="e2e")
    ET.SubElement(case, "error", message=f"{feature}: no verifier results ({_why(run_dir, feature)})")
    count_cases(suite)
    return suite


def _why(run_dir: Path, feature: str) -> str:
    try:
        run = load_feature(run_dir / feature / TIMINGS_FILE, feature)
    except (OSError, TimingsError):
        return "the feature did not start"
    failed = [p.name for p in run.phases if p.status == "fail"]
    return f"phase {failed[0]} failed" if failed else "verify did not run"


def merge_run(run_dir: Path, features: list[str]) -> Path:
    """The run's junit.xml: a testsuite per feature, the run's totals."""
    run = ET.Element("testsuites", name=run_dir.resolve().name)
    run.extend(feature_suite(run_dir, feature) for feature in features)
    for attr, total in totals(run).items():
        run.set(attr, str(total))
    path = run_dir / JUNIT_FILE
    ET.ElementTree(run).write(path, encoding="utf-8", xml_declaration=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.report.junit",
                                     description="One JUnit report for a whole run, a testsuite per feature.")
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("features", nargs="+")
    args = parser.parse_args(argv)
    print(f"junit: {merge_run(args.run_dir, args.features)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
