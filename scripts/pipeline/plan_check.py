"""Name what a non-empty second plan would change (`terraform show -json <plan>`).

    python -m scripts.pipeline.plan_check <plan.json>

After a deploy and a verify, a second `terraform plan` must show no change
(the blueprint-test habit): anything it would change means the module does
not converge or the tests changed what Terraform owns. Exit 0 when the plan
changes nothing, 1 with one line per resource otherwise.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def changes(plan: dict[str, Any]) -> list[str]:
    """`<address>: <actions>` for every resource the plan would change."""
    found = []
    for change in plan.get("resource_changes", []):
        actions = change.get("change", {}).get("actions", [])
        if actions and actions not in (["no-op"], ["read"]):
            found.append(f"{change['address']}: {'/'.join(actions)}")
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m scripts.pipeline.plan_check <plan.json>", file=sys.stderr)
        return 2
    found = changes(json.loads(Path(args[0]).read_text()))
    if not found:
        print("plan: no changes")
        return 0
    print(f"plan: FAIL: the second plan is not empty; {len(found)} resource(s) would change:")
    for line in found:
        print(f"  {line}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
