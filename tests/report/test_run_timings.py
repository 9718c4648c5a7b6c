"""Reading the pipeline's timings files: both encodings, validation, ordering."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_fixtures import APPLY_FAILS, PASSING, T0, WriteRun, timings
from scripts.report.timings import SHARED, FeatureRun, Phase, TimingsError, load_feature, load_run, phase_order


def test_array_and_json_lines_read_the_same(tmp_path: Path) -> None:
    # GIVEN the same phases written as a JSON array and as appended lines
    entries = timings(0, PASSING)
    (tmp_path / "a.json").write_text(json.dumps(entries))
    (tmp_path / "b.json").write_text("\n".join(json.dumps(e) for e in entries) + "\n")
    # WHEN both are loaded
    array, lines = load_feature(tmp_path / "a.json", "f"), load_feature(tmp_path / "b.json", "f")
    # THEN they are equal and keep order, durations and status
    assert array == lines
    assert [p.name for p in array.phases] == ["init", "apply", "verify", "destroy", "leak_check"]
    assert array.phases[1].duration == pytest.approx(18.0)
    assert array.status == "pass" and array.wall == pytest.approx(39.5)


@pytest.mark.parametrize(("entry", "message"), [
    ({"phase": "apply", "start": T0, "end": T0 + 1, "status": "ok"}, "status 'ok'"),
    ({"phase": "apply", "start": T0, "end": None, "status": "pass"}, "lacks start or end"),
    ({"phase": "apply", "start": T0 + 2, "end": T0, "status": "fail"}, "ends before it starts"),
    ({"phase": "", "start": T0, "end": T0, "status": "pass"}, "non-empty string"),
    ({"phase": "apply", "start": "05:40", "end": T0, "status": "pass"}, "epoch seconds"),
])
def test_malformed_entries_are_named(tmp_path: Path, entry: dict[str, object], message: str) -> None:
    path = tmp_path / "timings.json"
    path.write_text(json.dumps([entry]))
    with pytest.raises(TimingsError, match=message):
        load_feature(path, "f")


def test_garbage_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "timings.json"
    path.write_text("init 3.0 pass\n")
    with pytest.raises(TimingsError, match="neither a JSON array nor JSON lines"):
        load_feature(path, "f")


def test_run_orders_features_by_start_with_shared_work_first(write_run: WriteRun) -> None:
    run_dir = write_run({"tracer": (2.0, PASSING), "metrics": (1.0, APPLY_FAILS)})
    (run_dir / "timings.json").write_text(json.dumps(timings(0, [("layer", 0.2, "pass")])))
    runs = load_run(run_dir)
    assert [r.feature for r in runs] == [SHARED, "metrics", "tracer"]
    assert runs[1].status == "fail"


def test_retried_phase_sums_time_and_keeps_the_failure() -> None:
    run = FeatureRun("f", (Phase("apply", "fail", T0, T0 + 4), Phase("apply", "pass", T0 + 5, T0 + 15)))
    total = run.phase_total("apply")
    assert total is not None and total[0] == pytest.approx(14.0) and total[1] == "fail"
    assert run.phase_total("verify") is None


def test_phase_order_merges_sequences() -> None:
    def run(*names: str) -> FeatureRun:
        return FeatureRun("f", tuple(Phase(n, "pass", T0, T0) for n in names))

    merged = phase_order([run("layer"), run("init", "apply", "verify", "destroy"),
                          run("init", "apply", "seed", "verify")])
    assert merged == ["layer", "init", "apply", "seed", "verify", "destroy"]
