"""One initialised Terraform data folder per configuration, one state per run."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from scripts.pipeline import tf_data
from scripts.pipeline.cli_config import write_cli_config
from tenacity import retry, retry_if_result, stop_after_delay, wait_fixed
from tests.kit.pipeline import ROOT, new_run_id, run

ROOT_MODULE = 'terraform {\n  backend "local" {}\n}\n\nmodule "thing" {\n  source = "../../modules/thing"\n}\n'
MODULE = 'resource "terraform_data" "thing" {\n  input = "one"\n}\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """terraform/features/demo (a root module using terraform/modules/thing), no provider needed."""
    for name in ("TF_BACKEND_CONFIG", "TF_CLI_CONFIG_FILE", "TF_WORKSPACE", "TF_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "terraform/features/demo").mkdir(parents=True)
    (tmp_path / "terraform/modules/thing").mkdir(parents=True)
    (tmp_path / "terraform/features/demo/main.tf").write_text(ROOT_MODULE)
    (tmp_path / "terraform/modules/thing/main.tf").write_text(MODULE)
    return tmp_path


def init_demo(tree: Path) -> Path:
    return tf_data.initialised("demo", tree / "terraform/features/demo", tree / "build")


def test_runs_of_one_configuration_share_one_folder_and_a_change_gets_another(tree: Path) -> None:
    # GIVEN a feature initialised once
    first = init_demo(tree)
    # WHEN it is asked for again, and again after a module changed
    again = init_demo(tree)
    (tree / "terraform/modules/thing/main.tf").write_text(MODULE.replace("one", "two"))
    changed = init_demo(tree)
    # THEN the same configuration reuses its folder, a changed one has its own, both complete
    assert again == first and changed != first
    assert all((d / tf_data.INITIALISED).is_file() and (d / "modules/modules.json").is_file() for d in (first, changed))
    assert sorted(p.name for p in (tree / "build/tfinit/demo").iterdir()) == sorted([".lock", first.name, changed.name])


def init_in_process(tree: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """The demo feature's init in a process of its own (as a run does); it prints the folder."""
    code = ("import sys; from pathlib import Path; from scripts.pipeline import tf_data; "
            "print(tf_data.initialised('demo', Path(sys.argv[1]) / 'terraform/features/demo', Path(sys.argv[1]) / 'build'))")
    return subprocess.Popen([sys.executable, "-c", code, str(tree)], cwd=ROOT, start_new_session=True, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})


def test_concurrent_first_inits_build_one_folder(tree: Path) -> None:
    # WHEN four runs need the same new configuration at once
    procs = [init_in_process(tree) for _ in range(4)]
    printed = {p.communicate(timeout=300)[0].strip() for p in procs}
    # THEN they all get one complete folder and no temporary folder is left
    assert [p.returncode for p in procs] == [0] * 4 and len(printed) == 1
    assert sorted(p.name for p in (tree / "build/tfinit/demo").iterdir()) == [".lock", Path(printed.pop()).name]


def test_runs_sharing_a_folder_keep_their_state_in_their_own_run_folder(tree: Path) -> None:
    # GIVEN one initialised folder and two runs' workspaces linked to their run folders
    data_dir = init_demo(tree)
    runs = {run_id: tree / "build/runs" / run_id / "demo" for run_id in ("rone", "rtwo")}
    for run_id, run_dir in runs.items():
        run_dir.mkdir(parents=True)
        tf_data.relink(tree / "build/workspaces/demo" / run_id, run_dir)
    # WHEN both apply at once, each in its workspace
    procs = [subprocess.Popen(["terraform", f"-chdir={tree / 'terraform/features/demo'}", "apply", "-auto-approve",
                               "-input=false", "-no-color"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "TF_DATA_DIR": str(data_dir), "TF_WORKSPACE": run_id})
             for run_id in runs]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    # THEN each state is in its own run folder, and the shared folder selected no workspace
    assert [p.returncode for p in procs] == [0, 0], outputs
    states = [json.loads((run_dir / "terraform.tfstate").read_text()) for run_dir in runs.values()]
    assert states[0]["lineage"] != states[1]["lineage"]
    assert all(len(s["resources"]) == 1 for s in states)
    assert not (data_dir / "environment").exists()


@retry(retry=retry_if_result(lambda found: not found), stop=stop_after_delay(60), wait=wait_fixed(0.05))
def temporary_folders(home: Path) -> list[Path]:
    return list(home.glob(".tmp-*")) if home.is_dir() else []


def test_a_killed_init_leaves_no_folder_in_use(tree: Path) -> None:
    # GIVEN an init that hangs (a terraform that never finishes)
    fake = tree / "bin"
    fake.mkdir()
    (fake / "terraform").write_text("#!/bin/sh\nexec sleep 600\n")
    (fake / "terraform").chmod(0o755)
    hung = init_in_process(tree, {"PATH": f"{fake}:{os.environ['PATH']}"})
    home = tree / "build/tfinit/demo"
    # WHEN it is killed half way
    assert temporary_folders(home)
    os.killpg(hung.pid, signal.SIGKILL)
    hung.wait(timeout=60)
    # THEN no configuration folder exists, and the next init builds a complete one and drops the leftover
    assert [p.name for p in home.iterdir() if not p.name.startswith(".")] == []
    data_dir = init_demo(tree)
    assert (data_dir / tf_data.INITIALISED).is_file()
    assert not list(home.glob(".tmp-*"))


def test_remote_state_puts_the_run_id_in_the_key_through_the_workspace(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a backend settings file and a backend_override.tf
    settings = tree / "backend.hcl"
    settings.write_text('bucket = "b"\n')
    (tree / "terraform/features/demo/backend_override.tf").write_text('terraform {\n  backend "s3" {}\n}\n')
    monkeypatch.setenv("TF_BACKEND_CONFIG", str(settings))
    # WHEN the backend arguments are made
    args = tf_data.backend_args("demo", tree / "terraform/features/demo", tree / "build")
    # THEN the state of workspace <run_id> is lambda-e2e/<run_id>/demo.tfstate
    assert args == [f"-backend-config={settings}", "-backend-config=key=demo.tfstate",
                    "-backend-config=workspace_key_prefix=lambda-e2e"]


def test_the_module_prints_the_data_folder_and_links_the_run(tmp_path: Path) -> None:
    # WHEN the pipeline asks for the tracer feature's folder for a new run
    run_id = new_run_id()
    run_dir = ROOT / "build/runs" / run_id / "tracer"
    config = write_cli_config(tmp_path / "cli.tfrc")
    env = {"TF_CLI_CONFIG_FILE": str(config)} if config else {}
    try:
        result = run([str(ROOT / ".venv/bin/python"), "-m", "scripts.pipeline.tf_data",
                      str(ROOT / "terraform/features/tracer"), "tracer", run_id, str(run_dir)],
                     env=env)
        # THEN it prints an initialised folder, and the workspace link leads to the run folder
        assert result.returncode == 0, result.stderr
        data_dir = Path(result.stdout.strip().splitlines()[-1])
        assert (data_dir / tf_data.INITIALISED).is_file()
        assert (ROOT / "build/workspaces/tracer" / run_id).resolve() == run_dir.resolve()
        assert (run_dir / "tfdata").resolve() == data_dir.resolve()
    finally:
        (ROOT / "build/workspaces/tracer" / run_id).unlink(missing_ok=True)
        shutil.rmtree(run_dir.parent, ignore_errors=True)
