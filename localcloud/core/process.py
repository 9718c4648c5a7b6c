"""The localcloud process as its pid file names it. The file records the pid
and the process's start time: a pid the kernel has since given to another
process is not ours, so `down` never signals a stranger's group."""
from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from localcloud.core.proctree import processes, stat_fields


@dataclass(frozen=True)
class ProcessIdentity:
    pid: int
    start_ticks: int  # /proc/<pid>/stat field 22: clock ticks after boot

    @classmethod
    def of(cls, pid: int) -> ProcessIdentity | None:
        fields = stat_fields(pid)
        return None if fields is None else cls(pid, int(fields[19]))

    def is_running(self) -> bool:
        return ProcessIdentity.of(self.pid) == self


def write_pid_file(path: Path, pid: int) -> None:
    identity = ProcessIdentity.of(pid)
    if identity is None:
        raise ProcessLookupError(pid)
    path.write_text(json.dumps({"pid": identity.pid, "start_ticks": identity.start_ticks}))


def read_pid_file(path: Path) -> int | None:
    """The pid the file names if that very process still runs, else None."""
    try:
        record = json.loads(path.read_text())
        identity = ProcessIdentity(int(record["pid"]), int(record["start_ticks"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return identity.pid if identity.is_running() else None


def group_running(pgid: int) -> bool:
    """Whether any process of the group still runs (zombies wait for init to reap
    them, which can take seconds here, and no longer hold anything)."""
    return any(proc.pgid == pgid for proc in processes().values())


def kill_group(pgid: int) -> None:
    """SIGTERM the group, SIGKILL what is left after a grace period."""
    for sig, wait_s in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not group_running(pgid):
                return
            time.sleep(0.05)
