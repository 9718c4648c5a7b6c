"""Two runs of the same feature at the same time share nothing and both pass."""
from __future__ import annotations

import json
import secrets
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts.pipeline.tf_provider import ANNOUNCEMENT, AWS
from tests.kit.checkout import processes_of
from tests.kit.pipeline import ROOT, clean_env

FEATURE = "metrics"  # the quickest real feature to verify


def phases(run_dir: Path) -> dict[str, str]:
    lines = (run_dir / "timings.json").read_text().splitlines()
    return {entry["phase"]: entry["status"] for entry in map(json.loads, lines)}


def provider_pid(run_dir: Path) -> int:
    """The pid of the AWS provider the run's terraform commands shared, as its log announced it."""
    match = ANNOUNCEMENT.search((run_dir / "provider.log").read_text())
    assert match, (run_dir / "provider.log").read_text()[-2000:]
    return int(json.loads(match.group(1))[AWS]["Pid"])


@pytest.mark.slow(seconds=50)
def test_two_runs_of_one_feature_at_once(localcloud: Any, tmp_path: Path) -> None:
    run_ids = [f"rc{secrets.token_hex(3)}{n}" for n in (1, 2)]
    # RUNS_DIR: the test's runs stay out of the user's build/runs
    env = clean_env({**localcloud.env, "TARGET": "local", "FEATURE": FEATURE, "RUNS_DIR": str(tmp_path),
                     "LOCALCLOUD_PORT": str(localcloud.port), "LOCALCLOUD_XRAY_PORT": str(localcloud.xray_port)})
    # WHEN two make e2e of the same feature start together
    procs = [subprocess.Popen(["make", "e2e", f"RUN_ID={run_id}"], cwd=ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for run_id in run_ids]
    outputs = [p.communicate(timeout=600)[0] for p in procs]

    # THEN both pass every phase, each in its own folder, state and names, under one initialised configuration
    for proc, out in zip(procs, outputs):
        assert proc.returncode == 0, out
    dirs = [tmp_path / run_id / FEATURE for run_id in run_ids]
    for run_dir in dirs:
        assert phases(run_dir) == {"localcloud": "pass", "layer": "pass", "init": "pass", "apply": "pass", "verify": "pass",
                                   "destroy": "pass", "leakcheck": "pass"}
    services = [json.loads((d / "outputs.json").read_text())["ServiceName"]["value"] for d in dirs]
    assert services == [f"e2e-{run_id}-{FEATURE}" for run_id in run_ids]
    lineages = [json.loads((d / "terraform.tfstate").read_text())["lineage"] for d in dirs]
    assert lineages[0] != lineages[1]
    assert (dirs[0] / "tfdata").resolve() == (dirs[1] / "tfdata").resolve()
    # AND each run had its own provider process, which ended with the run
    pids = [provider_pid(d) for d in dirs]
    assert pids[0] != pids[1]
    assert not [d for d in dirs if processes_of(str(d))]
