"""How long an execution environment's init has run, counted as Lambda counts it.

Lambda's init limit (10 s for on-demand functions) is wall-clock time on a host
that runs the function as soon as it is runnable. On a loaded machine the child
also waits in the run queue for a core: that wait is the machine's, not the
function's, and at load 8 on 2 cores it alone can exceed 10 s. So the init
clock is wall-clock time minus the time the child was runnable but not running
(Linux's run-queue delay, 2nd field of `/proc/<pid>/schedstat`, its main
thread: the one running the init). An init that sleeps or blocks still times
out after 10 s; one that computes for 3 s passes at any load. Where schedstat
cannot be read (not Linux), the clock is plain wall-clock time.
"""
from __future__ import annotations

import time

INIT_TIMEOUT_S = 10.0  # Lambda's limit for the init phase of on-demand functions


def run_queue_wait_s(pid: int) -> float:
    """Seconds the process's main thread has waited for a CPU since it started (0 if unknown)."""
    try:
        with open(f"/proc/{pid}/schedstat") as stats:
            return int(stats.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


class InitClock:
    """Started just before the child is spawned; `expired(pid)` once its init ran too long."""

    def __init__(self, limit_s: float = INIT_TIMEOUT_S) -> None:
        self.limit_s = limit_s
        self.began = time.monotonic()

    def elapsed_s(self, pid: int) -> float:
        """Wall-clock time since the start, less the child's wait for a CPU."""
        return time.monotonic() - self.began - run_queue_wait_s(pid)

    def expired(self, pid: int) -> bool:
        return self.elapsed_s(pid) > self.limit_s
