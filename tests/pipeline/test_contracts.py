"""The naming contracts: handler file -> function -> outputs, feature names, run ids, targets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.pipeline import contracts, tfvars
from tests.kit.pipeline import ROOT, run


@pytest.mark.parametrize(("file_name", "outputs"), [
    ("basic_handler.py", ("BasicHandler", "BasicHandlerArn")),
    ("cold_start2.py", ("ColdStart2", "ColdStart2Arn")),
    ("tz.py", ("Tz", "TzArn")),
])
def test_snake_case_handler_files_give_pascal_function_and_output_names(file_name: str,
                                                                        outputs: tuple[str, str]) -> None:
    assert contracts.function_outputs(Path(file_name)) == outputs


@pytest.mark.parametrize("file_name", ["fetchOrder.py", "Fetch_order.py", "fetch-order.py", "fetch__order.py",
                                       "2fetch.py", "fetch_.py"])
def test_handler_files_outside_the_name_rule_are_refused_naming_the_rule(file_name: str) -> None:
    with pytest.raises(contracts.ContractError, match=rf"'{file_name}' breaks the handler-name rule: snake_case"):
        contracts.pascal_name(Path(file_name))


def test_helpers_are_not_functions_and_need_not_follow_the_rule(tmp_path: Path) -> None:
    (tmp_path / "basic_handler.py").write_text("")
    (tmp_path / "_sharedHelper.py").write_text("")
    assert contracts.functions(tmp_path) == {"basic_handler": "BasicHandler"}


@pytest.mark.parametrize("feature", ["event_handler", "data_masking", "orders-api", "s3", "tracer"])
def test_feature_names_as_powertools_writes_them_follow_the_rule(feature: str) -> None:
    assert contracts.FEATURE_RULE.fullmatch(feature)


@pytest.mark.parametrize(("feature", "resource_name"), [("event_handler", "event-handler"),
                                                         ("data_masking", "data-masking"), ("tracer", "tracer")])
def test_resource_names_use_the_dns_safe_form(feature: str, resource_name: str) -> None:
    assert contracts.resource_name(feature) == resource_name


@pytest.mark.parametrize("feature", ["logger metrics", "Logger", "event.handler", "_tracer", "x" * 21])
def test_feature_names_outside_the_rule_are_refused_naming_the_rule(feature: str) -> None:
    with pytest.raises(contracts.ContractError, match="breaks the feature-name rule: a lowercase letter"):
        contracts.check_feature(feature)


def test_feature_discovery_needs_both_folders(tmp_path: Path) -> None:
    for folder in ("handlers/both", "terraform/features/both", "handlers/only_handlers",
                   "terraform/features/only_terraform"):
        (tmp_path / folder).mkdir(parents=True)
    assert contracts.features(tmp_path) == ["both"]


def test_the_cli_refuses_each_broken_rule_with_exit_2() -> None:
    python = str(ROOT / ".venv/bin/python")
    for args, message in [(["--target", "gcp"], "unknown TARGET 'gcp'; valid targets: local aws"),
                          (["--run-id", "Bad"], "malformed RUN_ID 'Bad'"),
                          (["--feature", "logger metrics"], "breaks the feature-name rule")]:
        result = run([python, "-m", "scripts.pipeline.contracts", "check", *args])
        assert result.returncode == 2 and message in result.stderr, result.stderr


def test_tfvars_carry_the_function_map_and_the_dns_safe_feature_name(tmp_path: Path) -> None:
    # GIVEN the inputs of a run of the tracer feature
    python = str(ROOT / ".venv/bin/python")
    args = ["--feature", "tracer", "--run-id", "rabc", "--layer-zip", "/l.zip", "--region", "us-east-1",
            "--runtime", "python3.12", "--architecture", "x86_64", "--target", "local"]
    # WHEN the pipeline writes them
    result = run([python, "-m", "scripts.pipeline.tfvars", str(tmp_path), *args])
    # THEN every handler file is a function named by the rule, and created_at is fixed once
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / tfvars.TFVARS_FILE).read_text())
    expected = {p.stem: {"pascal_name": contracts.pascal_name(p)}
                for p in contracts.handler_files(ROOT / "handlers" / "tracer")}
    assert written["functions"] == expected and written["feature_resource_name"] == "tracer"
    assert written["s3_use_path_style"] is True
    run([python, "-m", "scripts.pipeline.tfvars", str(tmp_path), *args])
    assert json.loads((tmp_path / tfvars.TFVARS_FILE).read_text())["created_at"] == written["created_at"]


def test_the_run_id_latest_is_reserved_for_the_link_to_the_last_run() -> None:
    with pytest.raises(contracts.ContractError, match="'latest' is reserved: build/runs/latest points at the last run"):
        contracts.check_run_id("latest")


@pytest.mark.parametrize("value", ["../..", "abc", "99999", "0", "065", "4566 ", "", "-1"])
def test_a_port_setting_that_is_not_a_port_number_is_refused_naming_the_variable(value: str) -> None:
    with pytest.raises(contracts.ContractError, match=r"LOCALCLOUD_PORT='.*' is not a port: use a number from 1"):
        contracts.check_port("LOCALCLOUD_PORT", value)


@pytest.mark.parametrize("value", ["1", "4566", "65535"])
def test_port_numbers_are_accepted(value: str) -> None:
    assert contracts.check_port("LOCALCLOUD_PORT", value) == int(value)


@pytest.mark.parametrize("runtime", ["python3.99", "python3.9", "python3", "nodejs20.x", ""])
def test_a_runtime_lambda_does_not_offer_is_refused_listing_the_valid_ones(runtime: str) -> None:
    with pytest.raises(contracts.ContractError, match=r"is not a Lambda Python runtime; valid runtimes: python3.10 "):
        contracts.check_runtime(runtime)


def _feature_folders(root: Path, feature: str) -> Path:
    for folder in ("handlers", "terraform/features", "verifiers"):
        (root / folder / feature).mkdir(parents=True)
    return root / "verifiers" / feature


@pytest.mark.parametrize(("declared", "runner"), [(None, "local"), ('{"runner": "lambda"}', "lambda"),
                                                  ('{"runner": "local"}', "local")])
def test_a_feature_runs_its_suite_where_its_runner_json_says(tmp_path: Path, declared: str | None,
                                                             runner: str) -> None:
    # GIVEN a feature with or without verifiers/<f>/runner.json
    suite = _feature_folders(tmp_path, "orders")
    if declared is not None:
        (suite / "runner.json").write_text(declared)
    # WHEN RUNNER is not given
    # THEN its suite runs where the file says, on this machine without one
    assert contracts.feature_runner("orders", tmp_path) == runner


@pytest.mark.parametrize("declared", ['{"runner": "cloud"}', "[]", "not json"])
def test_a_runner_json_outside_the_contract_is_refused(tmp_path: Path, declared: str) -> None:
    # GIVEN a runner.json naming no known runner, or no JSON object
    (_feature_folders(tmp_path, "orders") / "runner.json").write_text(declared)
    # WHEN the feature's runner is asked for
    # THEN it is refused, naming what is valid
    with pytest.raises(contracts.ContractError, match="runner"):
        contracts.feature_runner("orders", tmp_path)
