"""A disk that fills up during apply truncates the state file: `make destroy`
recovers it from the newest readable copy, and Terraform never writes into the
source tree (its working directory is in the run folder, where errored.tfstate
would land)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from faultkit import Afterwards, files_outside_build

from tests.kit.checkout import make
from tests.kit.pipeline import new_run_id


def _terraform_spy(folder: Path) -> Path:
    """A `terraform` first on PATH that records its working directory (-chdir) and runs the real one."""
    real = shutil.which("terraform")
    assert real, "terraform must be installed for this test"
    folder.mkdir()
    calls = folder / "calls"
    spy = folder / "terraform"
    spy.write_text(f'#!/usr/bin/env bash\necho "${{1#-chdir=}}" >> "{calls}"\nexec "{real}" "$@"\n')
    spy.chmod(spy.stat().st_mode | stat.S_IXUSR)
    return calls


@pytest.mark.slow(seconds=45)
def test_a_truncated_state_is_recovered_by_make_destroy_and_terraform_stays_out_of_the_source_tree(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, tmp_path: Path
) -> None:
    # GIVEN a deployed run whose state file a full disk cut in half
    calls = _terraform_spy(tmp_path / "spy")
    spied = {**env, "PATH": f"{calls.parent}{os.pathsep}{env['PATH']}"}
    run_id = new_run_id()
    before = files_outside_build(spaced)
    deployed = make(spaced, ["deploy", "FEATURE=tracer", f"RUN_ID={run_id}"], spied)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    state = spaced / "build" / "runs" / run_id / "tracer" / "terraform.tfstate"
    state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])

    # WHEN the run is destroyed as the hints say
    destroyed = make(spaced, ["destroy", "FEATURE=tracer", f"RUN_ID={run_id}"], spied)
    sweep = f"make sweep SWEEP_RUN_ID={run_id} SWEEP_AGE=0s"
    if destroyed.returncode != 0:  # the backup predates the last save: the leak check names the sweep
        assert sweep in destroyed.stderr, destroyed.stdout + destroyed.stderr
        assert make(spaced, sweep.split()[1:], env).returncode == 0

    # THEN the state was recovered from a readable copy, nothing is left, and terraform
    # worked only in the run folder, touching nothing outside build/
    assert "terraform.tfstate was unreadable (kept as terraform.tfstate.corrupt); recovered from" in destroyed.stderr \
        + destroyed.stdout, destroyed.stdout + destroyed.stderr
    workdirs = set(calls.read_text().split("\n")) - {""}
    assert workdirs and all(w.startswith(str(spaced / "build")) for w in workdirs), workdirs
    afterwards.host_untouched(before, files_outside_build(spaced))
    afterwards.fault(run_id)
