"""Delete what earlier runs left behind (`make sweep`).

    SWEEP_AGE=12h DRY_RUN=1 .venv/bin/python scripts/sweep.py

Deletes resources tagged by this framework (E2ERunId) whose E2ECreatedAt is
older than SWEEP_AGE (default 12h; forms like 90s, 30m, 12h, 2d, 1d12h), and
the framework's layer versions older than that. SWEEP_RUN_ID limits it to one
run. DRY_RUN=1 only lists. Untagged resources are never considered; a tagged
one without a readable E2ECreatedAt is kept and reported. Runs kept on purpose
(KEEP=1, `make deploy`: scripts/cleanup/kept_runs.py) are spared unless
SWEEP_RUN_ID names them or FORCE=1.
Exit 0 when everything due was deleted, 1 if a deletion failed, 2 on bad input.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

from botocore.exceptions import BotoCoreError, ClientError

from scripts.cleanup import kept_runs, kinds, resources
from scripts.cleanup import scope
from scripts.cleanup.resources import RUN_TAG, Resource
from scripts.cleanup.retry import RetriesExhausted

TOOL = "sweep"
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
DURATION = re.compile(r"(?:\d+[smhd])+")


def parse_age(text: str) -> timedelta:
    """'1d12h' -> 36 hours; anything else that is not number+unit pairs is refused."""
    value = text.strip()
    if not DURATION.fullmatch(value):
        raise scope.UsageError(
            f"SWEEP_AGE={text!r} is not a duration: use numbers with units s, m, h or d, e.g. 30m, 12h, 2d, 1d12h"
        )
    return sum(
        (timedelta(**{UNITS[unit]: int(amount)}) for amount, unit in re.findall(r"(\d+)([smhd])", value)),
        timedelta(),
    )


def _tag_match(run_id: str) -> resources.TagMatch:
    def match(tags: Mapping[str, str]) -> bool:
        return RUN_TAG in tags and (not run_id or tags[RUN_TAG] == run_id)

    return match


def _run_of(resource: Resource) -> str:
    """The run a resource belongs to: its E2ERunId tag, or for a layer version its name."""
    if resource.run_id:
        return resource.run_id
    parts = scope.LAYER_NAME.fullmatch(resource.name.rsplit(":", 1)[0])
    return parts["run"] if parts else ""


def _spare_kept_runs(due: list[Resource]) -> list[Resource]:
    """Leave out the runs kept on purpose, saying once per run how to delete them anyway."""
    kept = kept_runs.kept_run_ids()
    spared = sorted({_run_of(r) for r in due} & kept)
    for run in spared:
        print(f"{TOOL}: keeping run {run}: it was kept on purpose (KEEP=1 or make deploy); "
              f"delete it with 'make destroy RUN_ID={run} FEATURE=...', SWEEP_RUN_ID={run} or FORCE=1",
              file=sys.stderr)
    return [r for r in due if _run_of(r) not in spared]


def sweep(age: timedelta, run_id: str, dry_run: bool, where: str, force: bool = False) -> int:
    cutoff = datetime.now(timezone.utc) - age
    found, kept = resources.split_kept(resources.find(_tag_match(run_id), scope.layer_match(run_id)))
    for resource, why in kept:
        print(f"{TOOL}: already gone: {resource.describe()} is {why}")
    due = [r for r in found if r.created_at is not None and r.created_at <= cutoff]
    if not (run_id or force):
        due = _spare_kept_runs(due)
    unknown = [r for r in found if r.created_at is None]
    for resource in unknown:
        print(f"{TOOL}: keeping {resource.describe()}: no valid E2ECreatedAt tag", file=sys.stderr)
    deleted, failed = _delete_all(due, dry_run)
    verb = "would delete" if dry_run else "deleted"
    print(
        f"{TOOL}: {verb} {deleted}, kept {len(found) - len(due)} newer than {age}, undated or kept on purpose, "
        f"failed {failed} ({where}{', DRY_RUN' if dry_run else ''})"
    )
    return 1 if failed else 0


def _delete_all(due: list[Resource], dry_run: bool) -> tuple[int, int]:
    deleted = failed = 0
    for kind in resources.DELETE_ORDER:
        for resource in (r for r in due if r.kind == kind):
            created = resource.created_at.isoformat() if resource.created_at else "?"
            if dry_run:
                print(f"{TOOL}: would delete {resource.describe()}, created {created}")
                deleted += 1
                continue
            try:
                gone = resources.delete(resource)
            except (ClientError, BotoCoreError, RetriesExhausted) as exc:  # report it, sweep the rest
                print(f"{TOOL}: FAILED to delete {resource.describe()}: {exc}", file=sys.stderr)
                failed += 1
                continue
            print(f"{TOOL}: {'deleted' if gone else 'already gone'}: {resource.describe()}, created {created}")
            deleted += 1
    for resource in (r for r in due if r.kind == resources.OTHER):
        print(f"{TOOL}: cannot delete {resource.describe()}: no deleter for its kind; delete it with: "
              f"{kinds.cli_command(resource.arn)}", file=sys.stderr)
        failed += 1
    return deleted, failed


def main() -> int:
    def body() -> int:
        age = parse_age(os.environ.get("SWEEP_AGE") or "12h")  # make exports unset variables as ""
        where = scope.target()
        run_id = os.environ.get("SWEEP_RUN_ID", "")
        if run_id:
            scope.check_run_id(run_id)
        yes = ("1", "true", "yes")
        return sweep(age, run_id, os.environ.get("DRY_RUN", "") in yes, where, os.environ.get("FORCE", "") in yes)

    return scope.guarded(TOOL, body)


if __name__ == "__main__":
    sys.exit(main())
