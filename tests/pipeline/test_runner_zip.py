"""The runner zip of RUNNER=lambda: content-hashed, deterministic, and holding what the suite imports."""
from __future__ import annotations

import zipfile
from pathlib import Path

from scripts.artefacts.runner_zip import build, source_files, zip_hash
from tests.kit.pipeline import ROOT


def test_same_inputs_give_the_same_zip_and_a_second_build_does_nothing(tmp_path: Path) -> None:
    # GIVEN a runner zip built for the tracer suite
    first = build("tracer", "python3.12", "x86_64", tmp_path)
    built_at = first.stat().st_mtime_ns
    # WHEN built again from the same inputs
    second = build("tracer", "python3.12", "x86_64", tmp_path)
    # THEN it is the same file, untouched
    assert second == first and second.stat().st_mtime_ns == built_at
    # AND it holds the suite, everything the suite imports and pytest, at the paths the handler expects
    names = set(zipfile.ZipFile(first).namelist())
    for needed in ("verifiers/tracer/test_tracer.py", "verifiers/conftest.py", "verifiers/lib/wait.py",
                   "verifiers/schemas/outputs.schema.json", "scripts/pipeline/contracts.py",
                   "verifiers/runner/handler.py", "handlers/tracer/basic_handler.py",
                   "pytest/__init__.py", "jsonschema/__init__.py", "tenacity/__init__.py"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("boto3/", "botocore/", "bin/"))]  # the runtime's own, or host scripts


def test_an_edited_suite_file_changes_the_hash(tmp_path: Path) -> None:
    # GIVEN the tracer suite's files, copied
    files = source_files("tracer")
    copies = []
    for source in files:
        copy = tmp_path / source.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(source.read_bytes())
        copies.append(copy)
    before = zip_hash("packages", copies, tmp_path)
    assert before == zip_hash("packages", copies, tmp_path)
    # WHEN one test module changes THEN the hash (the zip's name) changes
    suite = tmp_path / "verifiers/tracer/test_tracer.py"
    suite.write_text(suite.read_text() + "\n# edited\n")
    assert zip_hash("packages", copies, tmp_path) != before
    # AND other packages (a runtime or requirement change) change it too
    assert zip_hash("other-packages", copies, tmp_path) != zip_hash("packages", copies, tmp_path)
