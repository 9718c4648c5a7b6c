"""One execution environment: a child interpreter running awslambdaric against
its own Runtime API, with the environment Lambda gives a function and nothing
of the host's. Captures the child's output line by line with timestamps."""
from __future__ import annotations

import os
import queue
import select
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from localcloud.awslambda.functions import FunctionSpec
from localcloud.awslambda.init_clock import InitClock
from localcloud.awslambda.logcapture import LogCapture
from localcloud.awslambda.runtime_api import RuntimeApiServer
from localcloud.core.proctree import MARKER_VARIABLE, Proc, ProcessTree

_POLL_S = 0.1  # how often a running invocation is checked for crash and memory
_COUNT_EVERY = 2  # polls between two counts of the environment's processes
# Lambda's quota: 1,024 processes and threads per environment; localcloud counts processes.
MAX_PROCESSES = int(os.environ.get("LOCALCLOUD_MAX_PROCESSES", "1024"))
# Variables Lambda reserves: a function's own variables cannot override them.
RESERVED = frozenset({
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
})


@dataclass(frozen=True)
class Launch:
    """Host-side facts an environment needs besides the function itself."""
    interpreter: str
    packages: Path
    task_root: Path
    opt_root: Path
    endpoint: str
    xray_port: int
    log_stream: str
    owner: str  # marker prefix shared by every environment of this localcloud
    network: dict[str, str] = field(default_factory=dict)  # a VPC's http_proxy (core/vpc_network.py)


@dataclass
class Invocation:
    request_id: str
    payload: bytes
    headers: dict[str, str]
    done: threading.Event = field(default_factory=threading.Event)
    started: float = 0.0
    finished: float = 0.0
    body: bytes = b""
    error_type: str | None = None


@dataclass
class Outcome:
    """How an invocation ended. kind: ok, error, timeout, crash, oom, init_error."""
    kind: str
    body: bytes
    error_type: str | None
    duration_ms: float
    lines: list[tuple[int, str]]
    max_memory_mb: int


def child_environment(spec: FunctionSpec, launch: Launch, runtime_api: str) -> dict[str, str]:
    """The variables Lambda sets, built from scratch so nothing of the host leaks."""
    major_minor = spec.runtime.removeprefix("python")
    opt = launch.opt_root
    env = {
        "PATH": f"{Path(launch.interpreter).parent}:/usr/local/bin:/usr/bin:/bin:{opt}/bin",
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "LD_LIBRARY_PATH": f"{launch.task_root}/lib:{opt}/lib",
        "PYTHONPATH": os.pathsep.join([
            str(launch.task_root), f"{opt}/python/lib/python{major_minor}/site-packages",
            f"{opt}/python", str(launch.packages)]),
        "LAMBDA_TASK_ROOT": str(launch.task_root),
        "LAMBDA_RUNTIME_DIR": str(launch.packages),
        "_HANDLER": spec.handler,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group,
        "AWS_LAMBDA_LOG_STREAM_NAME": launch.log_stream,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_RUNTIME_API": runtime_api,
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_ENDPOINT_URL": launch.endpoint,
        "AWS_XRAY_DAEMON_ADDRESS": f"127.0.0.1:{launch.xray_port}",
        "_AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1",
        "_AWS_XRAY_DAEMON_PORT": str(launch.xray_port),
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        # Logging records and error reports come framed on stdout (see logcapture).
        "_LAMBDA_TELEMETRY_LOG_FD": "1",
        **launch.network,
    }
    env.update({k: v for k, v in spec.environment.items() if k not in RESERVED})
    return env


def _rss_mb(pid: int, field_name: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field_name):
                    return -(-int(line.split()[1]) // 1024)
    except OSError:
        pass
    return 0


class ExecutionEnvironment:
    def __init__(self, spec: FunctionSpec, launch: Launch) -> None:
        self.spec, self.launch = spec, launch
        self.fingerprint = spec.fingerprint
        self.init_started_ms = 0
        self.init_duration_ms = 0.0
        self.init_failure: tuple[bytes, str] | None = None
        self.max_memory_mb = 0
        self._queue: queue.Queue[Invocation | None] = queue.Queue()
        self._current: Invocation | None = None
        self._ready = threading.Event()
        self._capture = LogCapture()
        self._out_lock = threading.Lock()
        self._api = RuntimeApiServer(self)
        self._proc: subprocess.Popen[bytes] | None = None
        self._tree: ProcessTree | None = None
        self._read_fd = -1

    # -- lifecycle -------------------------------------------------------
    def start(self) -> None:
        """Spawn the child and wait for the end of its init phase."""
        self._api.start()
        read_fd, write_fd = os.pipe()
        os.set_blocking(read_fd, False)
        self._read_fd = read_fd
        self.init_started_ms = int(time.time() * 1000)
        began = time.monotonic()
        clock = InitClock()  # excludes the child's wait for a CPU on a loaded machine
        marker = f"{self.launch.owner}{uuid.uuid4().hex}"
        try:
            # A session of its own: descendants are found by session, group and marker.
            self._proc = subprocess.Popen(
                [self.launch.interpreter, "-S", "-m", "awslambdaric", self.spec.handler],
                cwd=self.launch.task_root,
                env={**child_environment(self.spec, self.launch, self._api.address), MARKER_VARIABLE: marker},
                stdin=subprocess.DEVNULL, stdout=write_fd, stderr=write_fd, close_fds=True,
                start_new_session=True)
        finally:
            os.close(write_fd)
        self._tree = ProcessTree(self._proc.pid, marker)
        threading.Thread(target=self._pump_output, daemon=True).start()
        while not self._ready.wait(_POLL_S):
            if self._proc.poll() is not None or clock.expired(self._proc.pid):
                break
        self.init_duration_ms = (time.monotonic() - began) * 1000
        self.max_memory_mb = _rss_mb(self._proc.pid, "VmHWM")
        if not self._ready.is_set():
            timed_out = self._proc.poll() is None
            self.kill()
            message = ("Init phase timed out" if timed_out else
                       f"Runtime exited with error: exit status {self._proc.returncode}")
            kind = "Runtime.InitTimeout" if timed_out else "Runtime.ExitError"
            self.init_failure = (
                b'{"errorType":"%s","errorMessage":"%s"}' % (kind.encode(), message.encode()), kind)
        elif self.init_failure is not None:
            self.kill()

    @property
    def exit_code(self) -> int | None:
        """The child's exit status once it ended (negative: killed by that signal)."""
        return None if self._proc is None else self._proc.poll()

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def kill(self) -> int:
        """End the environment: its process and every descendant, however detached.
        Returns how many processes were ended."""
        self._queue.put(None)  # releases a pending invocation/next
        ended = self._tree.end() if self._tree is not None else 0
        if self._proc is not None:
            self._proc.wait()
        self._api.stop()
        return ended

    def over_process_limit(self, table: dict[int, Proc] | None = None) -> bool:
        """More processes than Lambda allows (a fork bomb): the caller ends the environment.
        `table`: a fresh `processes()` scan shared by the checks of several environments."""
        if self._tree is None or len(self._tree.members(read_markers=False, table=table)) <= MAX_PROCESSES:
            return False
        print(f"localcloud: {self.spec.name}: more than {MAX_PROCESSES} processes in one "
              f"execution environment; ending it", flush=True)
        return True

    # -- Runtime API host ------------------------------------------------
    def next_invocation(self) -> Invocation | None:
        self._ready.set()
        invocation = self._queue.get()
        if invocation is not None:
            invocation.started = time.monotonic()
        return invocation

    def invocation_result(self, request_id: str, body: bytes, error_type: str | None) -> bool:
        current = self._current
        if current is None or current.request_id != request_id or current.done.is_set():
            return False
        current.finished = time.monotonic()
        self._drain()  # the child wrote its output before posting: take it now, in order
        current.body, current.error_type = body, error_type
        current.done.set()
        return True

    def init_error(self, body: bytes, error_type: str | None) -> None:
        self._drain()
        self.init_failure = (body, error_type or "Runtime.Unknown")
        self._ready.set()

    # -- invoke ----------------------------------------------------------
    def invoke(self, invocation: Invocation) -> Outcome:
        assert self._proc is not None
        timeout = float(self.spec.timeout_s)
        self._current = invocation
        dispatched = time.monotonic()
        self._queue.put(invocation)
        kind = ""
        polls = 0
        while not invocation.done.wait(_POLL_S):
            elapsed = time.monotonic() - dispatched
            polls += 1
            if self._proc.poll() is not None or (polls % _COUNT_EVERY == 0 and self.over_process_limit()):
                kind = "crash"
            elif _rss_mb(self._proc.pid, "VmRSS") > self.spec.memory_mb:
                kind = "oom"
            elif elapsed >= timeout:
                kind = "timeout"
            else:
                continue
            break
        if invocation.done.is_set():
            kind = "ok" if invocation.error_type is None else "error"
            self.max_memory_mb = max(self.max_memory_mb, _rss_mb(self._proc.pid, "VmHWM"))
            duration = (invocation.finished - (invocation.started or dispatched)) * 1000
            if self.max_memory_mb > self.spec.memory_mb:  # a peak between two checks: Lambda kills too
                kind = "oom"
                self.kill()
        else:
            self.max_memory_mb = max(self.max_memory_mb, _rss_mb(self._proc.pid, "VmHWM"))
            self.kill()
            self._drain()
            duration = min(time.monotonic() - (invocation.started or dispatched), timeout) * 1000
            if kind == "timeout":
                duration = timeout * 1000
        self._current = None
        return Outcome(kind, invocation.body, invocation.error_type, duration,
                       self.take_lines(), self.max_memory_mb)

    # -- output ----------------------------------------------------------
    def take_lines(self) -> list[tuple[int, str]]:
        with self._out_lock:
            self._capture.flush()
            return self._capture.take()

    def _drain(self) -> bool:
        """Read whatever the pipe holds now. Returns False at end of file."""
        with self._out_lock:
            while True:
                try:
                    chunk = os.read(self._read_fd, 65536)
                except BlockingIOError:
                    return True
                except OSError:
                    return False
                if not chunk:
                    return False
                self._capture.feed(chunk)

    def _pump_output(self) -> None:
        while True:
            try:
                select.select([self._read_fd], [], [])
            except (OSError, ValueError):
                return
            if not self._drain():
                with self._out_lock:
                    os.close(self._read_fd)
                    self._read_fd = -1
                return
