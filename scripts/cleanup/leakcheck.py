"""Prove that a run left nothing behind.

    python -m scripts.cleanup.leakcheck --run-id RUN [--feature F] [--when-told]

Lists every resource tagged E2ERunId=RUN (and E2EFeature=F when given), plus
the run's layer versions. What AWS keeps by design after a delete (a KMS key
pending deletion, a secret in its recovery window) counts as gone, and is said
so. Exit 0 with one line when nothing remains; exit 1 naming each leaked
resource once and the command that removes it (`make destroy` while the run's
state holds resources, else `make sweep`); exit 2 when the
check itself could not run (bad input, endpoint unreachable, no credentials).

--when-told: the pipeline starts the check while destroy runs: it loads
boto3 and its service models first, then waits for a line `go` on stdin
before it lists anything (exit 2, having checked nothing, when stdin ends
without it: the run ended before its destroy did).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from scripts.cleanup import resources, retry
from scripts.cleanup import scope
from scripts.cleanup.resources import FEATURE_TAG, RUN_TAG, Resource
from scripts.pipeline import contracts, tfstate

TOOL = "leak check"


def _tag_match(run_id: str, feature: str | None) -> resources.TagMatch:
    def match(tags: Mapping[str, str]) -> bool:
        return tags.get(RUN_TAG) == run_id and (feature is None or tags.get(FEATURE_TAG) == feature)

    return match


def _in_state(run_id: str, feature: str) -> bool:
    """Whether `make destroy` can still remove it: remote state (CI) is not looked into.
    The run folders are where the pipeline put them (RUNS_DIR, e.g. make test's build/test/runs)."""
    runs = Path(os.environ.get("RUNS_DIR") or contracts.ROOT / "build" / "runs")
    state = runs / run_id / feature / "terraform.tfstate"
    return bool(os.environ.get("TF_BACKEND_CONFIG")) or tfstate.has_resources(state)


def _line(resource: Resource) -> str:
    """Kind and name, and the ARN only when it says more than the name (each resource named once)."""
    arn = f"  {resource.arn}" if resource.name not in resource.arn else ""
    return f"  {resource.kind:<21} {resource.name}{arn}"


def report(run_id: str, feature: str | None, where: str, found: list[Resource]) -> int:
    what = f"run {run_id}" + (f" feature {feature}" if feature else "")
    leaked, kept = resources.split_kept(found)
    for resource, why in kept:
        print(f"{TOOL}: counted as gone: {resource.kind} {resource.name} is {why}")
    if not leaked:
        print(f"{TOOL}: nothing tagged with {what} remains ({where})")
        return 0
    print(f"{TOOL}: {len(leaked)} resource(s) of {what} remain ({where}):", file=sys.stderr)
    for resource in leaked:
        print(_line(resource), file=sys.stderr)
    features = sorted({r.feature for r in leaked if r.feature} | ({feature} if feature else set()))
    destroyable = [name for name in features if _in_state(run_id, name)]
    print("clean up with:", file=sys.stderr)
    for name in destroyable:
        print(f"  make destroy RUN_ID={run_id} FEATURE={name}", file=sys.stderr)
    lost = "if the Terraform state is lost: " if destroyable else "(not in any Terraform state) "
    print(f"{'or, ' if destroyable else ''}{lost}make sweep SWEEP_RUN_ID={run_id} SWEEP_AGE=0s", file=sys.stderr)
    return 1


def _told_to_go() -> bool:
    """Loads what listing needs (the clients' service models), then waits for `go` on stdin."""
    for service in resources.LISTED_SERVICES:
        retry.client(service)
    return sys.stdin.readline().strip() == "go"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fail if any resource of a run still exists.")
    parser.add_argument("--run-id", required=True, help="the run id whose resources must be gone")
    parser.add_argument("--feature", help="only this feature's resources of the run")
    parser.add_argument("--when-told", action="store_true", help="load first, then list on a line `go` on stdin")
    args = parser.parse_args(argv)
    if args.when_told and not _told_to_go():
        print(f"{TOOL}: the run ended before its destroy did; nothing was checked", file=sys.stderr)
        return 2

    def body() -> int:
        run_id = scope.check_run_id(args.run_id)
        where = scope.target()
        leaked = resources.find(_tag_match(run_id, args.feature), scope.layer_match(run_id, args.feature))
        return report(args.run_id, args.feature, where, leaked)

    return scope.guarded(TOOL, body)


if __name__ == "__main__":
    sys.exit(main())
