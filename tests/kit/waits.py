"""The one bounded wait of the test suites."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tenacity import RetryError, Retrying, retry_if_result, stop_after_delay, wait_fixed

T = TypeVar("T")


def wait_for(probe: Callable[[], T], timeout: float = 30.0, interval: float = 0.05,
             what: str = "condition") -> T:
    """Poll until probe() returns something truthy and return it; fail the test
    naming `what` after `timeout` seconds (a bound for a loaded machine, not a pace).
    An exception of the probe is not retried: it fails the test as it is."""
    retrying = Retrying(stop=stop_after_delay(timeout), wait=wait_fixed(interval),
                        retry=retry_if_result(lambda value: not value))
    try:
        return retrying(probe)
    except RetryError:
        raise AssertionError(f"{what} not met within {timeout}s") from None
