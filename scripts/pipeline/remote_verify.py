"""RUNNER=lambda: run a feature's suite as invocations of its runner function, one per test module
(or one per test of a module that sets `RUNNER_FAN_OUT = "test"`).

    python -m scripts.pipeline.remote_verify deployed <run_dir> <runner_zip>
    python -m scripts.pipeline.remote_verify run <run_dir> --feature F [-- pytest args]

`deployed` exits 0 when the run's inputs deploy this runner zip (else the
verify step applies first: the suite changed since the deploy, or the run was
deployed with RUNNER=local). `run` invokes the runner (the VerifierRunner
output) concurrently, once per test module of verifiers/<f>, each with the
run's outputs.json in the event (a module whose tests share nothing may set
`RUNNER_FAN_OUT = "test"` at its top level: then once per test function or
test class of it), and writes what a local verify writes:
`junit.xml` (merged, in module order) and, on stdout (the phase's
verify.log), the runner's name, each invocation's request id and pytest
output, then one summary line. Exit 1 names every failed test with its
message, every function error and every timeout.
"""
from __future__ import annotations

import argparse
import ast
import json
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from scripts.pipeline import contracts
from scripts.pipeline.tfvars import TFVARS_FILE
from scripts.report.junit import JUNIT_FILE, case_results, merge_sessions

RUNNER_OUTPUT = "VerifierRunner"
# The runner may run for Lambda's full 15 minutes; an Invoke is never retried
# (it would run the tests twice).
_LAMBDA_CONFIG = Config(read_timeout=960, connect_timeout=10, retries={"total_max_attempts": 1})
FAN_OUT_SETTING = "RUNNER_FAN_OUT"  # a module's top-level setting: "test" for one invocation per test
NO_TESTS_COLLECTED = 5  # pytest's exit status when a module has no selected test (e.g. -k)


@dataclass
class Invocation:
    """What one invocation of the runner gave back for one test module."""

    module: str
    request_id: str = "-"
    result: dict[str, Any] | None = None
    problem: str = ""  # a function error, a timeout or an invoke that failed


def test_modules(feature: str, root: Path = contracts.ROOT) -> list[str]:
    """The suite's test modules, repository-relative, in pytest's collection order."""
    suite = root / "verifiers" / feature
    return sorted(p.relative_to(root).as_posix() for p in suite.rglob("test_*.py"))


def _fans_out_per_test(tree: ast.Module) -> bool:
    """Whether the module sets `RUNNER_FAN_OUT = "test"` at its top level."""
    return any(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value == "test"
               and any(isinstance(target, ast.Name) and target.id == FAN_OUT_SETTING for target in node.targets)
               for node in tree.body)


def invocation_targets(feature: str, root: Path = contracts.ROOT) -> list[str]:
    """What one invocation each runs, in pytest's order: a test module, or for a module that fans
    out per test, each of its test functions and test classes (`module::name`)."""
    targets = []
    for module in test_modules(feature, root):
        tree = ast.parse((root / module).read_text())
        if not _fans_out_per_test(tree):
            targets.append(module)
            continue
        targets += [f"{module}::{node.name}" for node in tree.body
                    if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"))
                    or (isinstance(node, ast.ClassDef) and node.name.startswith("Test"))]
    return targets


def _payload(client_s3: Any, body: dict[str, Any]) -> dict[str, Any]:
    """The runner's answer, fetched from the run's bucket when it was too large for a response."""
    where = body.get("results_s3")
    if not where:
        return body
    return json.loads(client_s3.get_object(Bucket=where["bucket"], Key=where["key"])["Body"].read())


def invoke(clients: tuple[Any, Any], runner: str, module: str, event: dict[str, Any]) -> Invocation:
    lambda_, s3 = clients
    found = Invocation(module)
    try:
        response = lambda_.invoke(FunctionName=runner, Payload=json.dumps({**event, "module": module}).encode())
    except (BotoCoreError, ClientError) as err:
        found.problem = f"invoke failed: {err}"
        return found
    found.request_id = response["ResponseMetadata"].get("RequestId", "-")
    body = json.loads(response["Payload"].read() or b"null")
    if "FunctionError" in response:
        error = body if isinstance(body, dict) else {}
        found.problem = f"function error {error.get('errorType', '?')}: {error.get('errorMessage', body)}"
        return found
    found.result = _payload(s3, body)
    if found.result.get("exit_code") == -1:
        found.problem = "timed out: the module ran out of the function's time (see its output)"
    return found


def run_suite(runner: str, modules: list[str], event: dict[str, Any]) -> list[Invocation]:
    session = boto3.session.Session()
    clients = (session.client("lambda", config=_LAMBDA_CONFIG), session.client("s3"))
    with ThreadPoolExecutor(max_workers=len(modules)) as pool:
        return list(pool.map(lambda module: invoke(clients, runner, module, event), modules))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def invocation_problem(found: Invocation) -> str:
    """Why an invocation fails the phase besides its failed tests ("" when it does not)."""
    if found.problem or found.result is None:
        return found.problem
    code = found.result.get("exit_code")
    unreported = code == 1 and not found.result.get("junit_xml")
    if code not in (0, 1, NO_TESTS_COLLECTED) or unreported:
        return f"pytest exited {code} without a report of its tests (see its output above)"
    return ""


def report(runner: str, invocations: list[Invocation], seconds: float) -> tuple[str, list[str]]:
    """The merged JUnit XML, and the problems that fail the phase (printing the log as it goes)."""
    problems = []
    for found in invocations:
        print(f"runner: {found.module}: {runner} request id {found.request_id}")
        if found.result is not None:
            print(found.result.get("output", "").rstrip())
        if problem := invocation_problem(found):
            problems.append(f"{found.module} (request id {found.request_id}): {problem}")
    results = [found.result for found in invocations if found.result is not None]
    merged = merge_sessions([result.get("junit_xml", "") for result in results], seconds)
    cases = case_results(ET.fromstring(merged))
    problems += [f"{case.outcome.upper()} {case.test_id}: {case.message}" for case in cases
                 if case.outcome in ("failed", "error")]
    if results and all(result.get("exit_code") == NO_TESTS_COLLECTED for result in results):
        problems.append("no tests were collected in any module")
    waited = sum((result.get("wait_report") or {}).get("total_s", 0) for result in results)
    counts = {o: sum(c.outcome == o for c in cases) for o in ("passed", "failed", "error", "skipped")}
    summary = ", ".join(f"{n} {o}" for o, n in counts.items() if n) or "no tests ran"
    print(f"runner: {summary} in {seconds:.2f}s ({plural(len(invocations), 'invocation')} of {runner}, "
          f"concurrently; waited {waited:.2f}s in total)")
    return merged, problems


def run(run_dir: Path, feature: str, pytest_args: list[str]) -> int:
    outputs = json.loads((run_dir / "outputs.json").read_text())
    runner = outputs.get(RUNNER_OUTPUT, {}).get("value")
    if not runner:
        print(f"remote verify: run {run_dir.parent.name} has no runner function ({RUNNER_OUTPUT} output): "
              f"deploy it with RUNNER=lambda", file=sys.stderr)
        return 2
    targets = invocation_targets(feature)
    if not targets:
        print(f"remote verify: no test modules (test_*.py) in verifiers/{feature}", file=sys.stderr)
        return 2
    modules = len(test_modules(feature))
    print(f"runner: {runner}: {plural(modules, 'test module')}, {plural(len(targets), 'invocation')} "
          f"(one per module, or per test where a module sets {FAN_OUT_SETTING} = \"test\")")
    started = time.monotonic()
    invocations = run_suite(runner, targets, {"outputs": outputs, "pytest_args": pytest_args})
    merged, problems = report(runner, invocations, time.monotonic() - started)
    (run_dir / JUNIT_FILE).write_text(merged)
    for problem in problems:
        print(f"runner: {problem}")
    return 1 if problems else 0


def deployed(run_dir: Path, runner_zip: str) -> int:
    tfvars = json.loads((run_dir / TFVARS_FILE).read_text()) if (run_dir / TFVARS_FILE).is_file() else {}
    if (tfvars.get("runner") or {}).get("zip_path") == runner_zip:
        return 0
    print("remote verify: the run's runner is missing or older than the suite: deploying it first")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.pipeline.remote_verify", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("deployed", help="exit 0 when the run deploys this runner zip")
    check.add_argument("run_dir", type=Path)
    check.add_argument("runner_zip")
    suite = sub.add_parser("run", help="run the suite on the runner function")
    suite.add_argument("run_dir", type=Path)
    suite.add_argument("--feature", required=True)
    argv = sys.argv[1:] if argv is None else argv
    split = argv.index("--") if "--" in argv else len(argv)
    args, pytest_args = parser.parse_args(argv[:split]), argv[split + 1:]
    if args.command == "deployed":
        return deployed(args.run_dir, args.runner_zip)
    return run(args.run_dir, args.feature, pytest_args)


if __name__ == "__main__":
    sys.exit(main())
