"""An unreadable state file (a disk that filled up mid-write) is replaced by the
newest readable copy, and the corrupt one is kept aside."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.pipeline import tfstate


def _state(path: Path, serial: int) -> Path:
    path.write_text(json.dumps({"version": 4, "serial": serial, "resources": [{"type": "aws_iam_role"}]}))
    return path


def test_the_newest_readable_copy_replaces_a_truncated_state(tmp_path: Path) -> None:
    # GIVEN a truncated state, an older backup, a newer errored.tfstate and an unreadable copy
    state = _state(tmp_path / "terraform.tfstate", 9)
    state.write_text(state.read_text()[:20])
    backup, errored = _state(tmp_path / "backup", 7), _state(tmp_path / "errored.tfstate", 8)
    (tmp_path / "applied").write_text("{")

    # WHEN it is recovered
    source = tfstate.recover(state, [backup, tmp_path / "applied", errored, tmp_path / "missing"])

    # THEN the newest readable copy is the state, and the truncated one is kept aside
    assert source == errored
    assert json.loads(state.read_text())["serial"] == 8
    assert (tmp_path / "terraform.tfstate.corrupt").read_text() == _state(tmp_path / "x", 9).read_text()[:20]
    assert tfstate.has_resources(state)


def test_a_readable_or_missing_state_is_left_alone(tmp_path: Path) -> None:
    state = _state(tmp_path / "terraform.tfstate", 3)
    assert tfstate.recover(state, [_state(tmp_path / "backup", 5)]) is None
    assert json.loads(state.read_text())["serial"] == 3
    assert tfstate.recover(tmp_path / "none.tfstate", []) is None


def test_without_a_readable_copy_recovery_fails_and_destroy_must_look(tmp_path: Path) -> None:
    state = tmp_path / "terraform.tfstate"
    state.write_text('{"version": 4, "ser')
    with pytest.raises(FileNotFoundError, match="is unreadable and none of"):
        tfstate.recover(state, [tmp_path / "backup"])
    assert tfstate.has_resources(state)  # unreadable: something may be deployed
