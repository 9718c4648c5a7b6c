"""outputs.json comes from python-terraform's output() (the whole map) and is
flattened to the contract's shape. Runs real terraform on a provider-less root."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripts.pipeline import tf_outputs
from scripts.pipeline.local_urls import localize
from tests.kit.pipeline import ROOT, run

ROOT_MODULE = """
output "Functions" {
  value = {
    BasicHandler = { name = "e2e-r1-tracer-BasicHandler", arn = "arn:aws:lambda:us-east-1:123456789012:function:e2e-r1-tracer-BasicHandler" }
    ColdStart    = { name = "e2e-r1-tracer-ColdStart", arn = "arn:aws:lambda:us-east-1:123456789012:function:e2e-r1-tracer-ColdStart" }
  }
}
output "ServiceName" {
  value = "e2e-r1-tracer"
}
"""


@pytest.fixture
def applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    module = tmp_path / "root module"  # a path with a space
    module.mkdir()
    (module / "main.tf").write_text(ROOT_MODULE)
    monkeypatch.setenv("TF_DATA_DIR", str(tmp_path / "data"))
    for command in (["init", "-input=false"], ["apply", "-auto-approve", "-input=false"]):
        result = run(["terraform", f"-chdir={module}", *command], env={"TF_DATA_DIR": str(tmp_path / "data")})
        assert result.returncode == 0, result.stdout + result.stderr
    return module


@pytest.mark.parametrize("from_state", [False, True], ids=["terraform-output", "state-file"])
def test_output_map_is_read_and_flattened(applied: Path, tmp_path: Path, from_state: bool) -> None:
    out = tmp_path / "outputs.json"
    state = ["--state", str(applied / "terraform.tfstate")] if from_state else []
    assert tf_outputs.main([str(applied), str(out), *state]) == 0
    data = json.loads(out.read_text())
    assert data == {
        "BasicHandler": {"sensitive": False, "type": "string", "value": "e2e-r1-tracer-BasicHandler"},
        "BasicHandlerArn": {"sensitive": False, "type": "string",
                            "value": "arn:aws:lambda:us-east-1:123456789012:function:e2e-r1-tracer-BasicHandler"},
        "ColdStart": {"sensitive": False, "type": "string", "value": "e2e-r1-tracer-ColdStart"},
        "ColdStartArn": {"sensitive": False, "type": "string",
                         "value": "arn:aws:lambda:us-east-1:123456789012:function:e2e-r1-tracer-ColdStart"},
        "ServiceName": {"sensitive": False, "type": "string", "value": "e2e-r1-tracer"},
    }
    assert out.stat().st_mode & 0o777 == 0o600


def test_python_terraform_output_returns_the_whole_map(applied: Path) -> None:
    raw = tf_outputs.read_outputs(applied)
    assert set(raw) == {"Functions", "ServiceName"}
    assert raw["ServiceName"] == {"sensitive": False, "type": "string", "value": "e2e-r1-tracer"}


def test_the_state_reader_gives_what_terraform_output_gives(applied: Path) -> None:
    assert tf_outputs.read_outputs(applied, applied / "terraform.tfstate") == tf_outputs.read_outputs(applied)


def test_no_state_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "empty"
    module.mkdir()
    (module / "main.tf").write_text(ROOT_MODULE)
    monkeypatch.setenv("TF_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(tf_outputs.OutputsError, match="no 'Functions' output"):
        tf_outputs.read_outputs(module)
    with pytest.raises(tf_outputs.OutputsError, match="no 'Functions' output"):
        tf_outputs.read_outputs(module, module / "terraform.tfstate")
    assert tf_outputs.main([str(module), str(tmp_path / "outputs.json")]) == 1
    assert not (tmp_path / "outputs.json").exists()


ENDPOINT = "http://127.0.0.1:4710"
AWS_OUTPUTS = {
    "ApiUrl": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/",
    "Urls": ["https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/", "not a url"],
    "Doors": {"alb": "e2e-r1-api-1234567890.us-east-1.elb.amazonaws.com",
              "internal": "internal-e2e-r1-api-1234567890.us-east-1.elb.amazonaws.com", "port": 80},
    "Bucket": "e2e-r1-api",
}


def as_outputs(values: dict[str, object]) -> dict[str, object]:
    return {name: {"sensitive": False, "type": "string", "value": value} for name, value in values.items()}


def test_on_target_local_front_door_urls_become_localclouds_wherever_they_are() -> None:
    # GIVEN outputs holding AWS URLs and DNS names, alone, in a list and in a map
    raw = as_outputs(AWS_OUTPUTS)
    # WHEN they are made local
    local = localize(raw, ENDPOINT)
    # THEN each front door's is localcloud's URL, and every other value (an internal ALB too) is kept
    assert {name: entry["value"] for name, entry in local.items()} == {
        "ApiUrl": f"{ENDPOINT}/_aws/execute-api/a1b2c3d4e5/prod/",
        "Urls": [f"{ENDPOINT}/_aws/lambda-url/abcdefghijklmnopqrstuvwxyz012345/", "not a url"],
        "Doors": {"alb": "127.0.0.1:4710/_aws/elb/e2e-r1-api-1234567890.us-east-1.elb.amazonaws.com",
                  "internal": "internal-e2e-r1-api-1234567890.us-east-1.elb.amazonaws.com", "port": 80},
        "Bucket": "e2e-r1-api",
    }
    assert all(local[name]["type"] == raw[name]["type"] for name in raw)


def test_only_a_local_endpoint_rewrites_the_written_outputs(tmp_path: Path) -> None:
    # GIVEN a root module with a Function URL output
    module = tmp_path / "module"
    module.mkdir()
    (module / "main.tf").write_text(ROOT_MODULE + 'output "Url" {\n  value = "%s"\n}\n' % AWS_OUTPUTS["Urls"][0])
    env = {"TF_DATA_DIR": str(tmp_path / "data")}
    for command in (["init", "-input=false"], ["apply", "-auto-approve", "-input=false"]):
        assert run(["terraform", f"-chdir={module}", *command], env=env).returncode == 0
    state = ["--state", str(module / "terraform.tfstate")]
    # WHEN written for TARGET=aws (no endpoint) and for TARGET=local
    assert tf_outputs.main([str(module), str(tmp_path / "aws.json"), *state]) == 0
    assert tf_outputs.main([str(module), str(tmp_path / "local.json"), *state, "--local-endpoint", ENDPOINT]) == 0
    # THEN AWS's URL stays for aws and localcloud's is written for local
    assert json.loads((tmp_path / "aws.json").read_text())["Url"]["value"] == AWS_OUTPUTS["Urls"][0]
    assert json.loads((tmp_path / "local.json").read_text())["Url"]["value"] == (
        f"{ENDPOINT}/_aws/lambda-url/abcdefghijklmnopqrstuvwxyz012345/")
