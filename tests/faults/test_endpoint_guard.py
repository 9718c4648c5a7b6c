"""TARGET=local reaches localcloud only: every other way botocore and the Terraform
provider resolve an endpoint is refused before any request, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import Afterwards

from tests.kit.checkout import make
from tests.kit.cloud import LocalCloudHandle
from tests.kit.pipeline import new_run_id, run_module

ELSEWHERE = "http://10.255.255.1:4566"  # an address no test machine serves: a request there would hang, not pass


def _config_file(folder: Path) -> Path:
    """A shared config file whose default profile sends Lambda elsewhere through a services section."""
    path = folder / "aws config"
    path.write_text(f"[default]\nservices = elsewhere\n[services elsewhere]\nlambda =\n  endpoint_url = {ELSEWHERE}\n")
    return path


STRAYS = {
    "service variable": ({"AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.2:4566"},
                         "AWS_ENDPOINT_URL_LAMBDA='http://127.0.0.2:4566' is not on loopback"),
    "ignore switch": ({"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"},
                      "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true makes every AWS client ignore AWS_ENDPOINT_URL"),
    "config file": ({"AWS_CONFIG_FILE": "{config}"},
                    f"lambda endpoint_url of [services elsewhere] in the shared config file is '{ELSEWHERE}'"),
}


def _stray_env(case: str, tmp_path: Path) -> tuple[dict[str, str], str]:
    extra, message = STRAYS[case]
    return {k: v.format(config=_config_file(tmp_path)) for k, v in extra.items()}, message


@pytest.mark.parametrize("case", sorted(STRAYS))
def test_a_local_run_with_a_stray_endpoint_is_refused_before_terraform(
    spaced: Path, env: dict[str, str], afterwards: Afterwards, tmp_path: Path, case: str
) -> None:
    # GIVEN a user environment that would send some AWS client away from localcloud
    extra, message = _stray_env(case, tmp_path)
    run_id = new_run_id()

    # WHEN a local run starts
    result = make(spaced, ["e2e", "FEATURE=tracer", f"RUN_ID={run_id}"], {**env, **extra})

    # THEN it is refused naming what is wrong, before localcloud, the layer or terraform
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
    assert "tracer/" not in result.stderr, result.stderr
    assert not list((spaced / "build" / "runs" / run_id).glob("*/terraform.tfstate"))
    afterwards.bad_input(run_id)


@pytest.mark.parametrize("tool", ["scripts.cleanup.sweep", "scripts.cleanup.leakcheck"])
@pytest.mark.parametrize("case", sorted(STRAYS))
def test_the_sweep_and_leak_check_refuse_a_stray_endpoint(cloud: LocalCloudHandle, tmp_path: Path, tool: str, case: str) -> None:
    # GIVEN the same environments, with TARGET=local
    extra, message = _stray_env(case, tmp_path)

    # WHEN the sweeper or the leak check starts
    result = run_module(tool, ["--run-id", new_run_id()] if tool.endswith("leakcheck") else [], {**cloud.env, **extra})

    # THEN it refuses (exit 2) naming what is wrong
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
