"""The verify-time check that a second `terraform plan` is empty, on a real
provider-less root module (terraform_data is built into Terraform)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.pipeline.plan_check import changes
from tests.kit.pipeline import ROOT, run

ROOT_MODULE = """
terraform {
  backend "local" {}
}

variable "label" {
  type = string
}

resource "terraform_data" "kept" {
  input = "constant"
}

resource "terraform_data" "label" {
  input = var.label
}
"""


def second_plan(module: Path, run_dir: Path) -> tuple[int, str]:
    """The pipeline's second_plan_is_empty function, with this module as the feature's root
    (already initialised by the fixture, in its default workspace, and its own working directory)."""
    script = (f'source "{ROOT}/scripts/sh/lib.sh"; source "{ROOT}/scripts/sh/phases.sh"\n'
              f'RUN_DIR="{run_dir}" TF_DIR="{module}" E2E_RUN_ID=rplan E2E_FEATURE=plan\n'
              'tf_init() { TF_WORKDIR=$TF_DIR; }\nsecond_plan_is_empty')
    result = run(["bash", "-c", script], env={"TF_DATA_DIR": str(run_dir / "tfdata"), "TF_IN_AUTOMATION": "1"})
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def applied(tmp_path: Path) -> tuple[Path, Path]:
    """A module applied with label=first, its state and inputs in a run folder."""
    module, run_dir = tmp_path / "module", tmp_path / "run"
    module.mkdir()
    run_dir.mkdir()
    (module / "main.tf").write_text(ROOT_MODULE)
    (run_dir / "terraform.tfvars.json").write_text(json.dumps({"label": "first"}))
    env = {"TF_DATA_DIR": str(run_dir / "tfdata"), "TF_IN_AUTOMATION": "1"}
    init = run(["terraform", f"-chdir={module}", "init", "-input=false",
                f"-backend-config=path={run_dir / 'terraform.tfstate'}"], env=env)
    assert init.returncode == 0, init.stderr
    apply = run(["terraform", f"-chdir={module}", "apply", "-auto-approve", "-input=false",
                 f"-var-file={run_dir / 'terraform.tfvars.json'}"], env=env)
    assert apply.returncode == 0, apply.stderr
    return module, run_dir


def test_a_converged_deploy_passes_the_second_plan(applied: tuple[Path, Path]) -> None:
    code, out = second_plan(*applied)
    assert code == 0, out
    assert "plan: no changes" in out


def test_a_second_plan_that_would_change_a_resource_fails_naming_it(applied: tuple[Path, Path]) -> None:
    # GIVEN a deployed module whose inputs no longer match what was applied
    module, run_dir = applied
    (run_dir / "terraform.tfvars.json").write_text(json.dumps({"label": "second"}))
    # WHEN verify's second plan runs
    code, out = second_plan(module, run_dir)
    # THEN it fails, naming the resource that would change and only that one
    assert code == 1, out
    assert "plan: FAIL: the second plan is not empty; 1 resource(s) would change:" in out
    assert "terraform_data.label: update" in out and "terraform_data.kept" not in out.split("plan: FAIL")[1]


def test_reads_and_no_ops_are_not_changes() -> None:
    plan = {"resource_changes": [
        {"address": "a.x", "change": {"actions": ["no-op"]}},
        {"address": "data.b.y", "change": {"actions": ["read"]}},
        {"address": "c.z", "change": {"actions": ["delete", "create"]}},
    ]}
    assert changes(plan) == ["c.z: delete/create"]
