"""The bench's arithmetic and its markdown, on made-up figures."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from scripts.bench.results import BenchResults, Timed, ratio, render_markdown
from report_fixtures import WriteRun, timings

MACHINE = {"date": "2026-11-21T07:10:00Z", "cpu": "AMD EPYC", "nproc": "2", "terraform": "1.11.4",
           "aws_provider": "5.100.0", "python": "3.11.7", "target": "local"}


def measured(**overrides: object) -> BenchResults:
    results = BenchResults(
        machine=MACHINE, feature="tracer",
        layer_cold=Timed(21.0, True), layer_hit=Timed(0.04, True),
        e2e=Timed(45.0, True), e2e_phases={"layer": 0.04, "init": 0.2, "apply": 20.0, "verify": 8.0,
                                           "destroy": 15.0, "leak_check": 0.6},
        baseline={"init": Timed(2.0, True), "apply": Timed(20.0, True), "destroy": Timed(24.0, True)},
        all_serial=Timed(180.0, True), all_parallel=Timed(108.0, True),
        tf_serial=Timed(120.0, True), tf_parallel=Timed(66.0, True),
        localcloud={"cold_invoke_ms": 616.57, "warm.overhead_p50_ms": 4.388},
        init_reused=Timed(0.15, True), make_test=Timed(540.0, True),
    )
    for key, value in overrides.items():
        setattr(results, key, value)
    return results


def test_ratio_needs_two_successful_measurements() -> None:
    assert ratio(Timed(3.0, True), Timed(6.0, True)) == pytest.approx(0.5)
    assert ratio(Timed(3.0, True), Timed(6.0, False)) is None
    assert ratio(None, Timed(6.0, True)) is None
    assert ratio(Timed(3.0, True), Timed(0.0, True)) is None


def test_overhead_leaves_out_the_suites_own_test_time() -> None:
    results = measured()
    # (45 - 8 verify) / (2 + 20 + 24)
    assert results.overhead() == pytest.approx(37.0 / 46.0)
    assert results.baseline_total() == pytest.approx(46.0)
    failed_baseline = measured(baseline={"init": Timed(2.0, True), "apply": Timed(1.0, False)})
    assert failed_baseline.overhead() is None


def test_parallel_target_met_through_terraforms_own_ratio() -> None:
    # GIVEN -j4/-j1 = 0.6 (above 0.5) while bare terraform only reaches 0.55
    checks = {c.name: c for c in measured().checks()}
    parallel = checks["e2e-all -j4 / -j1"]
    # THEN the target is met, since 0.6 / 0.55 <= 1.1
    assert parallel.value == pytest.approx(0.6) and parallel.met is True
    assert measured().parallel_vs_terraform() == pytest.approx(0.6 / 0.55)
    # AND with a worse framework ratio it is not
    slow = {c.name: c for c in measured(all_parallel=Timed(135.0, True)).checks()}
    assert slow["e2e-all -j4 / -j1"].met is False
    assert checks["framework overhead (× bare terraform)"].met is True
    assert {c.name: c for c in measured(e2e=Timed(48.0, True)).checks()}[
        "framework overhead (× bare terraform)"].met is False  # 40 / 46 > 0.85
    assert checks["layer cache hit (s)"].met is True
    assert checks["make test (s)"].met is True
    assert {c.name: c for c in measured(make_test=Timed(601.0, True)).checks()}["make test (s)"].met is False
    assert {c.name: c for c in measured(layer_hit=Timed(0.5, True)).checks()}["layer cache hit (s)"].met is False


def test_unmeasured_checks_are_neither_met_nor_missed() -> None:
    results = BenchResults(machine=MACHINE, feature="tracer")
    assert [c.met for c in results.checks()] == [None, None, None, None]
    assert "not measured" in render_markdown(results)


def test_markdown_quotes_figures_machine_and_verdicts() -> None:
    text = render_markdown(measured(layer_hit=Timed(0.5, True)))
    assert "on AMD EPYC, 2 cores; Terraform 1.11.4" in text
    assert "| layer: cache hit | 0.50 s | ≤ 0.3 s | **no** |" in text
    assert "| framework overhead: (e2e − verify) / bare | 0.80 | ≤ 0.85 | yes |" in text
    assert "| terraform init: cold (bare) / reused (the pipeline's) | 2.00 s / 0.15 s |" in text
    assert "| `make test` | 540.00 s | ≤ 600 s | yes |" in text
    loaded = render_markdown(measured(make_test_load=(3.2, 5.04)))
    assert "| `make test` | 540.00 s, load average 3.2 → 5.0 | ≤ 600 s | yes |" in loaded
    assert "| parallel gain: -j4 / -j1 | 0.60 |" in text
    assert "| apply | 20.00 s | 20.00 s |" in text
    assert "| verify | 8.00 s | — |" in text
    assert "| **end to end** | 45.00 s | 46.00 s |" in text
    assert "| cold_invoke_ms | 616.57 |" in text and "| warm.overhead_p50_ms | 4.388 |" in text


def test_json_is_serialisable_and_carries_derived_figures() -> None:
    data = json.loads(json.dumps(measured().to_json()))
    assert data["derived"]["parallel_gain"] == pytest.approx(0.6)
    assert data["baseline"]["apply"] == {"seconds": 20.0, "ok": True, "command": "", "cpu_seconds": None}
    assert [c["met"] for c in data["checks"]] == [True, True, True, True]


def test_localcloud_figures_are_flattened_to_dotted_numbers() -> None:
    from scripts.bench.results import numbers

    doc = {"invoke": {"cold_s": 0.8, "warm_s": 0.01, "runs": 5}, "ok": True, "readable_after_s": {"logs": 0.2},
           "note": "text"}
    assert numbers(doc) == {"invoke.cold_s": 0.8, "invoke.warm_s": 0.01, "invoke.runs": 5.0,
                            "readable_after_s.logs": 0.2}


def test_phase_seconds_merge_shared_and_feature_timings(write_run: WriteRun) -> None:
    from scripts.bench.run_bench import phase_seconds

    # GIVEN a run whose layer was built at run level and whose apply was retried
    run_dir = write_run({"tracer": (1.0, [("init", 2.0, "pass"), ("apply", 3.0, "fail"),
                                          ("apply", 20.0, "pass"), ("verify", 0.0, "skipped")])})
    (run_dir / "timings.json").write_text(json.dumps(timings(0.0, [("layer", 0.1, "pass")])))
    # THEN each phase's seconds add up, in the order they ran
    seconds = phase_seconds(run_dir, "tracer")
    assert list(seconds) == ["layer", "init", "apply", "verify"]
    assert seconds == pytest.approx({"layer": 0.1, "init": 2.0, "apply": 23.0, "verify": 0.0})


def test_fastest_complete_baseline_wins() -> None:
    from scripts.bench.run_bench import baseline_rank

    complete_slow = {"init": Timed(2.0, True), "apply": Timed(25.0, True), "destroy": Timed(8.0, True)}
    complete_fast = {"init": Timed(1.0, True), "apply": Timed(21.0, True), "destroy": Timed(6.0, True)}
    broken_quick = {"init": Timed(1.0, True), "apply": Timed(3.0, False)}
    assert min([broken_quick, complete_slow, complete_fast], key=baseline_rank) is complete_fast
    assert min([broken_quick, complete_slow], key=baseline_rank) is complete_slow


def test_cpu_seconds_are_shown_next_to_wall_time() -> None:
    results = measured(e2e=Timed(60.0, True, "make e2e", 31.5),
                       baseline={"init": Timed(2.0, True, "", 1.0), "apply": Timed(20.0, True, "", 9.0),
                                 "destroy": Timed(24.0, True, "", 6.5)})
    assert results.baseline_cpu() == pytest.approx(16.5)
    text = render_markdown(results)
    assert "| **end to end** | 60.00 s (CPU 31.5 s) | 46.00 s (CPU 16.5 s) |" in text
    assert "| apply | 20.00 s | 20.00 s (CPU 9.0 s) |" in text
    assert measured().baseline_cpu() is None


def test_timed_command_reports_status_cpu_and_keeps_its_output(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from scripts.bench import run_bench as bench

    monkeypatch.setattr(bench, "LOGS", tmp_path)
    env = dict(os.environ)
    busy = bench.timed("busy", [sys.executable, "-c", "sum(range(3_000_000)); print('done')"], env)
    failed = bench.timed("failed", [sys.executable, "-c", "raise SystemExit(3)"], env)
    assert busy.ok and busy.cpu_seconds is not None and 0 < busy.cpu_seconds <= busy.seconds + 0.05
    assert (tmp_path / "busy.log").read_text() == "done\n"
    assert not failed.ok and "SystemExit(3)" in failed.command


@pytest.mark.parametrize(("args", "message"), [(["--feature", "nope"], "unknown feature 'nope'; valid: "),
                                               (["--steps", "feature,warp"], "unknown step(s) warp; valid: ")])
def test_bench_refuses_bad_arguments_before_measuring(args: list[str], message: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from scripts.bench import run_bench as bench

    with pytest.raises(SystemExit) as exit_info:
        bench.main(args)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err
