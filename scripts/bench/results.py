"""What `make bench` measured, the ratios derived from it, and its markdown.

Only ratios of figures measured in the same bench run are compared: the
machine is shared and noisy, so absolute seconds from different runs are not.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

LAYER_HIT_LIMIT_S = 0.3
OVERHEAD_LIMIT = 0.85  # issue 15: a run after the first, against bare init && apply && destroy
MAKE_TEST_LIMIT_S = 600.0
PARALLEL_LIMIT = 0.5
PARALLEL_VS_TERRAFORM_LIMIT = 1.1
BASELINE_PHASES = ("init", "apply", "destroy")


@dataclass(frozen=True)
class Timed:
    """One timed command: wall seconds, whether it succeeded, CPU seconds of its process tree."""
    seconds: float
    ok: bool
    command: str = ""
    cpu_seconds: float | None = None


@dataclass(frozen=True)
class Check:
    name: str
    value: float | None
    target: str
    met: bool | None  # None: not measured


@dataclass
class BenchResults:
    machine: dict[str, str]
    feature: str
    repeat: int = 1  # runs of the feature end to end and of its baseline; the best of each counts
    layer_cold: Timed | None = None
    layer_hit: Timed | None = None
    e2e: Timed | None = None
    e2e_phases: dict[str, float] = field(default_factory=dict)  # from the pipeline's timings
    baseline: dict[str, Timed] = field(default_factory=dict)  # bare terraform init/apply/destroy
    all_serial: Timed | None = None
    all_parallel: Timed | None = None
    tf_serial: Timed | None = None  # bare apply+destroy of every feature, one after another
    tf_parallel: Timed | None = None  # the same, all at once
    localcloud: dict[str, float] = field(default_factory=dict)  # from python -m localcloud.bench
    init_reused: Timed | None = None  # the pipeline's init of a configuration initialised before
    make_test: Timed | None = None  # `make test` (step make-test, not in the default steps)
    make_test_load: tuple[float, float] | None = None  # 1-minute load average as make test started, ended
    errors: list[str] = field(default_factory=list)

    def baseline_total(self) -> float | None:
        if not all(p in self.baseline and self.baseline[p].ok for p in BASELINE_PHASES):
            return None
        return sum(self.baseline[p].seconds for p in BASELINE_PHASES)

    def baseline_cpu(self) -> float | None:
        cpu = [self.baseline[p].cpu_seconds for p in BASELINE_PHASES if p in self.baseline]
        return sum(c for c in cpu if c is not None) if len(cpu) == len(BASELINE_PHASES) and None not in cpu else None

    def overhead(self) -> float | None:
        """(framework end to end - the suite's own test time) / bare terraform."""
        base = self.baseline_total()
        if self.e2e is None or not self.e2e.ok or not base:
            return None
        return (self.e2e.seconds - self.e2e_phases.get("verify", 0.0)) / base

    def parallel_gain(self) -> float | None:
        return ratio(self.all_parallel, self.all_serial)

    def terraform_parallel_gain(self) -> float | None:
        return ratio(self.tf_parallel, self.tf_serial)

    def parallel_vs_terraform(self) -> float | None:
        gain, bare = self.parallel_gain(), self.terraform_parallel_gain()
        return gain / bare if gain is not None and bare else None

    def checks(self) -> list[Check]:
        hit = self.layer_hit.seconds if self.layer_hit and self.layer_hit.ok else None
        overhead, gain, relative = self.overhead(), self.parallel_gain(), self.parallel_vs_terraform()
        parallel_met = None if gain is None else (
            gain <= PARALLEL_LIMIT or (relative is not None and relative <= PARALLEL_VS_TERRAFORM_LIMIT))
        test_s = self.make_test.seconds if self.make_test and self.make_test.ok else None
        return [
            Check("layer cache hit (s)", hit, f"≤ {LAYER_HIT_LIMIT_S} s",
                  None if hit is None else hit <= LAYER_HIT_LIMIT_S),
            Check("make test (s)", test_s, f"≤ {MAKE_TEST_LIMIT_S:.0f} s",
                  None if test_s is None else test_s <= MAKE_TEST_LIMIT_S),
            Check("framework overhead (× bare terraform)", overhead, f"≤ {OVERHEAD_LIMIT}",
                  None if overhead is None else overhead <= OVERHEAD_LIMIT),
            Check("e2e-all -j4 / -j1", gain,
                  f"≤ {PARALLEL_LIMIT}, or ≤ {PARALLEL_VS_TERRAFORM_LIMIT} × bare terraform's ratio",
                  parallel_met),
        ]

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["derived"] = {
            "baseline_total_s": self.baseline_total(),
            "baseline_cpu_s": self.baseline_cpu(),
            "overhead": self.overhead(),
            "parallel_gain": self.parallel_gain(),
            "terraform_parallel_gain": self.terraform_parallel_gain(),
            "parallel_vs_terraform": self.parallel_vs_terraform(),
        }
        data["checks"] = [asdict(c) for c in self.checks()]
        return data


def numbers(data: object, prefix: str = "") -> dict[str, float]:
    """Numeric leaves of a JSON document as dotted keys."""
    if isinstance(data, dict):
        out: dict[str, float] = {}
        for key, value in data.items():
            out.update(numbers(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return {prefix: float(data)}
    return {}


def ratio(numerator: Timed | None, denominator: Timed | None) -> float | None:
    """numerator / denominator when both ran and succeeded."""
    if numerator is None or denominator is None or not (numerator.ok and denominator.ok):
        return None
    return numerator.seconds / denominator.seconds if denominator.seconds > 0 else None


def fmt_s(timed: Timed | float | None, cpu: float | None = None) -> str:
    """Wall seconds, with the process tree's CPU seconds when measured."""
    if timed is None:
        return "not measured"
    if isinstance(timed, Timed):
        text, cpu = f"{timed.seconds:.2f} s" + ("" if timed.ok else " (failed)"), timed.cpu_seconds
    else:
        text = f"{timed:.2f} s"
    return text if cpu is None else f"{text} (CPU {cpu:.1f} s)"


def fmt_load(load: tuple[float, float] | None) -> str:
    """The machine's 1-minute load average at a command's start and end (a shared machine's figures need it)."""
    return "" if load is None else f", load average {load[0]:.1f} → {load[1]:.1f}"


def fmt_x(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.2f}"


def fmt_met(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "—"}[met]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(r) + " |" for r in rows)]


def phase_rows(results: BenchResults) -> list[list[str]]:
    """The feature's phases next to bare Terraform's; phases only one side has show —."""
    names = list(results.e2e_phases) + [p for p in BASELINE_PHASES if p not in results.e2e_phases]
    rows = [[name, fmt_s(results.e2e_phases.get(name)) if name in results.e2e_phases else "—",
             fmt_s(results.baseline.get(name)) if name in results.baseline else "—"] for name in names]
    rows.append(["**end to end**", fmt_s(results.e2e), fmt_s(results.baseline_total(), results.baseline_cpu())])
    return rows


def render_markdown(results: BenchResults) -> str:
    m = results.machine
    checks = {c.name: c for c in results.checks()}
    relative = results.parallel_vs_terraform()
    f = results.feature
    best = f" (best of {results.repeat})" if results.repeat > 1 else ""
    lines = [
        "# `make bench`",
        "",
        f"Measured {m.get('date', '?')} on {m.get('cpu', '?')}, {m.get('nproc', '?')} cores; "
        f"Terraform {m.get('terraform', '?')}, AWS provider {m.get('aws_provider', '?')}, "
        f"Python {m.get('python', '?')}, target {m.get('target', '?')}. "
        "Ratios compare figures from this one run; CPU is that of each command's process tree "
        "(localcloud's own CPU is not in it).",
        "",
        *table(["measurement", "value", "target", "met"], [
            ["layer: cold build", fmt_s(results.layer_cold), "", ""],
            ["layer: cache hit", fmt_s(results.layer_hit), checks["layer cache hit (s)"].target,
             fmt_met(checks["layer cache hit (s)"].met)],
            ["terraform init: cold (bare) / reused (the pipeline's)",
             f"{fmt_s(results.baseline.get('init'))} / {fmt_s(results.init_reused)}", "", ""],
            [f"`make e2e FEATURE={f}`{best}", fmt_s(results.e2e), "", ""],
            [f"bare `terraform init && apply && destroy` of {f}{best}",
             fmt_s(results.baseline_total(), results.baseline_cpu()), "", ""],
            ["framework overhead: (e2e − verify) / bare", fmt_x(results.overhead()),
             checks["framework overhead (× bare terraform)"].target,
             fmt_met(checks["framework overhead (× bare terraform)"].met)],
            ["`make e2e-all -j1`", fmt_s(results.all_serial), "", ""],
            ["`make e2e-all -j4`", fmt_s(results.all_parallel), "", ""],
            ["parallel gain: -j4 / -j1", fmt_x(results.parallel_gain()),
             checks["e2e-all -j4 / -j1"].target, fmt_met(checks["e2e-all -j4 / -j1"].met)],
            ["bare `terraform apply && destroy` ×3: parallel / serial",
             fmt_x(results.terraform_parallel_gain()), "", ""],
            ["parallel gain ÷ bare terraform's", fmt_x(relative), "", ""],
            ["`make test`", fmt_s(results.make_test) + fmt_load(results.make_test_load), checks["make test (s)"].target,
             fmt_met(checks["make test (s)"].met)],
        ]),
        "",
        f"## `{f}` phase by phase",
        "",
        *table(["phase", "framework", "bare terraform"], phase_rows(results)),
    ]
    if results.localcloud:
        lines += ["", "## localcloud", "",
                  *table(["measurement (unit in the name)", "value"],
                         [[k, f"{v:g}"] for k, v in results.localcloud.items()])]
    if results.errors:
        lines += ["", "## Errors", "", *(f"- {e}" for e in results.errors)]
    return "\n".join(lines) + "\n"
