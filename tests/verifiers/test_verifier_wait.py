"""Bounded waits: budgets per target, failure messages, and the record of time waited."""

from __future__ import annotations

import pytest

from verifiers.lib import wait

MEASURED_LOAD_FACTOR = wait.load_factor  # the real one; every test below runs as on a quiet machine


@pytest.fixture(autouse=True)
def fresh_log(monkeypatch):
    monkeypatch.setattr(wait, "WAITS", wait.WaitLog())
    monkeypatch.setattr(wait, "load_factor", lambda: 1.0)  # a quiet machine, whatever this one is doing


def test_a_satisfied_wait_returns_the_value_and_is_recorded(local_target):
    # GIVEN data that shows up on the third poll
    answers = iter([[], [1], [1, 2]])

    # WHEN waiting for two items
    value = wait.wait_until("logs", "two items", lambda: next(answers), lambda v: len(v) >= 2)

    # THEN the value comes back and the wait is recorded as satisfied after three polls
    assert value == [1, 2]
    [record] = wait.WAITS.records
    assert (record.kind, record.attempts, record.satisfied) == ("logs", 3, True)
    assert 0 < wait.WAITS.total_s < 1


def test_a_wait_that_runs_out_says_what_was_expected_and_last_seen(local_target, monkeypatch):
    # GIVEN a budget of a quarter second and data that never completes
    monkeypatch.setitem(wait.BUDGETS["local"], "metrics", wait.Budget(0.25, 0.05, 0.05, 0))
    polls = iter(range(1000))

    # WHEN waiting for a sum of three
    with pytest.raises(AssertionError) as failure:
        wait.wait_until("metrics", "a Sum of 3", lambda: [next(polls)], lambda v: False, show=lambda v: f"values {v}")

    # THEN the message names kind, expectation, budget, target and the last poll's answer
    message = str(failure.value)
    assert message.startswith("metrics: expected a Sum of 3 within 0.25s (local budget)")
    [record] = wait.WAITS.records
    assert f"last seen: values [{record.attempts - 1}]" in message
    assert not record.satisfied and record.seconds >= 0.25


def test_a_local_deadline_stretches_with_the_machines_load(local_target, monkeypatch):
    # GIVEN a quarter-second local budget on a machine whose cores are booked four times over
    monkeypatch.setitem(wait.BUDGETS["local"], "logs", wait.Budget(0.25, 0.05, 0.05, 0))
    monkeypatch.setattr(wait, "load_factor", lambda: 4.0)

    # WHEN a wait's data never shows up
    with pytest.raises(AssertionError) as failure:
        wait.wait_until("logs", "an event", lambda: [], lambda v: False)

    # THEN it gives up only after four times the budget, and says why it waited that long
    assert str(failure.value).startswith("logs: expected an event within 1s (local budget 0.25s x load 4.0)")
    [record] = wait.WAITS.records
    assert record.seconds >= 1.0


def test_an_aws_deadline_does_not_stretch(monkeypatch):
    # GIVEN TARGET=aws on a loaded machine, WHEN the deadline is set, THEN the load does not count
    monkeypatch.setenv("TARGET", "aws")
    monkeypatch.setitem(wait.BUDGETS["aws"], "logs", wait.Budget(0.1, 0.05, 0.05, 0))
    monkeypatch.setattr(wait, "load_factor", lambda: 4.0)
    with pytest.raises(AssertionError, match=r"within 0.1s \(aws budget\)"):
        wait.wait_until("logs", "an event", lambda: [], lambda v: False)


def test_the_load_factor_is_load_per_core_and_never_below_one(monkeypatch):
    # GIVEN 2 cores at load 7, then at load 0.5, THEN the factor is 3.5, then 1
    monkeypatch.setattr(wait.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(wait.os, "getloadavg", lambda: (7.0, 1.0, 1.0))
    assert MEASURED_LOAD_FACTOR() == 3.5
    monkeypatch.setattr(wait.os, "getloadavg", lambda: (0.5, 1.0, 1.0))
    assert MEASURED_LOAD_FACTOR() == 1.0


def test_budgets_follow_target(monkeypatch):
    # GIVEN each target in turn, THEN AWS waits minutes for metrics and traces, localcloud seconds
    monkeypatch.setenv("TARGET", "aws")
    assert wait.budget("logs").deadline_s == 90
    assert wait.budget("metrics").deadline_s >= 180 and wait.budget("traces").deadline_s >= 180
    monkeypatch.setenv("TARGET", "local")
    assert all(wait.budget(kind).deadline_s <= 3 for kind in ("logs", "metrics", "traces"))
    monkeypatch.setenv("TARGET", "gcp")
    with pytest.raises(ValueError, match="unknown TARGET .gcp.; valid targets: local aws"):
        wait.budget("logs")


def test_an_error_while_fetching_is_not_retried(local_target):
    # GIVEN a fetch that finds malformed data, WHEN waiting, THEN its error surfaces at once
    calls = []

    def fetch():
        calls.append(1)
        raise AssertionError("not a valid log_record document")

    with pytest.raises(AssertionError, match="not a valid log_record"):
        wait.wait_until("logs", "records", fetch, bool)
    assert len(calls) == 1
