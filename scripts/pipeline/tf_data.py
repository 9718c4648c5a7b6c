"""Where a run's Terraform lives: one initialised data folder per configuration,
one workspace (and state) per run.

    python -m scripts.pipeline.tf_data <tf_dir> <feature> <run_id> <run_dir>

Prints the data folder to use as TF_DATA_DIR (Terraform's output goes to
stderr); the caller sets TF_WORKSPACE=<run_id>. The folder is
build/tfinit/<feature>/<hash>, the hash covering everything `terraform init`
depends on: the root module's .tf files and lock file, every module under
terraform/modules, the CLI config, the backend settings and the terraform
binary. It is built once, in a temporary folder under a lock, and renamed into
place, so parallel runs share one folder and a killed init leaves nothing in
use. Runs only read it: the workspace comes from TF_WORKSPACE, never from the
folder. The run folder's `tfdata` links to it.

State is per run. Locally the backend's workspace_dir is
build/workspaces/<feature>/, where <run_id> links to the run folder, so the
state stays build/runs/<run_id>/<feature>/terraform.tfstate. With
TF_BACKEND_CONFIG (remote state) the backend's key is <feature>.tfstate under
workspace_key_prefix lambda-e2e: lambda-e2e/<run_id>/<feature>.tfstate.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[2]
INITIALISED = "e2e-initialised"  # written last: a folder without it was never renamed into place
REMOTE_PREFIX = "lambda-e2e"


class WorkdirError(Exception):
    """A setting that makes init impossible; the message says what to do."""


def backend_args(feature: str, tf_dir: Path, build: Path) -> list[str]:
    """The -backend-config arguments: the same for every run of the feature."""
    config = os.environ.get("TF_BACKEND_CONFIG")
    if not config:
        workspaces = build / "workspaces" / feature
        return [f"-backend-config=workspace_dir={workspaces}", f"-backend-config=path={workspaces / 'default.tfstate'}"]
    if not Path(config).is_file():
        raise WorkdirError(f"TF_BACKEND_CONFIG='{config}' is not a file")
    if not (tf_dir / "backend_override.tf").is_file():
        raise WorkdirError(f"TF_BACKEND_CONFIG needs {tf_dir}/backend_override.tf declaring the backend,"
                           ' e.g. terraform { backend "s3" {} }')
    return [f"-backend-config={config}", f"-backend-config=key={feature}.tfstate",
            f"-backend-config=workspace_key_prefix={REMOTE_PREFIX}"]


def configuration_files(tf_dir: Path) -> list[Path]:
    """What init reads: the root module (links followed), its lock file, every module
    (tf_dir is terraform/features/<f>, the modules terraform/modules/)."""
    roots = sorted(p for p in tf_dir.iterdir() if p.suffix == ".tf" or p.name == ".terraform.lock.hcl")
    modules = sorted(p for p in (tf_dir.parents[1] / "modules").rglob("*.tf"))
    return [*roots, *modules]


def configuration_hash(tf_dir: Path, args: list[str]) -> str:
    digest = hashlib.sha256()
    for path in configuration_files(tf_dir):
        digest.update(f"{path.relative_to(tf_dir.parents[1])}\0".encode())
        digest.update(path.read_bytes() + b"\0")
    cli_config = os.environ.get("TF_CLI_CONFIG_FILE")
    if cli_config and Path(cli_config).is_file():
        digest.update(Path(cli_config).read_bytes())
    backend_file = os.environ.get("TF_BACKEND_CONFIG")
    if backend_file:
        digest.update(Path(backend_file).read_bytes())
    terraform = shutil.which("terraform") or "terraform"
    stat = Path(terraform).stat()
    digest.update(f"{args}\0{terraform}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_init(tf_dir: Path, data_dir: Path, args: list[str]) -> int:
    """terraform init into data_dir; a SIGINT/SIGTERM is passed on to it."""
    env = {k: v for k, v in os.environ.items() if k != "TF_WORKSPACE"}  # init the default workspace only
    env["TF_DATA_DIR"] = str(data_dir)
    command = ["terraform", f"-chdir={tf_dir}", "init", "-input=false", "-no-color", "-lockfile=readonly", *args]
    with subprocess.Popen(command, env=env, stdout=sys.stderr) as proc:
        def forward(signum: int, _frame: FrameType | None) -> None:
            proc.send_signal(signum)
        previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            return proc.wait()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def initialised(feature: str, tf_dir: Path, build: Path) -> Path:
    """The feature's data folder for its current configuration, built when missing."""
    args = backend_args(feature, tf_dir, build)
    home = build / "tfinit" / feature
    data_dir = home / configuration_hash(tf_dir, args)
    if (data_dir / INITIALISED).is_file():
        print(f"init: {data_dir} is initialised for this configuration", file=sys.stderr)
        return data_dir
    with locked(home / ".lock"):
        if (data_dir / INITIALISED).is_file():  # another run built it while we waited
            return data_dir
        for stale in home.glob(".tmp-*"):  # left by a killed init: nobody else holds the lock
            shutil.rmtree(stale, ignore_errors=True)
        building = Path(tempfile.mkdtemp(prefix=".tmp-", dir=home))
        rc = run_init(tf_dir, building, args)
        if rc != 0:
            shutil.rmtree(building, ignore_errors=True)
            raise WorkdirError(f"terraform init failed (exit {rc})")
        (building / INITIALISED).write_text(" ".join(args) + "\n")
        os.rename(building, data_dir)
    return data_dir


def relink(link: Path, target: Path) -> None:
    """Point link at target (relative), replacing an older link atomically."""
    link.parent.mkdir(parents=True, exist_ok=True)
    relative = Path(os.path.relpath(target, link.parent))
    if link.is_symlink() and Path(os.readlink(link)) == relative:
        return
    temporary = link.with_name(f".{link.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(relative)
    os.replace(temporary, link)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 4:
        print("usage: python -m scripts.pipeline.tf_data <tf_dir> <feature> <run_id> <run_dir>", file=sys.stderr)
        return 2
    tf_dir, feature, run_id, run_dir = Path(args[0]).resolve(), args[1], args[2], Path(args[3]).resolve()
    build = ROOT / "build"
    try:
        data_dir = initialised(feature, tf_dir, build)
    except WorkdirError as error:
        print(f"init: {error}", file=sys.stderr)
        return 1
    if not os.environ.get("TF_BACKEND_CONFIG"):  # the local backend keeps the run's state in its folder
        relink(build / "workspaces" / feature / run_id, run_dir)
    relink(run_dir / "tfdata", data_dir)  # which configuration the run used
    print(data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
