"""`make logs`: a run's function logs. A live run (its resources still in
state and the cloud answering) is tailed until Ctrl-C; a finished one shows
the logs forensics saved in its folder.

    python -m scripts.forensics.show build/runs/<run>/<feature> --feature <f>
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from scripts.forensics.functions import FUNCTIONS_DIR, DeployedFunction, deployed_functions, log_group
from scripts.forensics.collect import iso, run_window
from scripts.pipeline.tfstate import has_resources

POLL_SECONDS = 2.0  # a tail's pace: what a person watching needs, not a wait for a condition
PROBE_CONFIG = Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 1})


def show_saved(run_dir: Path) -> int:
    saved = sorted((run_dir / FUNCTIONS_DIR).glob("*.log"))
    if not saved:
        print(f"logs: nothing saved in {run_dir / FUNCTIONS_DIR}: function logs are saved when verify fails "
              "or with FORENSICS=1 (e.g. make e2e FEATURE=<f> FORENSICS=1)", file=sys.stderr)
        return 1
    for path in saved:
        print(f"==> {path} <==")
        print(path.read_text(encoding="utf-8"), end="")
    return 0


def live_clients(run_dir: Path) -> dict[str, Any] | None:
    """Clients when the run still exists and its cloud answers, else None."""
    state = run_dir / "terraform.tfstate"
    if state.is_file() and not has_resources(state):
        return None
    session = boto3.session.Session()
    clients = {s: session.client(s, config=PROBE_CONFIG) for s in ("lambda", "logs")}
    try:
        clients["logs"].describe_log_groups(limit=1)
    except (ClientError, BotoCoreError):
        return None
    return clients


def tail(clients: dict[str, Any], deployed: list[DeployedFunction], since_ms: int) -> None:
    """Print new events of every function's log group, prefixed by its PascalName, until interrupted."""
    groups = {fn.pascal: log_group(clients["lambda"], fn.name) for fn in deployed}
    print(f"logs: tailing {', '.join(groups.values())} (Ctrl-C to stop)", file=sys.stderr)
    seen: set[str] = set()
    while True:
        newest = since_ms
        for pascal, group in groups.items():
            for event in _events_since(clients["logs"], group, since_ms):
                if event["eventId"] in seen:
                    continue
                seen.add(event["eventId"])
                newest = max(newest, event["timestamp"])
                print(f"{pascal} {iso(event['timestamp'])} {event['message'].rstrip()}", flush=True)
        since_ms = newest
        time.sleep(POLL_SECONDS)


def _events_since(logs: Any, group: str, since_ms: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"logGroupName": group, "startTime": since_ms}
    try:
        for page in logs.get_paginator("filter_log_events").paginate(**kwargs):
            events.extend(page.get("events", []))
    except ClientError as err:
        if err.response["Error"]["Code"] != "ResourceNotFoundException":
            raise
    return sorted(events, key=lambda e: e["timestamp"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.forensics.show", description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path, help="build/runs/<run>/<feature>")
    parser.add_argument("--feature", required=True)
    args = parser.parse_args(argv)
    deployed = deployed_functions(args.run_dir, args.feature)
    clients = live_clients(args.run_dir) if deployed else None
    if clients is None:
        return show_saved(args.run_dir)
    try:
        tail(clients, deployed, int(run_window(args.run_dir, time.time()).start * 1000))
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
