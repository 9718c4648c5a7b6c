"""Build the runner function's zip (RUNNER=lambda) as build/runner/<feature>-<hash>.zip; print its path.

    python -m scripts.artefacts.runner_zip <feature> [--runtime python3.12] [--arch x86_64] [--out-dir build/runner]

The zip holds what the feature's suite imports, at the paths it has in the
repository (verifiers/<f>/, the verifiers' conftest, lib and schemas, the
handler files the outputs check reads, scripts.pipeline.contracts and run_record, the runner
handler), over pytest, jsonschema and tenacity with their closure
(verifiers/runner/requirements.txt), installed as binary wheels for the Lambda
runtime and architecture, not the host. The hash covers every input, so a
cache hit does no work and an unchanged suite gives the same bytes (the zip is
deterministic, like the handler zips and the layer). Builds run under a lock
and end with a rename.
"""
from __future__ import annotations

import argparse
import fcntl
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.artefacts.detzip import collect, write_zip
from scripts.artefacts.layer_prune import prune
from scripts.pipeline import contracts

ROOT = contracts.ROOT
REQUIREMENTS = ROOT / "verifiers" / "runner" / "requirements.txt"
RECIPE = (Path(__file__), ROOT / "scripts" / "artefacts" / "detzip.py", ROOT / "scripts" / "artefacts" / "layer_prune.py")
PLATFORMS = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}
# What every suite imports besides its own folder (paths relative to the repository).
SHARED = ("verifiers/__init__.py", "verifiers/conftest.py", "verifiers/outputs.py", "verifiers/lib",
          "verifiers/schemas", "verifiers/runner/__init__.py", "verifiers/runner/handler.py",
          "scripts/__init__.py", "scripts/pipeline/__init__.py", "scripts/pipeline/contracts.py",
          "scripts/pipeline/run_record.py")
HANDLER = "verifiers.runner.handler.lambda_handler"


def _files_below(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in collect(path) if "__pycache__" not in p.parts and p.suffix != ".pyc"]


def source_files(feature: str, root: Path = ROOT) -> list[Path]:
    """Every repository file the runner needs for this feature, sorted."""
    paths = [root / rel for rel in SHARED] + [root / "verifiers" / feature]
    paths += contracts.handler_files(root / "handlers" / feature)
    files = {f for path in paths for f in _files_below(path)}
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _digest(parts: list[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:20]


def packages_hash(runtime: str, arch: str) -> str:
    return _digest([runtime.encode(), arch.encode(), REQUIREMENTS.read_bytes(), *(p.read_bytes() for p in RECIPE)])


def zip_hash(packages: str, files: list[Path], root: Path = ROOT) -> str:
    return _digest([packages.encode(), *(b"%s\0%s" % (f.relative_to(root).as_posix().encode(), f.read_bytes())
                                         for f in files)])


def install_packages(target: Path, runtime: str, arch: str) -> None:
    """pip --target with the runtime's wheels; exits naming pip's reason when it cannot."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "install", "--quiet",
               "--no-compile", "--target", str(target), "--platform", PLATFORMS[arch], "--implementation", "cp",
               "--python-version", runtime.removeprefix("python"), "--only-binary=:all:", "-r", str(REQUIREMENTS)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("WARNING: Location"))
        raise SystemExit(f"runner_zip: error: could not install {REQUIREMENTS} for {runtime}/{arch}:\n{reason}")
    prune(target)


def build(feature: str, runtime: str, arch: str, out_dir: Path) -> Path:
    """The zip for these inputs, built unless it exists."""
    files = source_files(feature)
    packages = packages_hash(runtime, arch)
    out = out_dir / f"{contracts.resource_name(feature)}-{zip_hash(packages, files)}.zip"
    if out.is_file():
        return out
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if out.is_file():  # a concurrent build made it while we waited
            return out
        tree = out_dir / f"packages-{packages}"
        if not tree.is_dir():
            staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".packages."))
            try:
                install_packages(staging, runtime, arch)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            staging.rename(tree)
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".stage.") as stage_name:
            stage = Path(stage_name) / "root"
            shutil.copytree(tree, stage)
            for source in files:
                target = stage / source.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
            write_zip(out, stage, collect(stage))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.artefacts.runner_zip", description=__doc__.splitlines()[0])
    parser.add_argument("feature")
    parser.add_argument("--runtime", default="python3.12")
    parser.add_argument("--arch", default="x86_64", choices=sorted(PLATFORMS))
    parser.add_argument("--out-dir", type=Path, default=ROOT / "build" / "runner")
    args = parser.parse_args(argv)
    try:
        feature = contracts.check_feature(args.feature)
    except contracts.ContractError as err:
        print(f"runner_zip: error: {err}", file=sys.stderr)
        return 2
    print(build(feature, args.runtime, args.arch, args.out_dir.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
