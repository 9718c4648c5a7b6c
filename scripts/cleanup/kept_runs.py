"""Runs left deployed on purpose, which a sweep spares unless told otherwise.

`make e2e KEEP=1` and `make deploy` leave a run deployed on purpose; a later
`make sweep SWEEP_AGE=0s` must not delete it without being asked. The ledger is
one empty file per kept run and feature, `build/kept-runs/<run_id>.<feature>`,
written when the run is kept and removed when `make destroy` (or a later e2e
of the same run) destroyed it. The sweep spares a kept run unless FORCE=1 or
SWEEP_RUN_ID names it. The ledger is this checkout's: a sweep elsewhere (e.g. CI's
hourly `TARGET=aws` sweep) does not know it.

    python -m scripts.cleanup.kept_runs mark|unmark RUN_ID FEATURE
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.pipeline import contracts  # only: the pipeline calls this around every destroy, boto3 is slow to import

LEDGER = contracts.ROOT / "build" / "kept-runs"


def mark(run_id: str, feature: str, ledger: Path = LEDGER) -> None:
    ledger.mkdir(parents=True, exist_ok=True)
    (ledger / f"{contracts.check_run_id(run_id)}.{contracts.check_feature(feature)}").touch()


def unmark(run_id: str, feature: str, ledger: Path = LEDGER) -> None:
    (ledger / f"{contracts.check_run_id(run_id)}.{contracts.check_feature(feature)}").unlink(missing_ok=True)


def kept_run_ids(ledger: Path = LEDGER) -> set[str]:
    """The run ids with at least one kept feature."""
    return {entry.name.split(".", 1)[0] for entry in ledger.glob("*.*")} if ledger.is_dir() else set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.cleanup.kept_runs", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["mark", "unmark"])
    parser.add_argument("run_id")
    parser.add_argument("feature")
    args = parser.parse_args(argv)
    try:
        (mark if args.command == "mark" else unmark)(args.run_id, args.feature)
    except contracts.ContractError as err:
        print(f"kept runs: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
