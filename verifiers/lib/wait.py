"""Bounded waiting for eventually consistent data, with a budget per kind of data and target.

Every wait is recorded so a suite can report how long it spent waiting in total.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from tenacity import RetryError, Retrying, retry_if_result, stop_after_delay, wait_exponential, wait_random

from scripts.pipeline.contracts import ContractError, check_target

T = TypeVar("T")


@dataclass(frozen=True)
class Budget:
    """How long to wait for one kind of data, and how to poll for it."""

    deadline_s: float
    first_poll_s: float
    max_poll_s: float
    jitter_s: float


# AWS: logs reach CloudWatch in seconds but can lag tens of seconds; EMF metrics become
# queryable after one to three minutes; X-Ray indexes traces within about a minute, rarely
# more. Back off so a slow minute does not turn into hundreds of API calls.
# local: localcloud ingests logs and metrics before the invoke returns and traces within
# milliseconds, so poll fast and give up after a few seconds (ample even under `-j4`).
# update: a configuration update is live on AWS within seconds, on localcloud at once.
BUDGETS: dict[str, dict[str, Budget]] = {
    "aws": {
        "logs": Budget(deadline_s=90, first_poll_s=2, max_poll_s=10, jitter_s=1),
        "metrics": Budget(deadline_s=300, first_poll_s=5, max_poll_s=30, jitter_s=2),
        "traces": Budget(deadline_s=240, first_poll_s=5, max_poll_s=20, jitter_s=2),
        "update": Budget(deadline_s=120, first_poll_s=1, max_poll_s=5, jitter_s=0.5),
    },
    "local": {
        "logs": Budget(deadline_s=3, first_poll_s=0.02, max_poll_s=0.2, jitter_s=0),
        "metrics": Budget(deadline_s=3, first_poll_s=0.02, max_poll_s=0.2, jitter_s=0),
        "traces": Budget(deadline_s=3, first_poll_s=0.02, max_poll_s=0.2, jitter_s=0),
        "update": Budget(deadline_s=3, first_poll_s=0.02, max_poll_s=0.2, jitter_s=0),
    },
}


def target() -> str:
    """The target named by env TARGET (`local` by default); anything else is a usage error."""
    try:
        return check_target(os.environ.get("TARGET", "local"))
    except ContractError as err:
        raise ValueError(str(err)) from None


def budget(kind: str) -> Budget:
    return BUDGETS[target()][kind]


def load_factor() -> float:
    """The machine's 1-minute load average per core, at least 1.

    On `TARGET=local` what a wait waits for is localcloud's work on this same machine, so
    when the cores are booked N times over it takes about N times longer: a local deadline
    stretches by this factor (read when the wait starts), so a busy host does not fail a wait
    that a quiet one passes. AWS does its work elsewhere: its budgets never stretch.
    """
    try:
        return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    except OSError:  # no load average on this platform
        return 1.0


@dataclass(frozen=True)
class WaitRecord:
    kind: str
    expected: str
    seconds: float
    attempts: int
    satisfied: bool


@dataclass
class WaitLog:
    """Every wait of this process, in order; the pytest plugin reports it."""

    records: list[WaitRecord] = field(default_factory=list)

    @property
    def total_s(self) -> float:
        return sum(r.seconds for r in self.records)


WAITS = WaitLog()


def wait_until(
    kind: str,
    expected: str,
    fetch: Callable[[], T],
    ok: Callable[[T], bool],
    show: Callable[[T], str] = repr,
    budget_override: Budget | None = None,
) -> T:
    """Call `fetch` until `ok(value)` holds or the budget for `kind` runs out.

    Returns the first satisfying value. On timeout raises AssertionError naming what
    was expected and what the last poll saw, so a failure explains itself.
    """
    b = budget_override or budget(kind)
    factor = load_factor() if target() == "local" else 1.0
    deadline_s = b.deadline_s * factor
    retrying = Retrying(
        stop=stop_after_delay(deadline_s),
        wait=wait_exponential(multiplier=b.first_poll_s, max=b.max_poll_s) + wait_random(0, b.jitter_s),
        retry=retry_if_result(lambda value: not ok(value)),
    )
    started = time.monotonic()
    try:
        value = retrying(fetch)
    except RetryError as err:
        seconds = time.monotonic() - started
        attempts = err.last_attempt.attempt_number
        WAITS.records.append(WaitRecord(kind, expected, seconds, attempts, satisfied=False))
        last = show(err.last_attempt.result())
        stretched = f" {b.deadline_s:g}s x load {factor:.1f}" if factor > 1 else ""
        raise AssertionError(
            f"{kind}: expected {expected} within {deadline_s:g}s ({target()} budget{stretched}); "
            f"gave up after {attempts} polls in {seconds:.1f}s; last seen: {last}"
        ) from None
    seconds = time.monotonic() - started
    WAITS.records.append(WaitRecord(kind, expected, seconds, retrying.statistics.get("attempt_number", 1), True))
    return value
