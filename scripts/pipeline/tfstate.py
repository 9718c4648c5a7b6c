"""Questions about a run's Terraform state, answered from the state file.

    python -m scripts.pipeline.tfstate has-resources <terraform.tfstate>

Exit 0 when the state holds at least one resource, 1 when it is missing,
empty or holds none (destroy then has nothing to do).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def has_resources(state: Path) -> bool:
    try:
        text = state.read_text()
    except FileNotFoundError:
        return False
    if not text.strip():
        return False
    return bool(json.loads(text).get("resources"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "has-resources":
        print("usage: python -m scripts.pipeline.tfstate has-resources <terraform.tfstate>", file=sys.stderr)
        return 2
    return 0 if has_resources(Path(args[1])) else 1


if __name__ == "__main__":
    sys.exit(main())
