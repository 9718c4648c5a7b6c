"""Benchmark localcloud's Lambda data plane through boto3, as a user sees it.

  python -m localcloud.bench --out build/bench/localcloud.json [--invokes 200]

Uses the localcloud on LOCALCLOUD_PORT when one answers there, else starts a
private one on free ports. Measures: the cold invoke, warm invoke overhead
(client round trip minus the handler's reported Duration) over --invokes calls
of an empty handler, the delay from an invoke's return until its logs,
EMF metric and trace are readable through the read APIs, and the overhead of
each HTTP front door over a direct Invoke."""
from __future__ import annotations

import argparse
import base64
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3

from localcloud.core.paths import DEFAULT_PORT, REPO_ROOT
from localcloud.core.ports import free_port
from localcloud.frontdoor_http import bench as frontdoor_bench

EMPTY = "def handler(event, context):\n    return None\n"
EMITTER = """import json, time
def handler(event, context):
    print(json.dumps({"_aws": {"Timestamp": int(time.time() * 1000), "CloudWatchMetrics": [{
        "Namespace": event["namespace"], "Dimensions": [["probe"]],
        "Metrics": [{"Name": "Probe", "Unit": "Count"}]}]}, "probe": event["probe"], "Probe": 1}))
"""
TARGETS = {"warm_overhead_p50_ms": 5.0, "data_readable_ms": 200.0, "front_door_overhead_p50_ms": 3.0}
_DURATION = re.compile(r"REPORT RequestId: \S+\tDuration: ([\d.]+) ms")
_TRACE = re.compile(r"XRAY TraceId: (\S+)\t")


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "localcloud", *args], cwd=REPO_ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def _healthy(port: int) -> bool:
    import urllib.request
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_localcloud/health", timeout=2):
            return True
    except OSError:
        return False


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", source)
    return buf.getvalue()


def _until(probe: Callable[[], bool], limit_s: float = 5.0) -> float:
    """Milliseconds until probe() holds (measured from the call)."""
    start = time.perf_counter()
    while not probe():
        if time.perf_counter() - start > limit_s:
            raise TimeoutError("data not readable within %.0f s" % limit_s)
    return (time.perf_counter() - start) * 1000


def _create_functions(lam: Any, role: str, suffix: str) -> str:
    """bench-empty, bench-emit (traced) and bench-answer (for the front doors,
    whose ARN is returned), each named with `suffix`."""
    lam.create_function(FunctionName=f"bench-empty-{suffix}", Runtime="python3.12", Role=role,
                        Handler="app.handler", Code={"ZipFile": _zip(EMPTY)})
    lam.create_function(FunctionName=f"bench-emit-{suffix}", Runtime="python3.12", Role=role,
                        Handler="app.handler", Code={"ZipFile": _zip(EMITTER)},
                        TracingConfig={"Mode": "Active"})
    return str(lam.create_function(
        FunctionName=f"bench-answer-{suffix}", Runtime="python3.12", Role=role, Handler="app.handler",
        Code={"ZipFile": _zip(frontdoor_bench.ANSWER)})["FunctionArn"])


def run(endpoint: str, invokes: int, probes: int) -> dict[str, Any]:
    session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    client: Callable[[str], Any] = lambda service: session.client(service, endpoint_url=endpoint)  # noqa: E731
    lam, logs, cloudwatch, xray = client("lambda"), client("logs"), client("cloudwatch"), client("xray")
    role = client("iam").create_role(RoleName=f"bench-{uuid.uuid4().hex[:8]}",
                                     AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    suffix = uuid.uuid4().hex[:8]
    answer_arn = _create_functions(lam, role, suffix)

    def invoke(name: str, payload: dict[str, Any]) -> tuple[float, str]:
        start = time.perf_counter()
        response = lam.invoke(FunctionName=f"{name}-{suffix}", Payload=json.dumps(payload), LogType="Tail")
        elapsed = (time.perf_counter() - start) * 1000
        response["Payload"].read()
        return elapsed, base64.b64decode(response["LogResult"]).decode()

    cold_ms, cold_log = invoke("bench-empty", {})
    init = re.search(r"Init Duration: ([\d.]+) ms", cold_log)
    round_trips, overheads = [], []
    for _ in range(invokes):
        elapsed, log = invoke("bench-empty", {})
        duration = _DURATION.search(log)
        assert duration, log
        round_trips.append(elapsed)
        overheads.append(elapsed - float(duration.group(1)))

    namespace = f"bench-{suffix}"
    group = f"/aws/lambda/bench-emit-{suffix}"
    delays: dict[str, list[float]] = {"logs": [], "metrics": [], "trace": []}
    invoke("bench-emit", {"namespace": namespace, "probe": "warmup"})
    for n in range(probes):
        probe = f"p{n}"
        _, log = invoke("bench-emit", {"namespace": namespace, "probe": probe})
        request_id = log.split("START RequestId: ", 1)[1].split(" ", 1)[0]
        trace_match = _TRACE.search(log)
        assert trace_match, log
        delays["logs"].append(_until(lambda: bool(logs.filter_log_events(
            logGroupName=group, filterPattern=f'"END RequestId: {request_id}"')["events"])))
        delays["metrics"].append(_until(lambda: bool(cloudwatch.list_metrics(
            Namespace=namespace, Dimensions=[{"Name": "probe", "Value": probe}])["Metrics"])))
        delays["trace"].append(_until(lambda: bool(xray.batch_get_traces(
            TraceIds=[trace_match.group(1)])["Traces"])))
    return {
        "cold_invoke_ms": round(cold_ms, 2),
        "cold_init_duration_ms": float(init.group(1)) if init else None,
        "warm": {"invokes": invokes,
                 "round_trip_p50_ms": round(statistics.median(round_trips), 3),
                 "round_trip_p95_ms": round(_percentile(round_trips, 95), 3),
                 "overhead_p50_ms": round(statistics.median(overheads), 3),
                 "overhead_p95_ms": round(_percentile(overheads, 95), 3)},
        "data_readable_ms": {kind: {"p50": round(statistics.median(values), 3),
                                    "max": round(max(values), 3)} for kind, values in delays.items()},
        "front_doors": frontdoor_bench.run(client, answer_arn, endpoint, invokes),
        "targets": TARGETS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "bench" / "localcloud.json")
    parser.add_argument("--invokes", type=int, default=200)
    parser.add_argument("--probes", type=int, default=20)
    args = parser.parse_args(argv)
    port = int(os.environ.get("LOCALCLOUD_PORT", DEFAULT_PORT))
    private = not _healthy(port)
    if private:
        port = free_port()
        _cli("up", "--port", str(port), "--xray-port", str(free_port(socket.SOCK_DGRAM)))
    try:
        result = run(f"http://127.0.0.1:{port}", args.invokes, args.probes)
    finally:
        if private:
            _cli("down", "--port", str(port))
    warm, readable = result["warm"], result["data_readable_ms"]
    result["meets_targets"] = {
        "warm_overhead_p50": warm["overhead_p50_ms"] <= TARGETS["warm_overhead_p50_ms"],
        "data_readable": max(v["max"] for v in readable.values()) <= TARGETS["data_readable_ms"],
        "front_door_overhead_p50": all(v <= TARGETS["front_door_overhead_p50_ms"] for k, v in
                                       result["front_doors"].items() if k.endswith("_overhead_p50_ms"))}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
