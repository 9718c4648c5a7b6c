"""Prove that a run left nothing behind.

    .venv/bin/python scripts/leakcheck.py --run-id RUN [--feature F]

Lists every resource tagged E2ERunId=RUN (and E2EFeature=F when given), plus
the run's layer versions. Exit 0 with one line when nothing remains; exit 1
naming each leaked resource and the command that removes it; exit 2 when the
check itself could not run (bad input, endpoint unreachable, no credentials).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping

from scripts.cleanup import resources
from scripts.cleanup import scope
from scripts.cleanup.resources import FEATURE_TAG, RUN_TAG, Resource

TOOL = "leak check"


def _tag_match(run_id: str, feature: str | None) -> resources.TagMatch:
    def match(tags: Mapping[str, str]) -> bool:
        return tags.get(RUN_TAG) == run_id and (feature is None or tags.get(FEATURE_TAG) == feature)

    return match


def report(run_id: str, feature: str | None, where: str, leaked: list[Resource]) -> int:
    what = f"run {run_id}" + (f" feature {feature}" if feature else "")
    if not leaked:
        print(f"{TOOL}: nothing tagged with {what} remains ({where})")
        return 0
    print(f"{TOOL}: {len(leaked)} resource(s) of {what} remain ({where}):", file=sys.stderr)
    for resource in leaked:
        print(f"  {resource.kind:<21} {resource.name}  {resource.arn}", file=sys.stderr)
    features = sorted({r.feature for r in leaked if r.feature} | ({feature} if feature else set()))
    print("clean up with:", file=sys.stderr)
    for name in features:
        print(f"  make destroy RUN_ID={run_id} FEATURE={name}", file=sys.stderr)
    print(f"or, if the Terraform state is lost: make sweep SWEEP_RUN_ID={run_id} SWEEP_AGE=0s", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fail if any resource of a run still exists.")
    parser.add_argument("--run-id", required=True, help="the run id whose resources must be gone")
    parser.add_argument("--feature", help="only this feature's resources of the run")
    args = parser.parse_args(argv)

    def body() -> int:
        run_id = scope.check_run_id(args.run_id)
        where = scope.target()
        leaked = resources.find(_tag_match(run_id, args.feature), scope.layer_match(run_id, args.feature))
        return report(args.run_id, args.feature, where, leaked)

    return scope.guarded(TOOL, body)


if __name__ == "__main__":
    sys.exit(main())
