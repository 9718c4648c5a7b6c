"""`run.json`: where a run's feature was deployed (target, region, endpoint), written
at deploy into its folder, so that anything run later against the run (a
standalone `pytest verifiers/<f> --outputs …`, `make logs`) talks to that same
place, and refuses to talk to another.

    python -m scripts.pipeline.run_record write build/runs/<run>/<feature>

`write` takes the run from the environment the pipeline sets (TARGET,
AWS_REGION, AWS_ENDPOINT_URL, E2E_RUN_ID, E2E_FEATURE, PYTHON_RUNTIME, ARCH).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from scripts.pipeline.contracts import check_target

RUN_FILE = "run.json"
# What a local run's clients need besides its endpoint; real credentials in the shell must not reach AWS.
LOCAL_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
AMBIENT_CREDENTIALS = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    feature: str
    target: str
    region: str
    endpoint: str | None  # AWS_ENDPOINT_URL of a local run; None on AWS
    runtime: str
    architecture: str


class TargetMismatch(ValueError):
    """The shell names another target than the one the run was deployed to."""


def from_env(env: dict[str, str]) -> RunRecord:
    target = check_target(env.get("TARGET", "local"))
    return RunRecord(env["E2E_RUN_ID"], env["E2E_FEATURE"], target, env["AWS_REGION"],
                     env.get("AWS_ENDPOINT_URL") if target == "local" else None,
                     env.get("PYTHON_RUNTIME", ""), env.get("ARCH", ""))


def write(run_dir: Path, record: RunRecord) -> Path:
    path = run_dir / RUN_FILE
    path.write_text(json.dumps(asdict(record), indent=2) + "\n", encoding="utf-8")
    return path


def read(run_dir: Path) -> RunRecord | None:
    """The run's record; None for a folder from before run.json existed."""
    try:
        raw = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return RunRecord(**raw)


def environment_for(record: RunRecord, env: dict[str, str]) -> dict[str, str]:
    """The variables to set so clients reach the run's target; raises TargetMismatch when the
    shell explicitly names another one (TARGET, or an AWS_ENDPOINT_URL elsewhere)."""
    where = f"run {record.run_id} ({record.feature}) was deployed to TARGET={record.target}"
    if env.get("TARGET", record.target) != record.target:
        raise TargetMismatch(f"{where}, but the shell has TARGET={env['TARGET']}: unset it or use TARGET={record.target}")
    endpoint = env.get("AWS_ENDPOINT_URL")
    if record.target == "aws" and endpoint:
        raise TargetMismatch(f"{where}, but the shell has AWS_ENDPOINT_URL={endpoint}: unset it")
    if record.target == "local" and endpoint and endpoint != record.endpoint:
        raise TargetMismatch(f"{where} at {record.endpoint}, but the shell has AWS_ENDPOINT_URL={endpoint}")
    wanted = {"TARGET": record.target, "AWS_REGION": record.region, "AWS_DEFAULT_REGION": record.region}
    if record.target == "local" and record.endpoint:
        wanted.update(AWS_ENDPOINT_URL=record.endpoint, **LOCAL_CREDENTIALS)
    return wanted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.pipeline.run_record", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("write").add_argument("run_dir", type=Path)
    args = parser.parse_args(argv)
    print(write(args.run_dir, from_env(dict(os.environ))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
