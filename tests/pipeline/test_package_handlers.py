"""Handler packaging: one deterministic zip per function, helpers in each."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from scripts.artefacts import handler_zips
from tests.kit.pipeline import ROOT


@pytest.fixture
def feature(tmp_path: Path) -> Path:
    folder = tmp_path / "handlers"
    folder.mkdir()
    (folder / "basic_handler.py").write_text("from _shared import X\ndef lambda_handler(e, c):\n    return X\n")
    (folder / "cold_start.py").write_text("def lambda_handler(e, c):\n    return 2\n")
    (folder / "_shared.py").write_text("X = 1\n")
    return folder


def names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.namelist()


def test_one_zip_per_handler_with_the_helpers(feature: Path, tmp_path: Path) -> None:
    zips = handler_zips.package(feature, tmp_path / "package")
    assert [z.name for z in zips] == ["basic_handler.zip", "cold_start.zip"]
    assert names(zips[0]) == ["_shared.py", "basic_handler.py"]
    assert names(zips[1]) == ["_shared.py", "cold_start.py"]


def test_a_handler_edit_changes_only_its_zip(feature: Path, tmp_path: Path) -> None:
    basic, cold = handler_zips.package(feature, tmp_path / "package")
    before = basic.read_bytes(), cold.read_bytes()
    (feature / "cold_start.py").write_text("def lambda_handler(e, c):\n    return 3\n")
    handler_zips.package(feature, tmp_path / "package")
    assert basic.read_bytes() == before[0]
    assert cold.read_bytes() != before[1]


def test_same_files_give_the_same_bytes_elsewhere(feature: Path, tmp_path: Path) -> None:
    first = handler_zips.package(feature, tmp_path / "a")
    second = handler_zips.package(feature, tmp_path / "b")
    assert [z.read_bytes() for z in first] == [z.read_bytes() for z in second]


def test_a_removed_handler_loses_its_zip(feature: Path, tmp_path: Path) -> None:
    handler_zips.package(feature, tmp_path / "package")
    (feature / "cold_start.py").unlink()
    zips = handler_zips.package(feature, tmp_path / "package")
    assert sorted(p.name for p in (tmp_path / "package").iterdir()) == [z.name for z in zips] == ["basic_handler.zip"]


def test_a_folder_without_handlers_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemExit, match="no handler files"):
        handler_zips.package(tmp_path / "empty", tmp_path / "package")
