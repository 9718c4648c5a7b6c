"""make e2e-matrix: which cells can run here, why the others cannot, and the one table."""
from __future__ import annotations

import json
import platform
import zipfile
from pathlib import Path

import pytest

from scripts.artefacts.layer_contents import native_modules, versions_under_test
from scripts.matrix import summary
from scripts.matrix.preflight import foreign_extensions, pip_cause
from tests.kit.pipeline import ROOT, run

PIP_REQUIRES_PYTHON = """\
ERROR: Ignored the following versions that require a different python version: 3.24.0 Requires-Python <4.0.0,>=3.10; 3.37.0 Requires-Python <4.0.0,>=3.10
ERROR: Could not find a version that satisfies the requirement aws-lambda-powertools[tracer]==3.37.0 (from versions: 0.1.0, 0.3.0, 3.36.0)
ERROR: No matching distribution found for aws-lambda-powertools[tracer]==3.37.0
"""


def layer_zip(path: Path, so_name: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"python/wrapt/{so_name}", b"\x7fELF")
        archive.writestr("python/wrapt-2.5.2.dist-info/METADATA", "Metadata-Version: 2.1\nName: wrapt\nVersion: 2.5.2\n")
        archive.writestr("python/aws_lambda_powertools-3.37.0.dist-info/METADATA",
                         "Metadata-Version: 2.1\nName: aws_lambda_powertools\nVersion: 3.37.0\n")
    return path


def test_a_runtime_below_the_layers_requires_python_is_one_line_naming_the_pin_and_the_bound() -> None:
    assert pip_cause(PIP_REQUIRES_PYTHON) == "aws-lambda-powertools[tracer]==3.37.0 needs Requires-Python <4.0.0,>=3.10"


def test_another_pip_failure_is_its_first_error_without_the_list_of_versions() -> None:
    cause = pip_cause("Collecting x\nERROR: Could not find a version that satisfies the requirement nope==1 "
                      "(from versions: 0.1, 0.2)\nERROR: No matching distribution found for nope==1\n")
    assert cause == "ERROR: Could not find a version that satisfies the requirement nope==1"


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="the case of an x86_64 host")
def test_an_arm64_layer_with_c_extensions_cannot_run_on_this_x86_64_host_locally(tmp_path: Path) -> None:
    # GIVEN an arm64 layer with a C extension, and a pure-Python one
    native = layer_zip(tmp_path / "arm.zip", "_wrappers.cpython-312-aarch64-linux-gnu.so")
    # WHEN/THEN locally it is refused naming the module; on AWS (real arm64) it runs
    reason = foreign_extensions(native, "arm64", "local")
    assert "arm64 layer has C extensions (_wrappers.cpython-312-aarch64-linux-gnu.so)" in reason
    assert "x86_64 host" in reason
    assert foreign_extensions(native, "arm64", "aws") == ""
    assert foreign_extensions(native, "x86_64", "local") == ""


def test_the_versions_under_test_are_those_the_requirements_name(tmp_path: Path) -> None:
    layer = layer_zip(tmp_path / "x.zip", "_wrappers.cpython-312-x86_64-linux-gnu.so")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# pins\naws-lambda-powertools[tracer]==3.37.0\nwrapt==2.5.2\nabsent==1.0\n")
    assert versions_under_test(layer, requirements) == {"aws-lambda-powertools": "3.37.0", "wrapt": "2.5.2"}
    assert native_modules(layer) == ["python/wrapt/_wrappers.cpython-312-x86_64-linux-gnu.so"]


def write_cell(matrix: Path, name: str, cell: dict[str, object], status: str | None = None) -> None:
    (matrix / f"{name}.cell.json").write_text(json.dumps(cell))
    if status is not None:
        (matrix / f"{name}.status").write_text(status)


def test_the_table_shows_skipped_cells_as_skipped_with_why_never_as_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a matrix with one cell that ran and passed, one that failed, and one skipped
    matrix = tmp_path / "m1"
    matrix.mkdir()
    for run_id, code in (("m1a", "0"), ("m1b", "1")):
        (tmp_path / run_id / "logger").mkdir(parents=True)
        (tmp_path / run_id / "logger" / "status").write_text(code)
    base = {"target": "local", "versions": {"aws-lambda-powertools": "3.37.0"}}
    write_cell(matrix, "a", {**base, "runtime": "python3.10", "arch": "x86_64", "status": "ready",
                             "interpreter": "3.10.13 (/py310)", "run_id": "m1a"}, "0")
    write_cell(matrix, "b", {**base, "runtime": "python3.13", "arch": "x86_64", "status": "ready",
                             "interpreter": "3.13.0 (/py313)", "run_id": "m1b"}, "1")
    write_cell(matrix, "c", {"runtime": "python3.13", "arch": "arm64", "target": "local", "status": "skipped",
                             "reason": "arm64 layer has C extensions", "run_id": "m1c"})

    # WHEN the summary is written
    status = summary.main([str(matrix)])

    # THEN the failed cell fails the matrix, each cell names its interpreter and versions,
    # and the skipped cell says why in both tables
    out = capsys.readouterr().out
    assert status == 1
    assert "3.10.13 (/py310)" in out and "aws-lambda-powertools 3.37.0" in out
    grid = next(line for line in out.splitlines() if line.startswith("logger"))
    assert grid.split() == ["logger", "PASS", "FAIL", "SKIPPED"]
    assert "SKIPPED: arm64 layer has C extensions" in (matrix / "matrix.md").read_text()


def test_a_matrix_where_no_cell_can_run_here_deploys_nothing_and_fails_saying_why(tmp_path: Path) -> None:
    # GIVEN runtimes this host has no interpreter for
    env = {"TARGET": "local", "RUNTIMES": "python3.99", "ARCHS": "x86_64 arm64", "RUNS_DIR": str(tmp_path)}
    # WHEN the matrix runs
    result = run(["make", "e2e-matrix"], env=env, cwd=ROOT, timeout=300)
    # THEN every cell is SKIPPED with the reason, nothing is PASS, and the matrix fails
    assert result.returncode != 0, result.stdout + result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("python3.99/")]
    assert len(rows) == 2 and all("SKIPPED: Runtime python3.99: no working python3.99 interpreter" in r for r in rows), rows
    assert "PASS" not in result.stdout
