"""The runtime's own packages: a failed install is reported, not retried on every invoke."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from localcloud.awslambda import runtimes

RUNTIME = "python%d.%d" % sys.version_info[:2]  # an interpreter this host surely has


@pytest.fixture
def pip_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Requirements that cannot install (a missing local path: fails fast, offline)."""
    requirements = tmp_path / "runtime-requirements.txt"
    requirements.write_text("./no-such-package-dir\n")
    monkeypatch.setattr(runtimes, "REQUIREMENTS", requirements)
    monkeypatch.setattr(runtimes, "runtime_dir", lambda runtime: tmp_path / "runtime" / runtime)
    monkeypatch.setattr(runtimes, "_failed_builds", {})
    runs: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], **kwargs: Any) -> Any:
        if "pip" in args:
            runs.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(runtimes.subprocess, "run", counting_run)
    return runs


def test_a_failed_install_runs_pip_once_and_fails_clearly_each_time(pip_runs: list[list[str]]) -> None:
    # GIVEN runtime requirements that cannot be installed
    # WHEN three invokes need the runtime
    errors = []
    for _ in range(3):
        with pytest.raises(runtimes.RuntimeUnavailable) as failure:
            runtimes.packages_dir(RUNTIME)
        errors.append(str(failure.value))
    # THEN pip ran once and every invoke got the same clear reason
    assert len(pip_runs) == 1
    assert len(set(errors)) == 1 and "installing runtime-requirements.txt failed" in errors[0]


def test_changed_requirements_are_tried_again(pip_runs: list[list[str]]) -> None:
    with pytest.raises(runtimes.RuntimeUnavailable):
        runtimes.packages_dir(RUNTIME)
    runtimes.REQUIREMENTS.write_text("./still-missing\n")
    with pytest.raises(runtimes.RuntimeUnavailable):
        runtimes.packages_dir(RUNTIME)
    assert len(pip_runs) == 2
