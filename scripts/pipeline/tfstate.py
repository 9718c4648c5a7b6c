"""Questions about a run's Terraform state, answered from the state file, and
its recovery when the file is unreadable (a disk that filled up mid-write).

    python -m scripts.pipeline.tfstate has-resources <terraform.tfstate>
    python -m scripts.pipeline.tfstate recover <terraform.tfstate> --run-id R [--candidate FILE]...

has-resources: exit 0 when the state holds at least one resource or cannot
be read (destroy must then look), 1 when it is missing, empty or holds none.
recover: an unreadable state is set aside (`.corrupt`) and replaced by the
readable candidate with the highest serial (errored.tfstate, which Terraform
writes when it cannot save, or terraform.tfstate.backup); exit 1, naming the
sweep that removes the run by its tags, when there is none.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any


def _read(state: Path) -> dict[str, Any] | None:
    """The parsed state, or None when it is absent, empty or not a state document."""
    try:
        document = json.loads(state.read_text())
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) and "version" in document else None


def has_resources(state: Path) -> bool:
    try:
        text = state.read_text()
    except FileNotFoundError:
        return False
    if not text.strip():
        return False
    document = _read(state)
    return document is None or bool(document.get("resources"))


def recover(state: Path, candidates: list[Path]) -> Path | None:
    """Replace an unreadable state by the newest readable candidate; None when the state is fine or missing."""
    if not state.exists() or _read(state) is not None:
        return None
    readable = [(doc.get("serial", 0), path) for path in candidates if (doc := _read(path)) is not None]
    if not readable:
        raise FileNotFoundError(f"{state} is unreadable and none of {[str(p) for p in candidates]} is a readable state")
    source = max(readable, key=lambda entry: entry[0])[1]
    shutil.move(state, state.with_name(state.name + ".corrupt"))
    shutil.copy2(source, state)
    return source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.pipeline.tfstate", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["has-resources", "recover"])
    parser.add_argument("state", type=Path)
    parser.add_argument("--run-id", default="")
    parser.add_argument("--candidate", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    if args.command == "has-resources":
        return 0 if has_resources(args.state) else 1
    try:
        source = recover(args.state, args.candidate)
    except FileNotFoundError as err:
        print(f"state: {err}; remove the run's resources by their tags: "
              f"make sweep SWEEP_RUN_ID={args.run_id} SWEEP_AGE=0s", file=sys.stderr)
        return 1
    if source is not None:
        print(f"state: {args.state.name} was unreadable (kept as {args.state.name}.corrupt); recovered from {source}; "
              f"what it lacks, the leak check names and 'make sweep SWEEP_RUN_ID={args.run_id} SWEEP_AGE=0s' removes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
