"""Per-feature and per-function settings from handlers/<f>/settings.json into the function map."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.pipeline import contracts, tfvars


@pytest.fixture
def feature(tmp_path: Path) -> Path:
    (tmp_path / "handlers" / "orders").mkdir(parents=True)
    (tmp_path / "terraform" / "features" / "orders").mkdir(parents=True)
    for name in ("create_order", "slow_order"):
        (tmp_path / "handlers" / "orders" / f"{name}.py").write_text("def lambda_handler(e, c):\n    return 1\n")
    return tmp_path


def write_settings(root: Path, settings: object) -> None:
    (root / "handlers" / "orders" / "settings.json").write_text(json.dumps(settings))


def test_without_a_settings_file_functions_carry_their_name_only(feature: Path) -> None:
    assert tfvars.function_map("orders", feature) == {"create_order": {"pascal_name": "CreateOrder"},
                                                      "slow_order": {"pascal_name": "SlowOrder"}}


def test_function_settings_override_the_feature_defaults_and_environments_merge(feature: Path) -> None:
    # GIVEN feature defaults and one function's own settings
    write_settings(feature, {
        "defaults": {"timeout": 10, "memory_size": 512, "environment": {"TABLE": "orders", "MODE": "fast"}},
        "functions": {"slow_order": {"timeout": 2, "reserved_concurrency": 1, "environment": {"MODE": "slow"}}},
    })
    # WHEN the function map is built
    functions = tfvars.function_map("orders", feature)
    # THEN each function gets the defaults, and its own settings win
    assert functions["create_order"] == {"pascal_name": "CreateOrder", "timeout": 10, "memory_size": 512,
                                         "environment": {"TABLE": "orders", "MODE": "fast"}}
    assert functions["slow_order"] == {"pascal_name": "SlowOrder", "timeout": 2, "memory_size": 512,
                                       "reserved_concurrency": 1, "environment": {"TABLE": "orders", "MODE": "slow"}}


@pytest.mark.parametrize(("settings", "message"), [
    ({"defaults": {"timeout": 0}}, "['defaults']['timeout']: 0 is less than the minimum of 1"),
    ({"defaults": {"memory_size": 64}}, "['defaults']['memory_size']: 64 is less than the minimum of 128"),
    ({"defaults": {"timout": 3}}, "Additional properties are not allowed ('timout' was unexpected)"),
    ({"functions": {"create_order": {"environment": {"N": 1}}}}, "1 is not of type 'string'"),
    ({"functions": {"fetch_order": {"timeout": 3}}}, "no handler file for fetch_order; the functions are create_order"),
])
def test_bad_settings_are_refused_naming_the_place(feature: Path, settings: object, message: str) -> None:
    write_settings(feature, settings)
    with pytest.raises(contracts.ContractError) as refused:
        tfvars.function_map("orders", feature)
    assert "settings.json" in str(refused.value) and message in str(refused.value)
