"""CLI: python -m localcloud serve|up|down|status --port P --xray-port X."""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from localcloud.core.paths import DEFAULT_PORT, DEFAULT_XRAY_PORT, data_dir
from localcloud.core.ports import PortInUse, check_ports

START_TIMEOUT_S = 30.0


def _health(port: int) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_localcloud/health", timeout=2) as r:
            health = json.loads(r.read())
    except (OSError, ValueError):
        return None
    return health if isinstance(health, dict) else None


def _pid(port: int) -> int | None:
    path = data_dir(port) / "localcloud.pid"
    try:
        pid = int(path.read_text())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def up(port: int, xray_port: int) -> int:
    health = _health(port) if _pid(port) is not None else None
    if health is not None:
        print(f"localcloud: already running on http://127.0.0.1:{port} (pid {health.get('pid')})")
        return 0
    try:
        check_ports(port, xray_port)
    except PortInUse as exc:
        print(exc, file=sys.stderr)
        return 1
    data = data_dir(port)
    data.mkdir(parents=True, exist_ok=True)
    log_path = data / "localcloud.log"
    with open(log_path, "ab") as log:
        # A session of its own: `down` ends the whole group, every environment included.
        proc = subprocess.Popen(
            [sys.executable, "-m", "localcloud", "serve", "--port", str(port), "--xray-port", str(xray_port)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            cwd=Path(__file__).resolve().parent.parent)
    (data / "localcloud.pid").write_text(str(proc.pid))
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            (data / "localcloud.pid").unlink(missing_ok=True)
            tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
            print("\n".join(tail), file=sys.stderr)
            print(f"localcloud: failed to start (log: {log_path})", file=sys.stderr)
            return 1
        if _health(port) is not None:
            print(f"localcloud: up on http://127.0.0.1:{port} (X-Ray udp 127.0.0.1:{xray_port}, "
                  f"pid {proc.pid}, log {log_path})")
            return 0
        time.sleep(0.1)
    _kill_group(proc.pid)
    print(f"localcloud: not healthy after {START_TIMEOUT_S:.0f}s (log: {log_path})", file=sys.stderr)
    return 1


def _group_running(pgid: int) -> bool:
    """Whether any process of the group still runs (zombies wait for init to reap
    them, which can take seconds here, and no longer hold anything)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _kill_group(pid: int) -> None:
    for sig, wait_s in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not _group_running(pid):
                return
            time.sleep(0.05)


def down(port: int) -> int:
    pid = _pid(port)
    if pid is None:
        print(f"localcloud: not running on port {port}")
        return 0
    _kill_group(pid)
    try:  # reap it if it is our child (tests start it that way)
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    (data_dir(port) / "localcloud.pid").unlink(missing_ok=True)
    print(f"localcloud: stopped (pid {pid} and its execution environments)")
    return 0


def status(port: int) -> int:
    health = _health(port)
    if health is None:
        print(f"localcloud: not running on port {port}")
        return 3
    print(json.dumps(health, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m localcloud", description=__doc__)
    parser.add_argument("command", choices=["serve", "up", "down", "status"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOCALCLOUD_PORT", DEFAULT_PORT)))
    parser.add_argument("--xray-port", type=int,
                        default=int(os.environ.get("LOCALCLOUD_XRAY_PORT", DEFAULT_XRAY_PORT)))
    args = parser.parse_args(argv)
    if args.command == "serve":
        from localcloud.server import serve  # heavy import (moto): only where needed
        return serve(args.port, args.xray_port)
    if args.command == "up":
        return up(args.port, args.xray_port)
    if args.command == "down":
        return down(args.port)
    return status(args.port)


if __name__ == "__main__":
    sys.exit(main())
