"""Start, stop and ask after one localcloud process (`python -m localcloud
up|down|status`): it runs in a session of its own, named by its pid file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from localcloud.core.paths import REPO_ROOT, data_dir
from localcloud.core.ports import HOST, PortInUse, check_ports
from localcloud.core.proctree import end_marked, owner_prefix
from localcloud.core.process import kill_group, read_pid_file, write_pid_file

# Bounds for a hang, not paces: a start that fails is seen at once (the process ends), and
# nothing listening refuses at once; a busy localcloud on a loaded machine (moto imported
# by a starved process, threads queued behind parallel applies) takes seconds to answer.
START_TIMEOUT_S = 120.0
HEALTH_TIMEOUT_S = 30.0
HEALTH_PATH = "/_localcloud/health"


def health(port: int) -> dict[str, Any] | None:
    """The server's health answer, None when nothing healthy answers."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{HEALTH_PATH}", timeout=HEALTH_TIMEOUT_S) as reply:
            answer = json.loads(reply.read())
    except (OSError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None


def healthy_pid(port: int) -> int | None:
    answer = health(port)
    pid = answer.get("pid") if answer else None
    return pid if isinstance(pid, int) else None


def _pid_file(port: int) -> Path:
    return data_dir(port) / "localcloud.pid"


def running_pid(port: int) -> int | None:
    """The pid of the localcloud this CLI started on the port, if it still runs."""
    return read_pid_file(_pid_file(port))


def up(port: int, xray_port: int) -> int:
    if running_pid(port) is not None and (answer := health(port)) is not None:
        print(f"localcloud: already running on http://{HOST}:{port} (pid {answer.get('pid')})")
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
            cwd=REPO_ROOT)
    write_pid_file(_pid_file(port), proc.pid)
    return _await_health(proc, port, xray_port, log_path)


def _await_health(proc: subprocess.Popen[bytes], port: int, xray_port: int, log_path: Path) -> int:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _pid_file(port).unlink(missing_ok=True)
            tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
            print("\n".join(tail), file=sys.stderr)
            print(f"localcloud: failed to start (log: {log_path})", file=sys.stderr)
            return 1
        if health(port) is not None:
            print(f"localcloud: up on http://{HOST}:{port} (X-Ray udp {HOST}:{xray_port}, "
                  f"pid {proc.pid}, log {log_path})")
            return 0
        time.sleep(0.1)
    kill_group(proc.pid)
    print(f"localcloud: not healthy after {START_TIMEOUT_S:.0f}s (log: {log_path})", file=sys.stderr)
    return 1


def down(port: int) -> int:
    pid = running_pid(port)
    if pid is None:
        _pid_file(port).unlink(missing_ok=True)  # names nothing of ours (gone, or a reused pid)
        if (other := healthy_pid(port)) is not None:
            print(f"localcloud: the one on port {port} (pid {other}) was not started by this "
                  f"checkout's `up`; not stopping it", file=sys.stderr)
            return 1
        left = end_marked(owner_prefix(port))  # what a killed localcloud left behind
        print(f"localcloud: not running on port {port}" +
              (f" (ended {left} processes its environments left)" if left else ""))
        return 0
    kill_group(pid)
    try:  # reap it if it is our child (tests start it that way)
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    # Environments run in sessions of their own: a graceful stop ended them; this ends
    # what a stop that came too late left (setsid children included), by their marker.
    end_marked(owner_prefix(port))
    _pid_file(port).unlink(missing_ok=True)
    print(f"localcloud: stopped (pid {pid} and its execution environments)")
    return 0


def status(port: int) -> int:
    answer = health(port)
    if answer is None:
        print(f"localcloud: not running on port {port}")
        return 3
    print(json.dumps(answer, indent=2))
    return 0
