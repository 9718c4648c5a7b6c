"""The report names each failing test with its assertion, next to the function logs
and traces forensics saved for it."""
from __future__ import annotations

from pathlib import Path

import pytest
from report_fixtures import PASSING, WriteRun
from scripts.report.run_report import main, write_report

FAILING_JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="2" failures="1" errors="0" skipped="0">
<testcase classname="verifiers.orders.test_orders" name="test_order_is_logged" time="0.1">
<failure message="AssertionError: logs: expected a record with order_id=7 | within 3s">
fn = e2e-r1-orders-Writer ...</failure></testcase>
<testcase classname="verifiers.orders.test_orders" name="test_cold_start" time="0.1"/>
</testsuite></testsuites>
"""
VERIFY_FAILS = [("apply", 5.0, "pass"), ("verify", 2.0, "fail"), ("forensics", 0.5, "pass"), ("destroy", 4.0, "pass")]


def save_function_logs(folder: Path) -> None:
    functions = folder / "functions"
    functions.mkdir()
    (functions / "Writer.log").write_text("# e2e-r1-orders-Writer: log group /aws/lambda/e2e-r1-orders-Writer\n")
    (functions / "Reader.log").write_text("# e2e-r1-orders-Reader: log group /aws/lambda/e2e-r1-orders-Reader\n")
    (folder / "traces.json").write_text('{"traces": []}')


def failing_line(report: str) -> str:
    return next(line for line in report.splitlines() if "test_order_is_logged" in line)


def test_failing_test_is_listed_with_its_assertion_and_the_logs_of_the_function_it_names(
    write_run: WriteRun,
) -> None:
    # GIVEN a run whose verify failed on one test that names one of two functions, with forensics saved
    run_dir = write_run({"orders": (0.0, VERIFY_FAILS), "logger": (1.0, PASSING)})
    (run_dir / "orders" / "junit.xml").write_text(FAILING_JUNIT)
    save_function_logs(run_dir / "orders")

    # WHEN the report is written
    report, _ = write_report(run_dir)

    # THEN the failing test's line carries its assertion and links that function's log and the traces only
    line = failing_line(report.read_text())
    assert "`orders` `test_orders::test_order_is_logged`" in line, line
    assert "expected a record with order_id=7" in line, line
    assert "(orders/functions/Writer.log)" in line and "(orders/traces.json)" in line, line
    assert "Reader.log" not in line, line
    assert "test_cold_start" not in report.read_text()


def test_failing_test_without_saved_logs_says_so(write_run: WriteRun, capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN a failed verify with no forensics saved
    run_dir = write_run({"orders": (0.0, VERIFY_FAILS)})
    (run_dir / "orders" / "junit.xml").write_text(FAILING_JUNIT)

    # WHEN the report is written through the CLI
    assert main([str(run_dir)]) == 0

    # THEN the report and the console name the failing test, and the report says no logs were saved
    assert "no function logs saved" in failing_line((run_dir / "report.md").read_text())
    assert "FAILED orders test_orders::test_order_is_logged: AssertionError" in capsys.readouterr().out


def test_failing_test_naming_no_function_links_every_saved_log(write_run: WriteRun) -> None:
    # GIVEN a failure text that names none of the functions
    run_dir = write_run({"orders": (0.0, VERIFY_FAILS)})
    (run_dir / "orders" / "junit.xml").write_text(FAILING_JUNIT.replace("e2e-r1-orders-Writer", "something"))
    save_function_logs(run_dir / "orders")

    # WHEN the report is written
    report, _ = write_report(run_dir)

    # THEN every saved function log is linked
    line = failing_line(report.read_text())
    assert "Writer.log" in line and "Reader.log" in line, line
