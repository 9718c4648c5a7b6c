"""One Lambda invoke from start to finish: pick an environment, run the event,
and write logs, metrics and trace segments before the caller gets its answer
(so everything is readable as soon as Invoke returns)."""
from __future__ import annotations

import base64
import json
import signal
import time
from dataclasses import dataclass

from localcloud.awslambda import lambda_logs
from localcloud.awslambda.environment import ExecutionEnvironment, Invocation, Outcome
from localcloud.awslambda.functions import FunctionSpec
from localcloud.awslambda.pool import EnvironmentPool
from localcloud.awslambda.runtimes import RuntimeUnavailable
from localcloud.xray.lambda_segments import InvokeTrace, build_invoke_segments
from localcloud.xray.store import TraceStore

TAIL_BYTES = 4096
MAX_RESPONSE = 6 * 1024 * 1024  # synchronous response payload limit


@dataclass(frozen=True)
class InvokeRequest:
    spec: FunctionSpec
    request_id: str
    payload: bytes
    client_context: str | None = None
    trace_header: str | None = None
    want_tail: bool = False


@dataclass(frozen=True)
class InvokeResult:
    payload: bytes
    function_error: str | None  # "Unhandled" when the function failed
    log_tail: str | None  # base64 of the last 4 KB of the invoke's log


def _now_ms() -> int:
    return int(time.time() * 1000)


def _error(error_type: str, message: str) -> bytes:
    return json.dumps({"errorMessage": message, "errorType": error_type}).encode()


def _failure_body(outcome: Outcome, request_id: str, timeout_s: int, exit_code: int | None) -> bytes:
    """The payload Lambda answers when the platform, not the handler, ends an invoke."""
    if outcome.kind == "timeout":
        return _error("Sandbox.Timedout",
                      f"RequestId: {request_id} Error: Task timed out after {timeout_s:.2f} seconds")
    if outcome.kind == "oom":
        return _error("Runtime.OutOfMemory",
                      f"RequestId: {request_id} Error: Runtime exited with error: signal: killed")
    if exit_code:
        reason = (f"exit status {exit_code}" if exit_code > 0
                  else f"signal: {signal.Signals(-exit_code).name.removeprefix('SIG').lower()}")
        return _error("Runtime.ExitError", f"RequestId: {request_id} Error: Runtime exited with error: {reason}")
    return _error("Runtime.ExitError", f"RequestId: {request_id} Error: Runtime exited without providing a reason")


def _trace_for(active: bool, incoming: str | None) -> tuple[InvokeTrace, str]:
    """Ids for this invoke and the header the function sees. Active tracing
    samples every invoke; PassThrough follows the caller's sampling decision."""
    fields = dict(part.strip().partition("=")[::2] for part in (incoming or "").split(";") if "=" in part)
    trace = InvokeTrace.new(fields.get("Root"), fields.get("Parent"))
    sampled = active or fields.get("Sampled") == "1"
    return trace, trace.header if sampled else trace.header.replace("Sampled=1", "Sampled=0")


def _init_events(env: ExecutionEnvironment, cold: bool) -> list[tuple[int, str]]:
    """INIT_START and what the init phase printed (cold only), INIT_REPORT if it failed."""
    if not cold:
        return []
    spec = env.spec
    events = [(env.init_started_ms, lambda_logs.init_start(spec.runtime, spec.region)), *env.take_lines()]
    if env.init_failure is not None:
        events.append((_now_ms(), f"INIT_REPORT Init Duration: {env.init_duration_ms:.2f} ms\t"
                                  f"Phase: init\tStatus: error\tError Type: {env.init_failure[1]}"))
    return events


def _final_payload(outcome: Outcome, request_id: str, env: ExecutionEnvironment) -> bytes:
    """What the caller gets: the function's answer, or the platform's error."""
    if outcome.kind == "ok" and len(outcome.body) > MAX_RESPONSE:
        outcome.kind = "error"
        return _error("Function.ResponseSizeTooLarge", "Response payload size exceeded maximum "
                                                       f"allowed payload size ({MAX_RESPONSE + 100} bytes).")
    if outcome.kind in ("timeout", "oom", "crash"):
        return _failure_body(outcome, request_id, env.spec.timeout_s, env.exit_code)
    return outcome.body


class Invoker:
    def __init__(self, pool: EnvironmentPool, traces: TraceStore) -> None:
        self.pool = pool
        self.traces = traces

    def invoke(self, request: InvokeRequest) -> InvokeResult:
        received = time.time()
        try:
            env, cold = self.pool.acquire(request.spec)
        except RuntimeUnavailable as exc:
            return InvokeResult(_error("Runtime.Unavailable", str(exc)), "Unhandled", None)
        try:
            return self._invoke_in(env, cold, request, received)
        finally:
            self.pool.release(env)

    def _invoke_in(self, env: ExecutionEnvironment, cold: bool, request: InvokeRequest,
                   received: float) -> InvokeResult:
        spec = request.spec
        events = _init_events(env, cold)
        function_lines = [line for _, line in events[1:] if not line.startswith("INIT_REPORT")]
        trace, trace_header = _trace_for(spec.tracing_active, request.trace_header)
        sampled = trace_header.endswith("Sampled=1")
        start_ms = _now_ms()
        tail_from = len(events)
        events.append((start_ms, lambda_logs.start_line(request.request_id, spec.version)))
        if env.init_failure is not None:
            body, error_type = env.init_failure
            outcome = Outcome("init_error", body, error_type, 0.0, [], env.max_memory_mb)
        else:
            outcome = self._run(env, request, trace_header)
        events += outcome.lines
        function_lines += [line for _, line in outcome.lines]
        payload = _final_payload(outcome, request.request_id, env)
        end_ms = _now_ms()
        platform_failure = outcome.kind not in ("ok", "error")  # handler exceptions are not
        report = lambda_logs.Report(
            request_id=request.request_id, duration_ms=outcome.duration_ms, memory_mb=spec.memory_mb,
            max_memory_mb=outcome.max_memory_mb, init_ms=env.init_duration_ms if cold else None,
            status=("timeout" if outcome.kind == "timeout" else "error") if platform_failure else None,
            error_type=json.loads(payload or b"{}").get("errorType") if platform_failure else None,
            trace_id=trace.trace_id if sampled else None, segment_id=trace.function_segment_id)
        events += [(end_ms, lambda_logs.end_line(request.request_id)), (end_ms, report.line())]
        if outcome.kind == "timeout":  # Lambda prints it after REPORT
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(end_ms / 1000)) + f".{end_ms % 1000:03d}Z"
            events.append((end_ms, f"{stamp} {request.request_id} Task timed out after "
                                   f"{spec.timeout_s:.2f} seconds"))
        # Logs, metrics and segments are stored before the caller gets its answer.
        lambda_logs.write(spec.account_id, spec.region, spec.log_group, env.launch.log_stream,
                          events, function_lines)
        function_error = None if outcome.kind == "ok" else "Unhandled"
        if sampled:
            for document in build_invoke_segments(
                    trace, function_name=spec.name, function_arn=spec.arn, account_id=spec.account_id,
                    request_id=request.request_id, received=received, invocation_start=start_ms / 1000,
                    invocation_end=end_ms / 1000, finished=time.time(),
                    init_start=env.init_started_ms / 1000 if cold else None,
                    function_error=function_error is not None):
                self.traces.put_own(document)
        tail = None
        if request.want_tail:
            text = "".join(message + "\n" for _, message in events[tail_from:]).encode()
            tail = base64.b64encode(text[-TAIL_BYTES:]).decode()
        return InvokeResult(payload, function_error, tail)

    @staticmethod
    def _run(env: ExecutionEnvironment, request: InvokeRequest,
             trace_header: str) -> Outcome:
        spec = request.spec
        headers = {
            "Content-Type": "application/json",
            "Lambda-Runtime-Aws-Request-Id": request.request_id,
            "Lambda-Runtime-Deadline-Ms": str(_now_ms() + spec.timeout_s * 1000),
            "Lambda-Runtime-Invoked-Function-Arn": spec.arn if spec.version == "$LATEST"
            else f"{spec.arn}:{spec.version}",
            "Lambda-Runtime-Trace-Id": trace_header,
        }
        if request.client_context:
            headers["Lambda-Runtime-Client-Context"] = request.client_context
        return env.invoke(Invocation(request.request_id, request.payload, headers))
