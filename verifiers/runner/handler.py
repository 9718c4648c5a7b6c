"""The runner function (RUNNER=lambda): one test module (or one test) of a feature's suite per invocation.

Event: {"module": "verifiers/<f>/test_x.py" (or "…/test_x.py::test_y"), "outputs": <outputs.json>,
"pytest_args": [...]}.
It runs pytest on that module in a fresh folder under /tmp (the task root is
read-only on AWS) in a child interpreter, started as this one was, so a warm
environment never carries one suite's modules or waits into the next
invocation. It answers {"exit_code", "junit_xml", "output", "wait_report"};
when that is more than Lambda's 6 MB response allows, the answer goes to
s3://$RESULTS_BUCKET/runner-results/<request id>.json and the response says
where ({"results_s3": {"bucket", "key"}}).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import boto3

# Lambda's synchronous response limit is 6 MB; keep room for the JSON envelope.
RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024 - 64 * 1024
TRACE_ID_VARIABLE = "_X_AMZN_TRACE_ID"
# Seconds kept back from the function's timeout to report a suite that ran out of time.
REPORT_MARGIN_S = 10


def _pytest_command(task_root: Path, work: Path, event: dict[str, Any]) -> list[str]:
    module = task_root / event["module"]
    site_flag = ["-S"] if sys.flags.no_site else []
    return [
        sys.executable, *site_flag, "-m", "pytest", str(module), "-q", "-p", "no:cacheprovider",
        "--rootdir", str(task_root), "--outputs", str(work / "outputs.json"),
        "--junitxml", str(work / "junit.xml"), "--wait-report", str(work / "waits.json"),
        *event.get("pytest_args", []),
    ]


def run_module(event: dict[str, Any], seconds_left: float) -> dict[str, Any]:
    """pytest on one module in a fresh /tmp folder; its JUnit XML, output and wait report."""
    task_root = Path(os.environ.get("LAMBDA_TASK_ROOT", Path(__file__).resolve().parents[2]))
    work = Path(tempfile.mkdtemp(prefix="verify-"))
    try:
        (work / "outputs.json").write_text(json.dumps(event["outputs"]))
        # Without this invocation's trace id: botocore would send it on with every call, so
        # the suite's invokes would join the runner's trace (on AWS: unsampled) instead of
        # starting their own, as they do when the suite runs outside.
        env = {k: v for k, v in os.environ.items() if k != TRACE_ID_VARIABLE}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            done = subprocess.run(_pytest_command(task_root, work, event), cwd=work, env=env, capture_output=True,
                                  text=True, timeout=max(1.0, seconds_left - REPORT_MARGIN_S), check=False)
            exit_code, output = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as err:
            exit_code = -1
            output = _text(err.stdout) + _text(err.stderr) + (
                f"\nrunner: {event['module']} was stopped after {err.timeout:.0f}s: "
                f"the function's timeout was about to end the invocation\n")
        return {
            "module": event["module"],
            "exit_code": exit_code,
            "junit_xml": _read(work / "junit.xml"),
            "output": output,
            "wait_report": json.loads(_read(work / "waits.json") or "null"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _read(path: Path) -> str:
    return path.read_text() if path.is_file() else ""


def _text(value: str | bytes | None) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value or ""


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    result = run_module(event, context.get_remaining_time_in_millis() / 1000)
    body = json.dumps(result)
    if len(body.encode()) <= RESPONSE_LIMIT_BYTES:
        return result
    bucket, key = os.environ["RESULTS_BUCKET"], f"runner-results/{context.aws_request_id}.json"
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=body.encode(), ContentType="application/json")
    return {"module": event["module"], "results_s3": {"bucket": bucket, "key": key}}
