"""`kill -9` of `make e2e` mid-apply: no orphaned terraform finishes the apply
unseen, and the documented recovery leaves nothing deployed and nothing
running: `make destroy RUN_ID=… FEATURE=…`, then the sweep its leak check names
for what the interrupted apply created but never recorded in the state."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from faultkit import Afterwards

from tests.kit.checkout import make, start_make, wait_for_files, wait_for_no_process
from tests.kit.pipeline import new_run_id
from tests.kit.waits import wait_for


@pytest.mark.slow(seconds=40)
def test_kill_9_mid_apply_stops_terraform_and_make_destroy_recovers(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, tmp_path: Path
) -> None:
    # GIVEN `make e2e` as a terminal's job, its terraform creating resources
    run_id = new_run_id()
    run_dir = spaced / "build" / "runs" / run_id / "tracer"
    log = tmp_path / "e2e.log"
    job = start_make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}"], env, log)
    wait_for_files([run_dir / "apply.log"], job, log)
    wait_for(lambda: "Creating..." in (run_dir / "apply.log").read_text(), timeout=300, what="apply creating")

    # WHEN the whole job is killed without a chance to clean up
    os.killpg(job.pid, signal.SIGKILL)
    job.wait(timeout=60)

    # THEN terraform, in its own session, is told to stop rather than finishing the apply as an orphan
    wait_for_no_process(str(run_dir), timeout=300)
    assert "Interrupt received" in (run_dir / "apply.log").read_text(), (run_dir / "apply.log").read_text()

    # AND the documented recovery destroys what was deployed, leaving nothing running
    destroyed = make(spaced, ["destroy", "FEATURE=tracer", f"RUN_ID={run_id}"], env)
    sweep = f"make sweep SWEEP_RUN_ID={run_id} SWEEP_AGE=0s"
    if destroyed.returncode != 0:  # creates cut short by the stop: done in AWS, never in the state
        assert sweep in destroyed.stderr, destroyed.stdout + destroyed.stderr
        swept = make(spaced, sweep.split()[1:], env)
        assert swept.returncode == 0, swept.stdout + swept.stderr
    afterwards.no_process_left(str(run_dir))
    afterwards.fault(run_id)
