#!/usr/bin/env python3
"""`make bench`: measure the framework against bare Terraform, in one run.

Writes build/bench/results.json and build/bench/results.md (the table the
README quotes); every command's output goes to build/bench/logs/. Runs
against a private localcloud on free ports, started once for the whole bench
so that neither the framework nor the baseline pays for its start.

Usage: make bench [FEATURE=tracer], or .venv/bin/python -m scripts.bench.run_bench [--feature tracer]
       [--repeat 2] [--steps feature,e2e-all]
Exit status: 0 when every measurement ran, 1 otherwise (the files are
written either way and name what failed).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from localcloud.core.ports import free_port
from scripts.artefacts.handler_zips import package
from scripts.bench.machine import machine_info
from scripts.bench.results import BASELINE_PHASES, BenchResults, Timed, numbers, render_markdown
from scripts.pipeline.cli_config import write_cli_config
from scripts.pipeline.contracts import features
from scripts.pipeline.run_files import write_json
from scripts.pipeline.tfvars import TFVARS_FILE, tfvars
from scripts.report.timings import TIMINGS_FILE, TimingsError, load_feature

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv" / "bin" / "python"
BENCH = ROOT / "build" / "bench"
LOGS = BENCH / "logs"
FEATURES_DIR = ROOT / "terraform" / "features"
LAYER_HIT_TRIES = 5
STEPS = ("layer", "feature", "e2e-all", "terraform-parallel", "localcloud", "make-test")  # in this order
DEFAULT_STEPS = STEPS[:-1]  # make test takes minutes more: --steps ...,make-test


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def timed(name: str, cmd: list[str], env: dict[str, str]) -> Timed:
    """Run cmd with its output in logs/<name>.log: wall seconds, CPU seconds of its process tree, success.

    The CPU figure (os.wait4's rusage of this child and what it reaped) is not inflated by other work on
    the machine, so it backs up wall times measured on a shared, noisy host.
    """
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "w", encoding="utf-8") as out:
        start = time.monotonic()
        child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - start
    child.returncode = code = os.waitstatus_to_exitcode(status)
    result = Timed(seconds, code == 0, " ".join(cmd), usage.ru_utime + usage.ru_stime)
    log(f"{name}: {seconds:.2f} s (CPU {result.cpu_seconds:.1f} s)"
        + ("" if result.ok else f" FAILED (exit {code}, see {LOGS / name}.log)"))
    return result


def children_cpu() -> float:
    """CPU seconds of every child reaped so far (timed() reaps each with os.wait4)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Bench:
    def __init__(self, feature: str, repeat: int) -> None:
        self.stamp = time.strftime("%H%M%S")
        self.port, self.xray_port = free_port(), free_port()
        self.env = {**os.environ, "TARGET": "local", "LOCALCLOUD_PORT": str(self.port),
                    "LOCALCLOUD_XRAY_PORT": str(self.xray_port)}
        self.cloud_env = {**self.env, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{self.port}",
                          "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                          "AWS_REGION": self.env.get("AWS_REGION", "us-east-1")}
        self.features = features()
        self.results = BenchResults(machine=machine_info(), feature=feature, repeat=repeat)
        self.layer_zip = ""

    def run_id(self, kind: str) -> str:
        return f"bn{self.stamp}{kind}"  # matches ^[a-z][a-z0-9]{2,15}$

    def fail(self, what: str) -> None:
        self.results.errors.append(what)

    # -- layer --------------------------------------------------------------
    def layer(self) -> None:
        cold_dir = BENCH / "layer-cold"
        shutil.rmtree(cold_dir, ignore_errors=True)
        env = {**self.env, "LAYER_DIR": str(cold_dir)}
        self.results.layer_cold = timed("layer-cold", ["make", "layer"], env)
        hits = [timed(f"layer-hit-{i}", ["make", "layer"], env) for i in range(LAYER_HIT_TRIES)]
        self.results.layer_hit = Timed(statistics.median(t.seconds for t in hits), all(t.ok for t in hits),
                                       f"make layer, median of {LAYER_HIT_TRIES}")
        shutil.rmtree(cold_dir, ignore_errors=True)
        if not self.results.layer_cold.ok or not self.results.layer_hit.ok:
            self.fail("layer build failed (see build/bench/logs/layer-*.log)")

    def real_layer(self) -> None:
        """The layer of the real cache, built here so that no measured run pays for it."""
        built = subprocess.run(["scripts/layer.sh"], cwd=ROOT, env=self.env, capture_output=True, text=True)
        self.layer_zip = built.stdout.strip().splitlines()[-1] if built.returncode == 0 and built.stdout else ""
        if not self.layer_zip:
            self.fail(f"scripts/layer.sh failed: {built.stderr.strip()[-300:]}")

    # -- one feature: framework against bare terraform ---------------------
    def feature(self) -> None:
        """`make e2e` and bare terraform of the same root module, interleaved, best of --repeat each."""
        e2e_runs = []
        bare_runs = []
        for i in range(self.results.repeat):
            e2e_runs.append(self.e2e_once(self.run_id(f"e{i}")))
            bare_runs.append(self.baseline_once(self.run_id(f"t{i}")))
        self.results.e2e, self.results.e2e_phases = min(e2e_runs, key=lambda r: (not r[0].ok, r[0].seconds))
        self.results.baseline = min(bare_runs, key=baseline_rank)
        self.init_reused()

    def init_reused(self) -> None:
        """The pipeline's init for a configuration the runs above initialised: the lookup, no terraform init."""
        f, run_id = self.results.feature, self.run_id("i")
        run_dir = ROOT / "build" / "runs" / run_id / f
        cli_config = write_cli_config(ROOT / "build" / "terraform.tfrc")  # the pipeline's, as in lib.sh
        env = {**self.env, **({"TF_CLI_CONFIG_FILE": str(cli_config)} if cli_config else {})}
        self.results.init_reused = timed("init-reused", [str(PY), "-m", "scripts.pipeline.tf_data",
                                                         str(FEATURES_DIR / f), f, run_id, str(run_dir)], env)
        (ROOT / "build" / "workspaces" / f / run_id).unlink(missing_ok=True)
        shutil.rmtree(run_dir.parent, ignore_errors=True)

    def e2e_once(self, run_id: str) -> tuple[Timed, dict[str, float]]:
        f = self.results.feature
        result = timed(f"e2e-{run_id}", ["make", "e2e", f"FEATURE={f}", f"RUN_ID={run_id}"], self.env)
        if not result.ok:
            self.fail(f"make e2e FEATURE={f} RUN_ID={run_id} failed (see build/bench/logs/e2e-{run_id}.log)")
        try:
            return result, phase_seconds(ROOT / "build" / "runs" / run_id, f)
        except (TimingsError, OSError) as err:
            self.fail(f"timings of run {run_id}: {err}")
            return result, {}

    def baseline_once(self, run_id: str) -> dict[str, Timed]:
        f = self.results.feature
        runs: dict[str, Timed] = {}
        for phase in BASELINE_PHASES:
            runs[phase] = result = self.terraform(run_id, f, phase)
            if not result.ok:
                self.fail(f"bare terraform {phase} of {f} failed (run {run_id})")
                if phase == "apply":
                    self.terraform(run_id, f, "destroy")
                break
        return runs

    def e2e_all(self) -> None:
        serial, parallel = self.run_id("s"), self.run_id("p")
        self.results.all_serial = timed("e2e-all-j1", ["make", "-j1", "e2e-all", f"RUN_ID={serial}"], self.env)
        self.results.all_parallel = timed("e2e-all-j4", ["make", "-j4", "e2e-all", f"RUN_ID={parallel}"], self.env)
        if not (self.results.all_serial.ok and self.results.all_parallel.ok):
            self.fail("make e2e-all failed (see build/bench/logs/e2e-all-j*.log)")

    # -- bare terraform -----------------------------------------------------
    def terraform(self, run_id: str, feature: str, phase: str) -> Timed:
        """One bare terraform command on the feature's root module, with its own data dir and state."""
        work = BENCH / "bare" / run_id / feature
        env = {**self.cloud_env, "TF_IN_AUTOMATION": "1", "TF_DATA_DIR": str(work / "tfdata"),
               "CHECKPOINT_DISABLE": "1"}  # as the pipeline
        cli_config = write_cli_config(BENCH / "terraform.tfrc")
        if cli_config:
            env["TF_CLI_CONFIG_FILE"] = str(cli_config)
        var_file = f"-var-file={work / 'terraform.tfvars.json'}"
        args = {"init": ["init", "-input=false", f"-backend-config=path={work / 'terraform.tfstate'}"],
                "apply": ["apply", "-input=false", "-auto-approve", var_file],
                "destroy": ["destroy", "-input=false", "-auto-approve", var_file]}[phase]
        if phase == "init":
            self.same_inputs(run_id, feature, work)
        return timed(f"bare-{run_id}-{feature}-{phase}",
                     ["terraform", f"-chdir={FEATURES_DIR / feature}", *args], env)

    def same_inputs(self, run_id: str, feature: str, work: Path) -> None:
        """The pipeline's own handler zips and tfvars (untimed): the same inputs as `make e2e`."""
        work.mkdir(parents=True, exist_ok=True)
        package(ROOT / "handlers" / feature, work / "package")
        inputs = argparse.Namespace(
            run_dir=work, feature=feature, run_id=run_id, layer_zip=self.layer_zip,
            region=self.cloud_env["AWS_REGION"], runtime=self.env.get("PYTHON_RUNTIME", "python3.12"),
            architecture=self.env.get("ARCH", "x86_64"), target="local", runner_zip=None)
        write_json(work / TFVARS_FILE, tfvars(inputs))

    def apply_destroy(self, run_id: str, feature: str) -> bool:
        applied = self.terraform(run_id, feature, "apply").ok
        return self.terraform(run_id, feature, "destroy").ok and applied

    def terraform_parallel(self) -> None:
        """Bare apply+destroy of every feature: one after another, then all at once (init untimed)."""
        serial, parallel = self.run_id("u"), self.run_id("v")
        if not all(self.terraform(rid, f, "init").ok for rid in (serial, parallel) for f in self.features):
            self.fail("bare terraform init failed")
            return
        start, cpu = time.monotonic(), children_cpu()
        ok = all([self.apply_destroy(serial, f) for f in self.features])
        self.results.tf_serial = Timed(time.monotonic() - start, ok, "apply+destroy serial", children_cpu() - cpu)
        start, cpu = time.monotonic(), children_cpu()
        with ThreadPoolExecutor(len(self.features)) as pool:
            ok = all(pool.map(lambda f: self.apply_destroy(parallel, f), self.features))
        self.results.tf_parallel = Timed(time.monotonic() - start, ok, "apply+destroy parallel",
                                         children_cpu() - cpu)
        log(f"bare terraform x{len(self.features)}: serial {self.results.tf_serial.seconds:.1f} s, "
            f"parallel {self.results.tf_parallel.seconds:.1f} s")
        if not (self.results.tf_serial.ok and self.results.tf_parallel.ok):
            self.fail("bare terraform apply/destroy of the features failed")

    def make_test(self) -> None:
        load_before = os.getloadavg()[0]
        self.results.make_test = timed("make-test", ["make", "test"], self.env)
        self.results.make_test_load = (load_before, os.getloadavg()[0])
        if not self.results.make_test.ok:
            self.fail("make test failed (see build/bench/logs/make-test.log)")

    # -- localcloud ---------------------------------------------------------
    def localcloud(self) -> None:
        out = BENCH / "localcloud.json"
        if not timed("localcloud-bench", [str(PY), "-m", "localcloud.bench", "--out", str(out)], self.env).ok:
            self.fail("python -m localcloud.bench failed")
            return
        figures = numbers(json.loads(out.read_text()))
        self.results.localcloud = {k: v for k, v in figures.items() if not k.startswith("targets.")}


def baseline_rank(runs: dict[str, Timed]) -> tuple[bool, float]:
    """Complete bare runs first, then the fastest."""
    complete = all(p in runs and runs[p].ok for p in BASELINE_PHASES)
    return not complete, sum(t.seconds for t in runs.values())


def phase_seconds(run_dir: Path, feature: str) -> dict[str, float]:
    """Seconds per phase from the pipeline's timings, shared (run-level) phases first."""
    phases: dict[str, float] = {}
    for path in (run_dir / TIMINGS_FILE, run_dir / feature / TIMINGS_FILE):
        if path.is_file():
            for phase in load_feature(path, feature).phases:
                phases[phase.name] = phases.get(phase.name, 0.0) + (phase.duration or 0.0)
    return phases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feature", default=os.environ.get("FEATURE") or "tracer",
                        help="feature measured end to end (default: $FEATURE, else tracer)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of the feature and of its bare baseline, interleaved; the best counts")
    parser.add_argument("--steps", default=",".join(DEFAULT_STEPS),
                        help=f"comma-separated subset of {','.join(STEPS)} (default: all but make-test)")
    args = parser.parse_args(argv)
    steps = [s for s in args.steps.split(",") if s]
    if unknown := sorted(set(steps) - set(STEPS)):
        parser.error(f"unknown step(s) {', '.join(unknown)}; valid: {', '.join(STEPS)}")
    if args.feature not in features():
        parser.error(f"unknown feature '{args.feature}'; valid: {', '.join(features())}")
    BENCH.mkdir(parents=True, exist_ok=True)
    bench = Bench(args.feature, max(args.repeat, 1))
    cloud = [str(PY), "-m", "localcloud"]
    ports = ["--port", str(bench.port)]
    if not timed("cloud-up", [*cloud, "up", *ports, "--xray-port", str(bench.xray_port)], bench.env).ok:
        bench.fail("localcloud did not start")
    else:
        try:
            bench.real_layer()
            for step in [s for s in STEPS if s in steps and s not in ("localcloud", "make-test")]:
                getattr(bench, step.replace("-", "_"))()
        finally:
            timed("cloud-down", [*cloud, "down", *ports], bench.env)
        for step in [s for s in ("localcloud", "make-test") if s in steps]:  # each with its own localclouds
            getattr(bench, step.replace("-", "_"))()
    (BENCH / "results.json").write_text(json.dumps(bench.results.to_json(), indent=2) + "\n")
    (BENCH / "results.md").write_text(render_markdown(bench.results))
    print((BENCH / "results.md").read_text())
    print(f"bench: wrote {BENCH / 'results.json'} and {BENCH / 'results.md'}")
    return 1 if bench.results.errors else 0


if __name__ == "__main__":
    sys.exit(main())
