"""Lambda's CloudWatch Logs output, written straight into moto's logs backend:
one stream per execution environment, the platform lines as Lambda prints
them, and every function line offered to the EMF extractor."""
from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from dataclasses import dataclass

from moto.logs.models import logs_backends

from localcloud.cloudwatch.emf import publish_emf

# The runtime version Lambda names in INIT_START; fixed per localcloud runtime.
RUNTIME_VERSION = 48
log = logging.getLogger(__name__)
_lock = threading.Lock()  # moto's logs backend is not thread-safe


def stream_name(version: str) -> str:
    return time.strftime("%Y/%m/%d/", time.gmtime()) + f"[{version}]{uuid.uuid4().hex}"


def init_start(runtime: str, region: str) -> str:
    language = runtime.rstrip("0123456789.")  # python3.12 -> python:3.12
    number = runtime[len(language):]
    digest = hashlib.sha256(f"{runtime}.v{RUNTIME_VERSION}".encode()).hexdigest()
    return (f"INIT_START Runtime Version: {language}:{number}.v{RUNTIME_VERSION}\t"
            f"Runtime Version ARN: arn:aws:lambda:{region}::runtime:{digest}")


def start_line(request_id: str, version: str) -> str:
    return f"START RequestId: {request_id} Version: {version}"


def end_line(request_id: str) -> str:
    return f"END RequestId: {request_id}"


@dataclass(frozen=True)
class Report:
    request_id: str
    duration_ms: float
    memory_mb: int
    max_memory_mb: int
    init_ms: float | None = None
    status: str | None = None  # "timeout" / "error" etc. when not a success
    error_type: str | None = None
    trace_id: str | None = None
    segment_id: str | None = None

    @property
    def billed_ms(self) -> int:
        """Whole milliseconds; since August 2025 Lambda bills the init phase of
        zip functions on managed runtimes too, so a cold start adds Init Duration."""
        hundredths = round(self.duration_ms * 100) + round((self.init_ms or 0.0) * 100)
        return max(1, -(-hundredths // 100))  # from the printed values, so the line adds up

    def line(self) -> str:
        text = (f"REPORT RequestId: {self.request_id}\tDuration: {self.duration_ms:.2f} ms\t"
                f"Billed Duration: {self.billed_ms} ms\t"
                f"Memory Size: {self.memory_mb} MB\tMax Memory Used: {self.max_memory_mb} MB\t")
        if self.init_ms is not None:
            text += f"Init Duration: {self.init_ms:.2f} ms\t"
        if self.status:
            text += f"Status: {self.status}\t"
            if self.error_type:
                text += f"Error Type: {self.error_type}\t"
        if self.trace_id:
            text += f"\nXRAY TraceId: {self.trace_id}\tSegmentId: {self.segment_id}\tSampled: true\t"
        return text


def write(account_id: str, region: str, group: str, stream: str,
          events: list[tuple[int, str]], function_lines: list[str]) -> None:
    """Append `events` (timestamp ms, message; forced into order) to the stream,
    creating group and stream as Lambda does, then publish EMF lines."""
    ordered: list[dict[str, object]] = []
    last = 0
    for timestamp, message in events:
        last = max(last, timestamp)
        ordered.append({"timestamp": last, "message": message})
    backend = logs_backends[account_id][region]
    with _lock:
        backend.ensure_log_group(group)
        if stream not in backend.groups[group].streams:
            backend.create_log_stream(group, stream)
        if ordered:
            backend.put_log_events(group, stream, ordered)
    for line in function_lines:
        if line.startswith("{"):
            try:
                publish_emf(line, group, account_id, region)
            except Exception:  # noqa: BLE001 - a metric we cannot store never fails the invoke
                log.exception("EMF line in %s not published; kept as a log line", group)
