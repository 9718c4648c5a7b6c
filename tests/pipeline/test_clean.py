"""`make clean` empties build/ but leaves a running localcloud's folder and leases alone."""
from __future__ import annotations

import os
from pathlib import Path

from scripts.artefacts.clean import clean

DEAD_PID = "2147483646"  # above any pid_max: no such process


def test_clean_empties_build_but_keeps_what_a_running_localcloud_uses(tmp_path: Path) -> None:
    # GIVEN a build folder with layers, runs, and two localcloud folders: one running, one stopped
    build = tmp_path / "build"
    for folder in ("layer", "runs/r1/tracer", "localcloud/4566", "localcloud/4620", "cloud-leases/4566",
                   "cloud-leases/4620"):
        (build / folder).mkdir(parents=True)
    (build / "terraform.tfrc").write_text("")
    (build / "localcloud/4566/localcloud.pid").write_text(str(os.getpid()))  # this process: alive
    (build / "localcloud/4620/localcloud.pid").write_text(DEAD_PID)
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")

    # WHEN cleaned
    kept = clean(build)

    # THEN only the running localcloud's folder and leases remain, and nothing outside build/ changed
    assert kept == [build / "cloud-leases/4566", build / "localcloud/4566"]
    assert sorted(str(p.relative_to(build)) for p in build.rglob("*")) == [
        "cloud-leases", "cloud-leases/4566", "localcloud", "localcloud/4566", "localcloud/4566/localcloud.pid"]
    assert outside.read_text() == "not ours"


def test_clean_without_a_build_folder_does_nothing(tmp_path: Path) -> None:
    assert clean(tmp_path / "build") == [] and not (tmp_path / "build").exists()
