"""Merge the JUnit XML of several pytest sessions into the one report a single session writes.

RUNNER=lambda runs each test module of a suite as its own pytest session;
the run folder gets one `junit.xml` shaped as pytest writes it for the whole
suite: `<testsuites><testsuite name="pytest" ...>` with every testcase in
module order and the counts summed.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

COUNTS = ("errors", "failures", "skipped", "tests")


@dataclass(frozen=True)
class CaseResult:
    """One testcase's id and outcome: passed, failed, error or skipped, with the message."""

    test_id: str
    outcome: str
    message: str


def _suites(xml_text: str) -> list[ET.Element]:
    root = ET.fromstring(xml_text)
    return [root] if root.tag == "testsuite" else root.findall("testsuite")


def merge(reports: list[str], seconds: float) -> str:
    """One `testsuites` document holding every testcase of the reports, in order."""
    merged = ET.Element("testsuite", {"name": "pytest"})
    totals = dict.fromkeys(COUNTS, 0)
    timestamps = []
    for report in filter(None, reports):
        for suite in _suites(report):
            for count in COUNTS:
                totals[count] += int(suite.get(count, "0"))
            if suite.get("timestamp"):
                timestamps.append(suite.get("timestamp", ""))
            if "hostname" not in merged.attrib and suite.get("hostname"):
                merged.set("hostname", suite.get("hostname", ""))
            merged.extend(list(suite))
    for count in COUNTS:
        merged.set(count, str(totals[count]))
    merged.set("time", f"{seconds:.3f}")
    if timestamps:
        merged.set("timestamp", min(timestamps))
    root = ET.Element("testsuites", {"name": "pytest tests"})
    root.append(merged)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def results(xml_text: str) -> list[CaseResult]:
    """Every testcase of a report as `<classname>::<name>` with its outcome."""
    found = []
    for suite in _suites(xml_text):
        for case in suite.iter("testcase"):
            test_id = f"{case.get('classname')}::{case.get('name')}"
            outcome, message = "passed", ""
            for tag, name in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
                element = case.find(tag)
                if element is not None:
                    outcome, message = name, element.get("message", "") or (element.text or "").strip()
                    break
            found.append(CaseResult(test_id, outcome, message))
    return found
