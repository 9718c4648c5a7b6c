"""The lease ledger of a localcloud shared by runs (TARGET=local). Each run
holds a lease, a file named after it holding the run's pid; the last run out
stops localcloud, and only if a run started it, so localcloud is left as it was
found. One flock serialises every change to the ledger."""
from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from localcloud.core import lifecycle
from localcloud.core.paths import REPO_ROOT

STARTED_BY_RUN = ".started-by-run"  # the pid of a localcloud a run started


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LeaseLedger:
    def __init__(self, port: int, root: Path = REPO_ROOT / "build" / "cloud-leases") -> None:
        self.port = port
        self.folder = root / str(port)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _lease(self, holder: str) -> Path:
        if not holder or "/" in holder or holder.startswith("."):
            raise ValueError(f"not a lease holder name: {holder!r}")
        return self.folder / holder

    def _live_leases(self) -> int:
        """Count the leases whose run still lives; drop those of dead runs."""
        live = 0
        for lease in self.folder.glob("[!.]*"):
            try:
                pid = int(lease.read_text())
            except (OSError, ValueError):
                pid = 0
            if pid > 0 and process_alive(pid):
                live += 1
            else:
                lease.unlink(missing_ok=True)
        return live

    def acquire(self, holder: str, holder_pid: int, xray_port: int) -> int:
        """Make sure localcloud runs while `holder` (a run, alive as `holder_pid`) needs it."""
        with self._locked():
            if lifecycle.health(self.port) is None:
                if lifecycle.up(self.port, xray_port) != 0:
                    return 1
                (self.folder / STARTED_BY_RUN).write_text(str(lifecycle.healthy_pid(self.port)))
            self._lease(holder).write_text(str(holder_pid))
        return 0

    def release(self, holder: str) -> int:
        """End `holder`'s lease; the last one out stops a localcloud a run started."""
        with self._locked():
            self._lease(holder).unlink(missing_ok=True)
            if self._live_leases():
                return 0
            started = self.folder / STARTED_BY_RUN
            recorded = started.read_text().strip() if started.exists() else ""
            started.unlink(missing_ok=True)
            pid = lifecycle.healthy_pid(self.port)
            if pid is None or recorded != str(pid):
                return 0
            print("localcloud: stopping (a run started it and the last run is done)", file=sys.stderr)
            return lifecycle.down(self.port)

    def keep(self, holder: str) -> int:
        """KEEP=1: the kept resources live in localcloud, so no run stops it any more."""
        with self._locked():
            self._lease(holder).unlink(missing_ok=True)
            (self.folder / STARTED_BY_RUN).unlink(missing_ok=True)
        print(f"localcloud: keeps running on port {self.port} with the kept resources; "
              "'make cloud-down' stops it", file=sys.stderr)
        return 0

    def ensure(self, xray_port: int) -> int:
        """Single phases (dev loop): start when needed and leave it running."""
        with self._locked():
            if (pid := lifecycle.healthy_pid(self.port)) is not None:
                print(f"localcloud: already running on port {self.port} (pid {pid})")
                return 0
            return lifecycle.up(self.port, xray_port)
