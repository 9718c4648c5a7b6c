"""Layer builds: deterministic, cached, atomic under concurrency, clear on failure; LAYER_SOURCE in place of the pinned release."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.kit.pipeline import ROOT, copy_layer_recipe, layer, layer_path, run

SMALL = "typing-extensions==4.16.0\n"  # one pure wheel: a real pip run that stays quick


@pytest.fixture
def small(tmp_path: Path) -> Path:
    checkout = copy_layer_recipe(tmp_path / "checkout")
    (checkout / "layer/requirements.txt").write_text(SMALL)
    return checkout


def built(result: subprocess.CompletedProcess[str]) -> Path:
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def test_two_builds_give_the_same_bytes(small: Path, tmp_path: Path) -> None:
    first = built(layer(small, {"LAYER_DIR": str(tmp_path / "a")}))
    second = built(layer(small, {"LAYER_DIR": str(tmp_path / "b")}))
    assert first.name == second.name
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert any(i.filename == "python/typing_extensions.py" for i in infos)


def test_a_cache_hit_runs_neither_pip_nor_zip(small: Path) -> None:
    zip_path = built(layer(small))
    # GIVEN a Python that fails when run WHEN the same inputs build again THEN nothing runs it
    venv = small / ".venv"
    venv.unlink()
    (venv / "bin").mkdir(parents=True)
    (venv / "bin/python").write_text("#!/bin/sh\necho 'python ran on a cache hit' >&2\nexit 9\n")
    (venv / "bin/python").chmod(0o755)
    again = layer(small)
    assert built(again) == zip_path
    assert "cache hit" in again.stderr


def test_concurrent_builds_leave_one_intact_zip(small: Path) -> None:
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: layer(small), range(3)))
    paths = {built(r) for r in results}
    assert len(paths) == 1
    zip_path = paths.pop()
    with zipfile.ZipFile(zip_path) as archive:
        assert archive.testzip() is None
    assert sorted(p.name for p in zip_path.parent.iterdir()) == [".lock", zip_path.name]


def test_an_unresolvable_requirement_fails_clearly_and_writes_no_zip(small: Path) -> None:
    (small / "layer/requirements.txt").write_text("no-such-package-e2e-pipeline==0.0.1\n")
    result = layer(small)
    assert result.returncode != 0
    assert "could not resolve the layer requirements" in result.stderr
    assert "no-such-package-e2e-pipeline" in result.stderr
    assert not list((small / "build/layer").glob("*.zip"))
    assert not list((small / "build/layer").glob(".build.*"))


@pytest.mark.parametrize("env, message", [
    ({"ARCH": "sparc"}, "ARCH='sparc' is not valid: use x86_64 or arm64"),
    ({"PYTHON_RUNTIME": "nodejs20.x"}, "PYTHON_RUNTIME 'nodejs20.x' is not a Lambda Python runtime"),
    ({"PYTHON_RUNTIME": "python3.99"}, "PYTHON_RUNTIME 'python3.99' is not a Lambda Python runtime"),
    ({"LAYER_SOURCE": "/no/such/folder"}, "LAYER_SOURCE='/no/such/folder' is not a folder"),
])
def test_bad_layer_inputs_are_named(small: Path, env: dict[str, str], message: str) -> None:
    result = layer(small, env)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_local_source_is_installed_over_the_requirements(small: Path, tmp_path: Path) -> None:
    source = tmp_path / "my lib"  # a path with a space
    (source / "mylib").mkdir(parents=True)
    (source / "mylib/__init__.py").write_text("VERSION = '9.9'\n")
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "mylib"\nversion = "9.9"\n'
    )
    zip_path = built(layer(small, {"LAYER_SOURCE": str(source)}))
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        assert archive.read("python/mylib/__init__.py") == b"VERSION = '9.9'\n"
    assert "python/typing_extensions.py" in names
    assert not any(n.endswith("direct_url.json") for n in names)


def test_the_default_layer_holds_powertools_without_the_runtime_packages() -> None:
    result = layer(ROOT)
    zip_path = built(result)
    assert zip_path == Path(layer_path(ROOT))
    with zipfile.ZipFile(zip_path) as archive:
        tops = {n.split("/")[1] for n in archive.namelist() if n.startswith("python/") and n != "python/"}
    assert {"aws_lambda_powertools", "aws_xray_sdk", "wrapt"} <= tops
    assert not tops & {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six.py", "bin"}


def test_a_features_packages_are_installed_with_the_base_ones(small: Path) -> None:
    # GIVEN a feature that needs one more package than the base requirements
    extra = small / "handlers/masking/requirements.txt"
    extra.parent.mkdir(parents=True)
    extra.write_text("idna==3.20\n")
    # WHEN its layer is built
    zip_path = built(layer(small, {"FEATURE": "masking"}))
    # THEN the zip holds both the base package and the feature's
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
    assert {"python/typing_extensions.py", "python/idna/__init__.py"} <= names


def test_a_features_run_names_its_own_packages_among_the_versions_under_test(small: Path, tmp_path: Path) -> None:
    # GIVEN a feature that needs one more package than the base requirements
    extra = small / "handlers/masking/requirements.txt"
    extra.parent.mkdir(parents=True)
    extra.write_text("idna==3.20\n")
    shutil.copytree(ROOT / "scripts/sh", small / "scripts/sh")  # the pipeline's phases, run in the checkout
    # WHEN the layer phase of its run builds the layer
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    script = (f'source "{small}/scripts/sh/lib.sh"; source "{small}/scripts/sh/phases.sh"\n'
              f'RUN_DIR="{run_dir}" E2E_FEATURE=masking\nbuild_layer')
    result = run(["bash", "-c", script], env={"FEATURE": "masking"}, cwd=small)
    assert result.returncode == 0, result.stderr
    # THEN under_test.txt names the base package and the feature's, in that order
    under_test = (run_dir / "under_test.txt").read_text()
    assert under_test.strip() == "layer: under test typing-extensions==4.16.0, idna==3.20"


def local_typing_extensions(folder: Path, version: str) -> Path:
    """A checkout of the pinned package itself, at another version, with docs and tests beside it."""
    folder.mkdir(parents=True)
    (folder / "typing_extensions.py").write_text(f"LOCAL = {version!r}\n")
    (folder / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
        f'[project]\nname = "typing_extensions"\nversion = "{version}"\n'
        '[tool.setuptools]\npy-modules = ["typing_extensions"]\n'
    )
    (folder / "docs").mkdir()
    (folder / "docs/index.md").write_text("# docs\n")
    (folder / "tests").mkdir()
    (folder / "tests/test_it.py").write_text("def test_it():\n    pass\n")
    return folder


def test_the_checkout_replaces_the_pinned_release_leaving_one_dist_info(small: Path, tmp_path: Path) -> None:
    # GIVEN a local checkout of the pinned package at version 99.0
    source = local_typing_extensions(tmp_path / "src", "99.0")
    # WHEN the layer is built from it
    result = layer(small, {"LAYER_SOURCE": str(source)})
    # THEN the layer holds the checkout's module and its one dist-info, and the build says the version
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(result.stdout.strip().splitlines()[-1]) as archive:
        dist_infos = {n.split("/")[1] for n in archive.namelist() if ".dist-info/" in n}
        assert archive.read("python/typing_extensions.py") == b"LOCAL = '99.0'\n"
    assert dist_infos == {"typing_extensions-99.0.dist-info"}, dist_infos
    assert "layer: under test typing-extensions==99.0" in result.stderr, result.stderr


@pytest.mark.slow(seconds=60)
def test_docs_and_tests_of_the_checkout_do_not_change_the_hash_its_code_does(small: Path, tmp_path: Path) -> None:
    # GIVEN a layer path for a local checkout
    source = local_typing_extensions(tmp_path / "src", "99.0")
    env = {"LAYER_SOURCE": str(source)}
    before = layer_path(small, env)
    # WHEN only its docs and tests change THEN the layer is the same
    (source / "docs/index.md").write_text("# docs, edited\n")
    (source / "tests/test_it.py").write_text("def test_it():\n    assert True\n")
    assert layer_path(small, env) == before
    # WHEN its code changes THEN the layer is another one
    (source / "typing_extensions.py").write_text("LOCAL = 'edited'\n")
    assert layer_path(small, env) != before
