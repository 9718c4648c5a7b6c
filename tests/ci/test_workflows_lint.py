"""The GitHub Actions workflows pass actionlint, and actionlint does catch a
broken one (so a green result means something)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ci_kit import WORKFLOWS, actionlint, workflow_files

EXPECTED_WORKFLOWS = {"pull-request.yml", "e2e-aws.yml", "sweep.yml"}

# One realistic mistake per workflow: (file, text in it, replacement, what actionlint must name).
BREAKAGES = [
    ("e2e-aws.yml", "needs: matrix", "needs: plan", '"plan"'),
    ("pull-request.yml", "steps.python.outputs.python-version", "steps.pyhton.outputs.python-version", "pyhton"),
    ("sweep.yml", "id-token: write", "id-token: writable", "writable"),
]


def test_every_workflow_is_there() -> None:
    assert {path.name for path in workflow_files()} == EXPECTED_WORKFLOWS


def test_workflows_pass_actionlint() -> None:
    # GIVEN the committed workflows WHEN actionlint checks them
    result = actionlint(workflow_files())
    # THEN it reports nothing
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(("name", "old", "new", "named"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_actionlint_fails_on_a_broken_workflow(name: str, old: str, new: str, named: str, tmp_path: Path) -> None:
    # GIVEN a copy of the workflows with one mistake in one of them
    copy = tmp_path / ".github" / "workflows"
    shutil.copytree(WORKFLOWS, copy)
    text = (copy / name).read_text()
    assert old in text, f"{name} no longer contains {old!r}: update BREAKAGES"
    (copy / name).write_text(text.replace(old, new, 1))
    # WHEN actionlint checks the copy
    result = actionlint(workflow_files(copy), cwd=tmp_path)
    # THEN it fails and names the mistake in that file
    assert result.returncode == 1, result.stdout + result.stderr
    assert name in result.stdout and named in result.stdout, result.stdout
