"""outputs.json comes from python-terraform's output() (the whole map) and is
flattened to the contract's shape. Runs real terraform on a provider-less root."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripts.pipeline import tf_outputs
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
