"""Two runs sharing a RUN_ID and FEATURE would race on one run folder and state:
the second is refused at once while the first goes on unharmed."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import Afterwards

from tests.kit.checkout import make, start_make, wait_for_files
from tests.kit.pipeline import new_run_id


@pytest.mark.slow(seconds=45)
def test_a_second_run_of_the_same_run_id_and_feature_is_refused_at_once(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, tmp_path: Path
) -> None:
    # GIVEN a run of tracer in its apply phase
    run_id = new_run_id()
    log = tmp_path / "first.log"
    first = start_make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}"], env, log)
    wait_for_files([spaced / "build" / "runs" / run_id / "tracer" / "apply.log"], first, log)

    # WHEN a second make starts the same run id and feature
    second = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}"], env, timeout=120)

    # THEN the second is refused naming the first, and the first passes, leaving nothing
    assert second.returncode == 2, second.stdout + second.stderr
    assert f"run {run_id} of feature tracer is in use by another make (pid " in second.stderr, second.stderr
    assert "tracer/apply" not in second.stderr, second.stderr
    assert first.wait(timeout=600) == 0, log.read_text()
    afterwards.bad_input(run_id)
