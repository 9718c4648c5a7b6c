"""One JUnit report for a whole run: `build/runs/<run>/junit.xml`, a testsuite per
feature named after it, for CI's test-report tools.

    python -m scripts.report.junit_merge build/runs/<run_id> <feature>...

A feature whose verify wrote no JUnit (an earlier phase failed, or it was
interrupted) still gets its suite: one errored testcase naming the phase that
failed, so a run that deployed nothing can never look green.
"""
from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from scripts.report.failures import JUNIT_FILE
from scripts.report.timings import TIMINGS_FILE, TimingsError, load_feature

COUNTS = ("tests", "failures", "errors", "skipped")


def feature_suite(run_dir: Path, feature: str) -> ET.Element:
    """The feature's pytest suite(s) as one testsuite named after the feature."""
    suite = ET.Element("testsuite", name=feature)
    try:
        root = ET.parse(run_dir / feature / JUNIT_FILE).getroot()
    except (OSError, ET.ParseError):
        return _not_verified(suite, run_dir, feature)
    time = 0.0
    for source in [root] if root.tag == "testsuite" else list(root.iter("testsuite")):
        time += float(source.get("time", "0") or 0)
        suite.extend(source.findall("testcase"))
        for prop in source.findall("properties"):
            suite.append(prop)
    _count(suite)
    suite.set("time", f"{time:.3f}")
    return suite


def _not_verified(suite: ET.Element, run_dir: Path, feature: str) -> ET.Element:
    case = ET.SubElement(suite, "testcase", classname=feature, name="e2e")
    ET.SubElement(case, "error", message=f"{feature}: no verifier results ({_why(run_dir, feature)})")
    _count(suite)
    return suite


def _why(run_dir: Path, feature: str) -> str:
    try:
        run = load_feature(run_dir / feature / TIMINGS_FILE, feature)
    except (OSError, TimingsError):
        return "the feature did not start"
    failed = [p.name for p in run.phases if p.status == "fail"]
    return f"phase {failed[0]} failed" if failed else "verify did not run"


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    for attr, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
        suite.set(attr, str(sum(1 for c in cases if c.find(tag) is not None)))


def merge(run_dir: Path, features: list[str]) -> Path:
    suites = ET.Element("testsuites", name=run_dir.resolve().name)
    for feature in features:
        suites.append(feature_suite(run_dir, feature))
    for attr in COUNTS:
        suites.set(attr, str(sum(int(s.get(attr, "0")) for s in suites)))
    path = run_dir / JUNIT_FILE
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.report.junit_merge", description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("features", nargs="+")
    args = parser.parse_args(argv)
    print(f"junit: {merge(args.run_dir, args.features)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
