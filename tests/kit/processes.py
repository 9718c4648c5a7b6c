"""Processes of localcloud's execution environments, as a test checks them."""
from __future__ import annotations

from pathlib import Path

from kit.waits import wait_for

from localcloud.core.proctree import marker_of, owner_prefix, processes


def environment_processes(port: int) -> set[int]:
    """Live processes of any execution environment of the localcloud on `port`."""
    return {pid for pid in processes() if (marker_of(pid) or "").startswith(owner_prefix(port))}


def pid_alive(pid: int) -> bool:
    return pid in processes()


def wait_gone(pid: int, what: str) -> None:
    wait_for(lambda: not pid_alive(pid), timeout=60, what=what)


def read_pid(pid_file: Path) -> int:
    """The pid a hostile handler wrote (it writes it before anything else)."""
    return int(wait_for(lambda: pid_file.exists() and pid_file.read_text(), what="the child's pid"))
