"""RUNNER=lambda's JUnit merge: per-module pytest reports become the one report a local verify writes."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from scripts.report.junit import case_results, merge_sessions

FIRST = ('<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0" '
         'failures="1" skipped="0" tests="2" time="1.5" timestamp="2026-12-01T00:00:02+00:00" hostname="a">'
         '<testcase classname="verifiers.f.test_a" name="test_one" time="1.0" />'
         '<testcase classname="verifiers.f.test_a" name="test_two" time="0.5">'
         '<failure message="AssertionError: assert 1 == 2">trace</failure></testcase></testsuite></testsuites>')
SECOND = ('<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0" '
          'failures="0" skipped="1" tests="1" time="0.2" timestamp="2026-12-01T00:00:01+00:00" hostname="b">'
          '<testcase classname="verifiers.f.test_b" name="test_three" time="0.1">'
          '<skipped message="not here" /></testcase></testsuite></testsuites>')


def test_reports_merge_into_one_suite_in_module_order_with_summed_counts() -> None:
    # GIVEN the reports of two modules WHEN merged
    merged = ET.fromstring(merge_sessions([FIRST, SECOND], 2.25))
    # THEN one pytest suite holds every testcase in order, with the counts summed
    suites = merged.findall("testsuite")
    assert merged.tag == "testsuites" and len(suites) == 1
    suite = suites[0]
    assert [c.get("name") for c in suite.iter("testcase")] == ["test_one", "test_two", "test_three"]
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped", "time")} == {
        "tests": "3", "failures": "1", "errors": "0", "skipped": "1", "time": "2.250"}
    assert suite.get("timestamp") == "2026-12-01T00:00:01+00:00"  # the earliest start


def test_results_name_each_test_with_its_outcome_and_message() -> None:
    # GIVEN a merged report WHEN its results are read
    found = case_results(ET.fromstring(merge_sessions([FIRST, SECOND], 1.0)))
    # THEN each test is named with its outcome, a failure with its assertion
    assert [(r.test_id, r.outcome, r.message) for r in found] == [
        ("verifiers.f.test_a::test_one", "passed", ""),
        ("verifiers.f.test_a::test_two", "failed", "AssertionError: assert 1 == 2"),
        ("verifiers.f.test_b::test_three", "skipped", "not here"),
    ]


def test_a_module_without_report_adds_nothing() -> None:
    # GIVEN an invocation that returned no report (a function error) WHEN merged THEN only the others count
    suite = ET.fromstring(merge_sessions(["", SECOND], 1.0)).find("testsuite")
    assert suite is not None and suite.get("tests") == "1"
