"""The run's combined JUnit report: a testsuite per feature, named after it."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from report_fixtures import APPLY_FAILS, PASSING, WriteRun
from scripts.report.junit import main

PYTEST_JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="{name}" tests="2" failures="1" errors="0" skipped="0" time="1.5">
<testcase classname="verifiers.{feature}.test_x" name="test_ok" time="0.5"/>
<testcase classname="verifiers.{feature}.test_x" name="test_bad" time="1.0"><failure message="boom"/></testcase>
</testsuite></testsuites>
"""


def test_every_feature_gets_a_suite_named_after_it_and_one_that_never_verified_is_an_error(
    write_run: WriteRun,
) -> None:
    # GIVEN a run where two features verified (one JUnit with pytest's default suite name) and one failed at apply
    run_dir = write_run({"logger": (0.0, PASSING), "tracer": (1.0, PASSING), "metrics": (2.0, APPLY_FAILS)})
    (run_dir / "logger" / "junit.xml").write_text(PYTEST_JUNIT.format(name="pytest", feature="logger"))
    (run_dir / "tracer" / "junit.xml").write_text(PYTEST_JUNIT.format(name="tracer", feature="tracer"))

    # WHEN the run's JUnit is written
    assert main([str(run_dir), "logger", "tracer", "metrics"]) == 0

    # THEN it holds one suite per feature, named after it, with the feature's tests and totals
    root = ET.parse(run_dir / "junit.xml").getroot()
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["logger", "tracer", "metrics"]
    assert [c.get("name") for c in suites["logger"].findall("testcase")] == ["test_ok", "test_bad"]
    assert (suites["tracer"].get("tests"), suites["tracer"].get("failures")) == ("2", "1")
    # and the feature that never verified is an errored case naming the failed phase, so the run is not green
    error = suites["metrics"].find("testcase/error")
    assert error is not None and "phase apply failed" in error.get("message", ""), ET.tostring(suites["metrics"])
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "2", "1")
