"""`make feature NAME=<f>` scaffolds a feature that passes end to end as generated,
and refuses a bad or taken name before writing anything."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scripts.pipeline import contracts, scaffold
from tests.kit.checkout import copy_checkout, make, make_env
from tests.kit.pipeline import run


@pytest.fixture
def empty_tree(tmp_path: Path) -> Path:
    for folder in ("handlers/logger", "terraform/features", "verifiers"):
        (tmp_path / folder).mkdir(parents=True)
    return tmp_path


@pytest.mark.parametrize("name", ["", "Orders", "9orders", "orders api", "orders.api", "a" * 21, "../x"])
def test_a_name_outside_the_rule_is_refused_and_nothing_is_written(empty_tree: Path, name: str) -> None:
    with pytest.raises(contracts.ContractError) as refused:
        scaffold.scaffold(name, empty_tree)
    assert "feature-name rule" in str(refused.value)
    assert sorted(p.name for p in empty_tree.rglob("*")) == ["features", "handlers", "logger", "terraform",
                                                              "verifiers"]


def test_a_name_whose_folders_exist_is_refused(empty_tree: Path) -> None:
    with pytest.raises(contracts.ContractError) as refused:
        scaffold.scaffold("logger", empty_tree)
    assert "feature 'logger' exists already: handlers/logger" in str(refused.value)
    assert not (empty_tree / "terraform/features/logger").exists()


def test_the_generated_terraform_is_formatted(empty_tree: Path) -> None:
    scaffold.scaffold("orders_api", empty_tree)
    result = run(["terraform", "fmt", "-check", "-diff", str(empty_tree / "terraform/features/orders_api/feature.tf")])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow(seconds=30)
def test_make_feature_then_make_e2e_passes(tmp_path: Path, localcloud: Any) -> None:
    # GIVEN a clone of this tree
    checkout = copy_checkout(tmp_path / "clone")
    env = make_env(localcloud.env, localcloud.port, localcloud.xray_port)
    # WHEN a feature is scaffolded
    made = make(checkout, ["feature", "NAME=orders_api"], env, timeout=120)
    # THEN it says what to run next
    assert made.returncode == 0, made.stdout + made.stderr
    assert "next: make e2e FEATURE=orders_api" in made.stdout.splitlines()
    # AND that run passes (deploy, the generated suite, an empty second plan, destroy, a clean leak check)
    e2e = make(checkout, ["e2e", "FEATURE=orders_api"], env, timeout=900)
    assert e2e.returncode == 0, e2e.stdout + e2e.stderr
    assert "e2e: orders_api pass" in e2e.stderr


def test_make_feature_refuses_a_bad_name_before_anything_runs(tmp_path: Path) -> None:
    checkout = copy_checkout(tmp_path / "clone")
    result = make(checkout, ["feature", "NAME=Orders API"], make_env({}, 1, 1), timeout=120)
    assert result.returncode != 0
    assert "breaks the feature-name rule" in result.stderr
    assert not list(checkout.glob("*/Orders*")) and not list(checkout.glob("terraform/features/Orders*"))
