"""Which processes belong to an execution environment, and ending all of them.

An environment's first process starts a session of its own (its pid is the
session and process group id) and carries a marker variable naming its owner
and environment. A descendant counts as a member when any of these holds:
  - it is in the environment's session or process group (what `fork` keeps),
  - its environment holds the marker (what `setsid` and daemonizing keep),
  - its parent is a member, or it was seen as one in an earlier scan (what a
    child keeps after `setsid` and exec with a scrubbed environment, as long
    as a scan saw it before its parent exited).
No privilege is needed (the pids cgroup controller would need root and a
writable hierarchy CI runners rarely give): RLIMIT_NPROC counts per user and
does not apply to root, so the process cap is enforced by scanning instead.
Zombies are skipped: they hold nothing and their parent or init reaps them."""
from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MARKER_VARIABLE = "_LOCALCLOUD_ENVIRONMENT"
_KILL_ROUNDS = 500  # a bound for processes SIGKILL cannot end at once (uninterruptible I/O)


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    pgid: int
    sid: int
    start_ticks: int


def stat_fields(pid: int | str) -> list[bytes] | None:
    """/proc/<pid>/stat from field 3 (state) on (the command name may hold spaces
    and parentheses); None when the process is gone. Read with bare os calls: a
    scan reads this for every process on the machine, during every invoke."""
    try:
        fd = os.open(f"/proc/{pid}/stat", os.O_RDONLY)
    except OSError:
        return None
    try:
        return os.read(fd, 4096).rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    finally:
        os.close(fd)


def processes() -> dict[int, Proc]:
    """Every live (non-zombie) process, from /proc/<pid>/stat."""
    found: dict[int, Proc] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        fields = stat_fields(name)
        if fields is not None and fields[0] not in (b"Z", b"X"):
            pid = int(name)
            found[pid] = Proc(pid, int(fields[1]), int(fields[2]), int(fields[3]), int(fields[19]))
    return found


def marker_of(pid: int) -> str | None:
    """The marker variable in the process's (exec-time) environment, if any."""
    prefix = f"{MARKER_VARIABLE}=".encode()
    try:
        entries = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    return next((e[len(prefix):].decode(errors="replace") for e in entries if e.startswith(prefix)), None)


def with_descendants(table: dict[int, Proc], members: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for proc in table.values():
        children.setdefault(proc.ppid, []).append(proc.pid)
    pending, closed = list(members), set(members)
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in closed:
                closed.add(child)
                pending.append(child)
    return closed


def end_all(select: Callable[[], set[int]]) -> int:
    """SIGKILL what `select` returns until it returns nothing; how many were ended.
    Members forked between a scan and the kill show up in the next scan."""
    ended: set[int] = set()
    for _ in range(_KILL_ROUNDS):
        alive = select()
        if not alive:
            break
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        ended |= alive
    return len(ended)


def end_marked(prefix: str) -> int:
    """End every process whose marker starts with `prefix` (all environments of
    one localcloud, after it is gone), with their descendants."""
    def select() -> set[int]:
        table = processes()
        marked = {pid for pid in table if (marker_of(pid) or "").startswith(prefix)}
        return with_descendants(table, marked) if marked else set()
    return end_all(select)


class ProcessTree:
    """The processes of one execution environment, rooted at `root`."""

    def __init__(self, root: int, marker: str) -> None:
        self.root = root
        self.marker = marker
        # (pid, start ticks) of members seen so far; the root's own identity guards against
        # its pid being reused once it is reaped (a group or session id is never reused
        # while a process still carries it, so matching those is safe).
        root_fields = stat_fields(root)
        self._seen: set[tuple[int, int]] = {(root, int(root_fields[19]))} if root_fields else set()

    def members(self, read_markers: bool = True, table: dict[int, Proc] | None = None) -> set[int]:
        """Live members now. Without `read_markers` (a cheap periodic count) only
        session, group, ancestry and earlier scans count. `table`: a scan of
        `processes()` shared by several trees, taken just before."""
        table = processes() if table is None else table
        found = {p.pid for p in table.values()
                 if p.sid == self.root or p.pgid == self.root or (p.pid, p.start_ticks) in self._seen}
        if read_markers:
            found |= {pid for pid in table if pid not in found and marker_of(pid) == self.marker}
        found = with_descendants(table, found)
        self._seen = {(pid, table[pid].start_ticks) for pid in found}
        return found

    def end(self) -> int:
        """Kill every member, `setsid` ones included; how many were ended. The
        group goes first in one signal, so the scans only meet the stragglers."""
        if any(proc.pgid == self.root for proc in processes().values()):  # still ours: ids in use
            try:                                                              # are never reused
                os.killpg(self.root, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        return end_all(self.members)


def owner_prefix(port: int) -> str:
    """The marker prefix of every environment of the localcloud on `port`."""
    return f"localcloud-{port}/"
