"""`make bench` (part): the wall time of `make verify` for one feature under RUNNER=local and RUNNER=lambda.

One deployment with the runner (`make deploy RUNNER=lambda`) on a private
localcloud, then `make verify` under each runner, alternately, best of
--repeat each (the machine is shared and noisy), then `make destroy`. Both
verifies include the second plan; the suite's own time is read from
verify.log (pytest's "in N s" locally, the runner's summary remotely).
Then how RUNNER=lambda scales with a suite's number of test modules N: the
runner is invoked N times at once with the feature's first module (a suite
of N such modules), for N = 1, 2, 4, 8 (first Invoke to last answer),
without the tests that force a cold start: they reconfigure a function the
copies share, so they cannot run side by side with themselves.
Writes build/bench/runners.json and build/bench/runners.md.

Usage: .venv/bin/python -m scripts.bench.runner_bench [--feature tracer] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

from localcloud.core.ports import free_port
from scripts.bench.run_bench import BENCH, PY, ROOT, timed
from scripts.pipeline.contracts import features
from scripts.pipeline.remote_verify import RUNNER_OUTPUT, run_suite, test_modules

RUNNERS = ("local", "lambda")
FAN_OUT = (1, 2, 4, 8)
FAN_OUT_ARGS = ["-k", "not cold"]
SUITE_SECONDS = {"local": re.compile(r"^\S.* in ([0-9.]+)s", re.M),
                 "lambda": re.compile(r"^runner: .* in ([0-9.]+)s \(", re.M)}


def suite_seconds(runner: str, verify_log: Path) -> float | None:
    """The suite's own time as its verify.log states it (no Terraform, no make)."""
    found = SUITE_SECONDS[runner].findall(verify_log.read_text()) if verify_log.is_file() else []
    return float(found[-1]) if found else None


def measure(feature: str, repeat: int, env: dict[str, str]) -> dict[str, dict[str, float | None]]:
    """Best verify wall time (and the suite time of that run) per runner; None when every try failed."""
    run_id = "bv" + time.strftime("%H%M%S")
    base = ["make", f"FEATURE={feature}", f"RUN_ID={run_id}"]
    verify_log = ROOT / "build" / "runs" / run_id / feature / "verify.log"
    best: dict[str, dict[str, float | None]] = {r: {"verify_s": None, "suite_s": None} for r in RUNNERS}
    if not timed(f"runners-deploy-{feature}", [*base, "deploy", "RUNNER=lambda"], env).ok:
        return best
    try:
        for attempt in range(repeat):
            for runner in RUNNERS:
                took = timed(f"runners-verify-{runner}-{attempt}", [*base, "verify", f"RUNNER={runner}"], env)
                current = best[runner]["verify_s"]
                if took.ok and (current is None or took.seconds < current):
                    best[runner] = {"verify_s": took.seconds, "suite_s": suite_seconds(runner, verify_log)}
        best["fan_out"] = fan_out(feature, verify_log.with_name("outputs.json"), env)
    finally:
        timed(f"runners-destroy-{feature}", [*base, "destroy"], env)
    return best


def fan_out(feature: str, outputs_file: Path, env: dict[str, str]) -> dict[str, float | None]:
    """Seconds from the first Invoke to the last answer for N concurrent modules; None when one failed."""
    outputs = json.loads(outputs_file.read_text())
    module = test_modules(feature)[0]
    os.environ.update({"AWS_ENDPOINT_URL": f"http://127.0.0.1:{env['LOCALCLOUD_PORT']}", "AWS_ACCESS_KEY_ID": "test",
                       "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": env.get("AWS_REGION", "us-east-1")})
    found: dict[str, float | None] = {}
    for n in FAN_OUT:
        started = time.monotonic()
        event = {"outputs": outputs, "pytest_args": FAN_OUT_ARGS}
        answers = run_suite(outputs[RUNNER_OUTPUT]["value"], [module] * n, event)
        failed = [a for a in answers if a.result is None or a.result.get("exit_code") != 0]
        found[str(n)] = None if failed else time.monotonic() - started
        print(f"bench: {n} modules at once: " + (f"{found[str(n)]:.2f} s" if not failed else
              f"FAILED: {failed[0].problem or (failed[0].result or {}).get('output', '')[-600:]}"), file=sys.stderr)
    return found


def markdown(feature: str, best: dict[str, dict[str, float | None]]) -> str:
    def show(value: float | None) -> str:
        return "failed" if value is None else f"{value:.2f} s"

    rows = [f"| `make verify FEATURE={feature} RUNNER={r}` | {show(best[r]['verify_s'])} | "
            f"{show(best[r]['suite_s'])} |" for r in RUNNERS]
    fan = best.get("fan_out") or {}
    scaling = [f"| {n} | {show(fan.get(str(n)))} |" for n in FAN_OUT]
    return "\n".join(["| command | verify (with the second plan) | the suite alone |", "| --- | --- | --- |",
                      *rows, "", "| test modules at once (RUNNER=lambda) | first Invoke to last answer |",
                      "| --- | --- |", *scaling]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feature", default=os.environ.get("FEATURE") or "tracer")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    if args.feature not in features():
        parser.error(f"unknown feature '{args.feature}'; valid: {', '.join(features())}")
    port, xray_port = free_port(), free_port()
    env = {**os.environ, "TARGET": "local", "LOCALCLOUD_PORT": str(port), "LOCALCLOUD_XRAY_PORT": str(xray_port)}
    cloud, ports = [str(PY), "-m", "localcloud"], ["--port", str(port)]
    if not timed("runners-cloud-up", [*cloud, "up", *ports, "--xray-port", str(xray_port)], env).ok:
        print("bench: localcloud did not start", file=sys.stderr)
        return 1
    try:
        best = measure(args.feature, max(args.repeat, 1), env)
    finally:
        timed("runners-cloud-down", [*cloud, "down", *ports], env)
    BENCH.mkdir(parents=True, exist_ok=True)
    (BENCH / "runners.json").write_text(json.dumps({"feature": args.feature, "runners": best}, indent=2) + "\n")
    (BENCH / "runners.md").write_text(markdown(args.feature, best))
    print((BENCH / "runners.md").read_text())
    ran = all(best[r]["verify_s"] is not None for r in RUNNERS) and None not in best.get("fan_out", {None: None}).values()
    return 0 if ran else 1


if __name__ == "__main__":
    sys.exit(main())
