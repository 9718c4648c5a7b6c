"""Helpers for the fault tests: seed tagged resources, count what each fault left behind."""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tests.kit.checkout import processes_of
from tests.kit.cloud import LocalCloudHandle
from tests.kit.pipeline import run_module
from tests.kit.zips import zip_files

HANDLER_ZIP = zip_files({"handler.py": "def lambda_handler(event, context):\n    return event\n"})


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def hours_ago(hours: float) -> str:
    return iso(datetime.now(timezone.utc) - timedelta(hours=hours))


@dataclass(frozen=True)
class Seeded:
    function: str
    role: str
    log_group: str
    layer_version: str
    bucket: str


class Seeder:
    """Creates one function, role (with inline and attached policies), log group and layer version."""

    def __init__(self, cloud: LocalCloudHandle) -> None:
        self.iam = cloud.client("iam")
        self.lam = cloud.client("lambda")
        self.logs = cloud.client("logs")
        self.sqs = cloud.client("sqs")
        self.s3 = cloud.client("s3")

    def __call__(self, run_id: str, feature: str = "tracer", created_at: str = "", tagged: bool = True) -> Seeded:
        """Resources named after the run, tagged like the framework tags them unless tagged=False."""
        tags = {"E2ERunId": run_id, "E2EFeature": feature, "E2ECreatedAt": created_at or hours_ago(0)}
        name = f"e2e-{run_id}-{feature}"
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
        role_tags = [{"Key": k, "Value": v} for k, v in tags.items()] if tagged else []
        role = self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), Tags=role_tags)
        self.iam.put_role_policy(RoleName=name, PolicyName="logs", PolicyDocument=json.dumps(_logs_policy()))
        policy = self.iam.create_policy(PolicyName=f"{name}-xray", PolicyDocument=json.dumps(_logs_policy()))
        self.iam.attach_role_policy(RoleName=name, PolicyArn=policy["Policy"]["Arn"])
        # Like terraform/modules/layer: named after run and feature, described "e2e layer <zip>".
        layer = self.lam.publish_layer_version(
            LayerName=name, Content={"ZipFile": HANDLER_ZIP}, **({"Description": "e2e layer 0a1b.zip"} if tagged else {})
        )
        self.lam.create_function(
            FunctionName=f"{name}-handler",
            Runtime="python3.12",
            Role=role["Role"]["Arn"],
            Handler="handler.lambda_handler",
            Code={"ZipFile": HANDLER_ZIP},
            Layers=[layer["LayerVersionArn"]],
            Tags=tags if tagged else {},
        )
        group = f"/aws/lambda/{name}-handler"
        self.logs.create_log_group(logGroupName=group, **({"tags": tags} if tagged else {}))
        # Like the code bucket of terraform/modules/feature_functions, with one handler zip in it.
        bucket = f"{name}-code-123456789012"
        self.s3.create_bucket(Bucket=bucket)
        self.s3.put_object(Bucket=bucket, Key="handler.zip", Body=HANDLER_ZIP)
        if tagged:
            self.s3.put_bucket_tagging(
                Bucket=bucket, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]}
            )
        return Seeded(f"{name}-handler", name, group, f"{name}:{layer['Version']}", bucket)

    def exists(self, seeded: Seeded) -> dict[str, bool]:
        functions = {f["FunctionName"] for p in self.lam.get_paginator("list_functions").paginate() for f in p["Functions"]}
        roles = {r["RoleName"] for p in self.iam.get_paginator("list_roles").paginate() for r in p["Roles"]}
        groups = {
            g["logGroupName"] for p in self.logs.get_paginator("describe_log_groups").paginate() for g in p["logGroups"]
        }
        layer, version = seeded.layer_version.rsplit(":", 1)
        versions = {str(v["Version"]) for v in self.lam.list_layer_versions(LayerName=layer)["LayerVersions"]}
        buckets = {b["Name"] for b in self.s3.list_buckets()["Buckets"]}
        return {
            "bucket": seeded.bucket in buckets,
            "function": seeded.function in functions,
            "role": seeded.role in roles,
            "log_group": seeded.log_group in groups,
            "layer_version": version in versions,
        }


def files_outside_build(checkout: Path) -> dict[str, int]:
    """Every path of the checkout and its parent folder outside build/ and .venv: files with their
    mtime (ns), folders with 0 (making build/ changes the checkout's own mtime, as it may)."""
    found: dict[str, int] = {}
    for path in checkout.parent.rglob("*"):
        relative = path.relative_to(checkout.parent).parts
        if relative[:2] in ((checkout.name, "build"), (checkout.name, ".venv")):
            continue
        try:
            status = path.lstat()
        except FileNotFoundError:
            continue  # removed while we looked
        found[str(path)] = 0 if stat.S_ISDIR(status.st_mode) else status.st_mtime_ns
    return found


def _logs_policy() -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}


@dataclass
class Ledger:
    """What the fault suite tried, and what the leak check found afterwards."""

    faults: int = 0
    bad_inputs: int = 0
    leaked: int = 0
    touched_outside_build: int = 0
    processes_left: int = 0


class Afterwards:
    """Counts a fault or bad input as tried once the leak check found nothing of its run."""

    def __init__(self, ledger: Ledger, cloud: LocalCloudHandle) -> None:
        self.ledger, self.cloud = ledger, cloud

    def fault(self, run_id: str) -> None:
        self.ledger.faults += 1
        self._nothing_left(run_id)

    def bad_input(self, run_id: str) -> None:
        self.ledger.bad_inputs += 1
        self._nothing_left(run_id)

    def clean(self, run_id: str) -> None:
        """A run that was no fault must leave nothing either."""
        self._nothing_left(run_id)

    def host_untouched(self, before: dict[str, int], after: dict[str, int]) -> None:
        """No file outside build/ appeared or changed between two `files_outside_build` snapshots."""
        touched = sorted(path for path in after.keys() | before.keys() if after.get(path) != before.get(path))
        self.ledger.touched_outside_build += len(touched)
        assert not touched, f"files outside build/ touched: {touched}"

    @staticmethod
    def processes_alive(needle: str) -> list[int]:
        return processes_of(needle)

    def interrupted(self) -> None:
        """A fault without a run id (nothing deployed): counted as tried."""
        self.ledger.faults += 1

    def no_process_left(self, needle: str) -> None:
        """No process mentions needle (a path only this run used) in its command line."""
        left = processes_of(needle)
        self.ledger.processes_left += len(left)
        assert not left, f"processes {left} still run {needle!r}"

    def bad_input_without_run(self, tagged_before: int) -> None:
        """For inputs without a usable run id: no framework-tagged resource appeared at all."""
        self.ledger.bad_inputs += 1
        appeared = self.tagged_total() - tagged_before
        self.ledger.leaked += max(0, appeared)
        assert appeared <= 0, f"{appeared} framework-tagged resources appeared"

    def tagged_total(self) -> int:
        """How many resources carry the framework's tags (a dry-run sweep of everything)."""
        result = run_module("scripts.cleanup.sweep", [], {**self.cloud.env, "DRY_RUN": "1", "SWEEP_AGE": "0s"})
        found = re.search(r"would delete (\d+),", result.stdout)
        assert result.returncode == 0 and found, result.stdout + result.stderr
        return int(found.group(1))

    def _nothing_left(self, run_id: str) -> None:
        result = run_module("scripts.cleanup.leakcheck", ["--run-id", run_id], self.cloud.env)
        found = re.search(r"(\d+) resource\(s\)", result.stderr)
        self.ledger.leaked += int(found.group(1)) if found else 0
        assert result.returncode == 0, f"leak check after the run:\n{result.stdout}{result.stderr}"
