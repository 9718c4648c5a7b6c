"""Save what a run's functions left in CloudWatch Logs and X-Ray before teardown deletes it.

    python -m scripts.forensics.collect build/runs/<run>/<feature> --feature <f>

Writes `functions/<PascalName>.log` per function (every log event of its log
group since the run started, REPORT lines included, paginated) and
`traces.json` (GetTraceSummaries for the run's window and functions, then
BatchGetTraces). Bounded by FORENSICS_DEADLINE seconds (default 60) in all:
what was fetched by then is kept, and the files say that they are cut short.
Endpoint, region and credentials come from the standard AWS environment, so
TARGET=local and aws work alike. Exit 0 even when a store could not be read
(forensics never changes a run's result); the reason is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from scripts.forensics.functions import TRACES_FILE, DeployedFunction, deployed_functions, log_file, log_group
from scripts.report.timings import TIMINGS_FILE, TimingsError, load_feature

# X-Ray answers GetTraceSummaries for at most a 6-hour window and BatchGetTraces for 5 ids a call.
MAX_TRACE_WINDOW_S = 6 * 3600
TRACE_BATCH = 5
CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=20, retries={"mode": "standard", "max_attempts": 3})


class Deadline:
    """The time left for the whole collection."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.ends


@dataclass(frozen=True)
class Window:
    start: float  # epoch seconds
    end: float


def run_window(run_dir: Path, now: float) -> Window:
    """From a minute before the feature's first phase (an hour ago if unknown) to now."""
    try:
        start = load_feature(run_dir / TIMINGS_FILE, run_dir.name).start
    except (OSError, TimingsError):
        start = None
    begin = (start if start is not None else now - 3600) - 60
    return Window(max(begin, now - MAX_TRACE_WINDOW_S), now)


def iso(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, timezone.utc).isoformat(timespec="milliseconds")


def log_events(logs: Any, group: str, window: Window, deadline: Deadline) -> Iterator[dict[str, Any]]:
    """Every event of the group in the window, in pages, until the deadline."""
    kwargs: dict[str, Any] = {"logGroupName": group, "startTime": int(window.start * 1000),
                              "endTime": int(window.end * 1000) + 1}
    while not deadline.passed:
        page = logs.filter_log_events(**kwargs)
        yield from page.get("events", [])
        if not page.get("nextToken"):
            return
        kwargs["nextToken"] = page["nextToken"]
    raise TimeoutError("deadline reached")


def save_function_log(clients: dict[str, Any], fn: DeployedFunction, path: Path, window: Window,
                      deadline: Deadline) -> str:
    """Write one function's log file; returns a one-line summary."""
    group = log_group(clients["lambda"], fn.name)
    lines = [f"# {fn.name}: log group {group}, events since {iso(int(window.start * 1000))}"]
    count = 0
    try:
        for event in sorted(log_events(clients["logs"], group, window, deadline), key=lambda e: e["timestamp"]):
            lines.append(f"{iso(event['timestamp'])} {event.get('logStreamName', '-')} "
                         f"{event['message'].rstrip()}")
            count += 1
        summary = f"{fn.pascal}: {count} log events"
    except (ClientError, BotoCoreError, TimeoutError) as err:
        summary = f"{fn.pascal}: {count} log events, then: {err}"
        lines.append(f"# cut short: {err}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summary


def trace_ids(xray: Any, names: list[str], window: Window, deadline: Deadline) -> list[str]:
    """Ids of the traces in the window that went through any of the functions."""
    found: dict[str, None] = {}
    for name in names:
        kwargs: dict[str, Any] = {"StartTime": window.start, "EndTime": window.end,
                                  "FilterExpression": f'service("{name}")'}
        while not deadline.passed:
            page = xray.get_trace_summaries(**kwargs)
            found.update((s["Id"], None) for s in page.get("TraceSummaries", []))
            if not page.get("NextToken"):
                break
            kwargs["NextToken"] = page["NextToken"]
    return list(found)


def save_traces(xray: Any, names: list[str], path: Path, window: Window, deadline: Deadline) -> str:
    """Write traces.json: the window, and every trace with its segment documents parsed."""
    traces: list[dict[str, Any]] = []
    note = ""
    try:
        ids = trace_ids(xray, names, window, deadline)
        for i in range(0, len(ids), TRACE_BATCH):
            if deadline.passed:
                raise TimeoutError("deadline reached")
            for trace in xray.batch_get_traces(TraceIds=ids[i:i + TRACE_BATCH]).get("Traces", []):
                segments = [json.loads(s["Document"]) for s in trace.get("Segments", [])]
                traces.append({"Id": trace["Id"], "Duration": trace.get("Duration"), "Segments": segments})
    except (ClientError, BotoCoreError, TimeoutError) as err:
        note = str(err)
    document = {"window": {"start": window.start, "end": window.end}, "functions": names,
                "traces": traces, **({"cut_short": note} if note else {})}
    path.write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")
    return f"traces: {len(traces)}" + (f", then: {note}" if note else "")


def collect(run_dir: Path, feature: str, seconds: float) -> list[str]:
    """Save every function's log and the run's traces into run_dir; one summary line each."""
    deployed = deployed_functions(run_dir, feature)
    if not deployed:
        return [f"no functions to look at: {run_dir / 'outputs.json'} is missing or names none"]
    session = boto3.session.Session()
    clients = {s: session.client(s, config=CLIENT_CONFIG) for s in ("lambda", "logs", "xray")}
    deadline = Deadline(seconds)
    window = run_window(run_dir, time.time())
    summaries = [save_function_log(clients, fn, log_file(run_dir, fn.pascal), window, deadline)
                 for fn in deployed]
    summaries.append(save_traces(clients["xray"], [fn.name for fn in deployed],
                                 run_dir / TRACES_FILE, window, deadline))
    return summaries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.forensics.collect", description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path, help="build/runs/<run>/<feature>")
    parser.add_argument("--feature", required=True)
    args = parser.parse_args(argv)
    seconds = float(os.environ.get("FORENSICS_DEADLINE") or "60")  # make exports it empty when unset
    for line in collect(args.run_dir, args.feature, seconds):
        print(f"forensics: {line}")
    print(f"forensics: saved under {args.run_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
