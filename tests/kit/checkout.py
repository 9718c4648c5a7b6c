"""Throwaway copies of the checkout for fault injection, and make runs inside them.

Faults that need sabotaged files (a failing verifier, a broken handler, an
apply that fails half way) run in a copy, never in the real tree. The copy
shares the real .venv and layer cache, so it builds nothing twice.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

from tests.kit.pipeline import OUTER_MAKE, ROOT
from tests.kit.waits import wait_for

FEATURES = ROOT / "tests" / "faults" / "features"


def copy_checkout(dest: Path) -> Path:
    """Copy the working tree as git sees it (tracked and untracked, not ignored) to dest."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    dest.mkdir(parents=True)
    for raw in filter(None, listed):
        source = ROOT / os.fsdecode(raw)
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree but not yet in the index
        target = dest / os.fsdecode(raw)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def add_feature(checkout: Path, name: str, handlers: Mapping[str, str] | None = None) -> None:
    """Install tests/faults/features/<name> as a feature: handlers, terraform root, verifiers."""
    source = FEATURES / name
    target = checkout / "handlers" / name
    target.mkdir(parents=True, exist_ok=True)
    if (source / "handlers").is_dir():  # a feature may bring its handlers only as text (git keeps no empty folder)
        shutil.copytree(source / "handlers", target, dirs_exist_ok=True)
    for file_name, text in (handlers or {}).items():
        (target / file_name).write_text(text)
    root = checkout / "terraform" / "features" / name
    root.mkdir(parents=True)
    # Same shape as every feature: the shared files as symlinks, plus feature.tf.
    for shared in sorted((checkout / "terraform" / "shared").iterdir()):
        if shared.suffix == ".tf" or shared.name == ".terraform.lock.hcl":
            (root / shared.name).symlink_to(Path("..", "..", "shared", shared.name))
    shutil.copy2(source / "terraform" / "feature.tf", root / "feature.tf")
    verifiers = checkout / "verifiers" / name
    shutil.copytree(source / "verifiers", verifiers)
    (verifiers / "__init__.py").touch()


def make_env(cloud_env: Mapping[str, str], port: int, xray_port: int, **extra: str) -> dict[str, str]:
    """The environment a user's shell would have, pointed at the suite's localcloud."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in OUTER_MAKE}
    env.update(cloud_env)
    env.update(
        TARGET="local",
        LOCALCLOUD_PORT=str(port),
        LOCALCLOUD_XRAY_PORT=str(xray_port),
        LAYER_DIR=str(ROOT / "build" / "layer"),
    )
    env.update(extra)
    return env


def make(checkout: Path, args: list[str], env: Mapping[str, str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-C", str(checkout), *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_make(checkout: Path, args: list[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """make in its own process group, as a terminal's foreground job or a CI step is."""
    with log.open("wb") as out:
        return subprocess.Popen(
            ["make", "-C", str(checkout), *args],
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_for_files(paths: list[Path], proc: subprocess.Popen[bytes], log: Path, timeout: float = 600) -> None:
    """Block until every path exists; fail if make ends first or time runs out."""

    def appeared() -> bool:
        if all(p.exists() for p in paths):
            return True
        if proc.poll() is not None:
            raise AssertionError(f"make ended ({proc.returncode}) before {paths} appeared:\n{log.read_text()}")
        return False

    try:
        wait_for(appeared, timeout=timeout, interval=0.2, what=f"{paths} appearing")
    except AssertionError as failed:
        raise AssertionError(f"{failed}:\n{log.read_text()}") from None


def signal_group(proc: subprocess.Popen[bytes], signum: signal.Signals, timeout: float = 600) -> int:
    """Send signum to make's whole process group and wait for make to finish its teardown."""
    os.killpg(proc.pid, signum)
    return proc.wait(timeout=timeout)


def processes_of(needle: str) -> list[int]:
    """Pids whose command line mentions needle (a path only this test's runs use)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if needle.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue  # ended while we looked
    return found


def end_processes_of(*needles: str) -> None:
    """Kill, by pid, what a failed test's runs left running (e.g. a terraform in its own session)."""
    for pid in {pid for needle in needles for pid in processes_of(needle)}:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue


def wait_for_no_process(needle: str, timeout: float = 60) -> None:
    """Block until no process has needle in its command line (e.g. a terraform still shutting down)."""
    wait_for(lambda: not processes_of(needle), timeout=timeout, interval=0.2,
             what=f"no process running {needle!r}")
