"""The sweeper deletes old framework-tagged resources and nothing else."""

from __future__ import annotations

import pytest
from faultkit import Seeder, hours_ago

from tests.kit.checkout import make, make_env
from scripts.cleanup import kept_runs
from tests.kit.cloud import LocalCloudHandle
from tests.kit.pipeline import ROOT, new_run_id, run_module

ALL_GONE = {"bucket": False, "function": False, "role": False, "log_group": False, "layer_version": False}
ALL_THERE = {"bucket": True, "function": True, "role": True, "log_group": True, "layer_version": True}


def test_deletes_old_tagged_keeps_fresh_and_untagged(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN a run created 13 hours ago, a run created now, and untagged resources
    old = seed(new_run_id(), created_at=hours_ago(13))
    fresh = seed(new_run_id(), created_at=hours_ago(0))
    untagged = seed(new_run_id(), tagged=False)

    # WHEN the sweeper runs with the default age (12h)
    result = run_module("scripts.cleanup.sweep", [], cloud.env)

    # THEN only the old run is gone (role first stripped of its policies)
    assert result.returncode == 0, result.stderr
    assert seed.exists(old) == {**ALL_GONE, "layer_version": True}
    assert seed.exists(fresh) == ALL_THERE
    assert seed.exists(untagged) == ALL_THERE
    assert f"deleted: iam role {old.role}" in result.stdout


def test_zero_age_still_spares_untagged_resources_and_foreign_layers(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN untagged resources named after a run, with a layer named like ours but not described like ours
    run_id = new_run_id()
    untagged = seed(run_id, tagged=False)

    # WHEN that run is swept with SWEEP_AGE=0s (everything of it that is tagged is due)
    result = run_module("scripts.cleanup.sweep", [], {**cloud.env, "SWEEP_AGE": "0s", "SWEEP_RUN_ID": run_id})

    # THEN none of them was touched
    assert result.returncode == 0, result.stderr
    assert seed.exists(untagged) == ALL_THERE
    assert "deleted 0," in result.stdout


def test_dry_run_lists_and_deletes_nothing(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN a run created two days ago
    run_id = new_run_id()
    old = seed(run_id, created_at=hours_ago(48))

    # WHEN the sweeper runs with DRY_RUN=1, scoped to that run
    result = run_module("scripts.cleanup.sweep", [], {**cloud.env, "DRY_RUN": "1", "SWEEP_RUN_ID": run_id, "SWEEP_AGE": "1d"})

    # THEN it names what it would delete and everything still exists
    assert result.returncode == 0, result.stderr
    for name in (old.function, old.role, old.log_group):
        assert f"would delete" in result.stdout and name in result.stdout
    assert seed.exists(old) == ALL_THERE


def test_age_accepts_minutes_and_compound_forms(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN a run created 45 minutes ago
    run_id = new_run_id()
    recent = seed(run_id, created_at=hours_ago(0.75))
    scoped = {**cloud.env, "SWEEP_RUN_ID": run_id}

    # WHEN swept with an age of 1h, then with 30m
    kept = run_module("scripts.cleanup.sweep", [], {**scoped, "SWEEP_AGE": "1h"})
    assert seed.exists(recent) == ALL_THERE
    swept = run_module("scripts.cleanup.sweep", [], {**scoped, "SWEEP_AGE": "0d30m"})

    # THEN the first keeps it, the second deletes it (the layer version is really new: kept)
    assert kept.returncode == 0 and swept.returncode == 0, swept.stderr
    assert seed.exists(recent) == {**ALL_GONE, "layer_version": True}


@pytest.mark.parametrize("age", ["12", "h", "12x", "-1h", "1.5h", "twelve hours"])
def test_bad_sweep_age_is_refused_before_any_call(cloud: LocalCloudHandle, age: str) -> None:
    # WHEN the sweeper gets an unreadable SWEEP_AGE (and an endpoint that would not answer)
    result = run_module("scripts.cleanup.sweep", [], {**cloud.env, "SWEEP_AGE": age, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"})

    # THEN it exits 2 explaining the valid forms
    assert result.returncode == 2
    assert f"SWEEP_AGE={age!r} is not a duration" in result.stderr
    assert "30m, 12h, 2d" in result.stderr


def test_unknown_target_is_refused(cloud: LocalCloudHandle) -> None:
    result = run_module("scripts.cleanup.sweep", [], {**cloud.env, "TARGET": "gcp"})

    assert result.returncode == 2
    assert "unknown TARGET 'gcp'; valid targets: local aws" in result.stderr


def test_make_sweep_on_localcloud(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN an old run and a fresh one on the localcloud that LOCALCLOUD_PORT names
    old, fresh = seed(new_run_id(), created_at=hours_ago(25)), seed(new_run_id())
    env = make_env(cloud.env, cloud.port, cloud.xray_port)

    # WHEN `make sweep` lists (DRY_RUN=1), then sweeps with the default age
    listed = make(ROOT, ["sweep", "DRY_RUN=1"], env, timeout=120)
    assert seed.exists(old) == ALL_THERE
    swept = make(ROOT, ["sweep"], env, timeout=120)

    # THEN only the old run's tagged resources are gone
    assert listed.returncode == 0 and swept.returncode == 0, listed.stderr + swept.stderr
    assert f"would delete lambda function {old.function}" in listed.stdout
    assert seed.exists(old) == {**ALL_GONE, "layer_version": True}
    assert seed.exists(fresh) == ALL_THERE


def test_managed_policies_and_what_features_add_are_deleted(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN an old run that left a managed policy attached to its role, and a queue
    run_id = new_run_id()
    old = seed(run_id, created_at=hours_ago(13))
    tags = {"E2ERunId": run_id, "E2EFeature": "tracer", "E2ECreatedAt": hours_ago(13)}
    policy = seed.iam.create_policy(
        PolicyName=f"e2e-{run_id}-extra",
        PolicyDocument='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}',
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )["Policy"]["Arn"]
    seed.iam.attach_role_policy(RoleName=old.role, PolicyArn=policy)
    seed.sqs.create_queue(QueueName=f"e2e-{run_id}-tracer", tags=tags)

    # WHEN that run is swept
    result = run_module("scripts.cleanup.sweep", [], {**cloud.env, "SWEEP_RUN_ID": run_id})

    # THEN the role, the policy and the queue are gone
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"deleted: iam policy e2e-{run_id}-extra" in result.stdout
    assert seed.exists(old)["role"] is False
    assert f"deleted: sqs queue e2e-{run_id}-tracer" in result.stdout


def test_a_zero_age_sweep_spares_a_run_kept_on_purpose_until_named_or_forced(cloud: LocalCloudHandle, seed: Seeder) -> None:
    # GIVEN a run kept on purpose (as `make e2e KEEP=1` marks it) and another run, both of this instant
    kept_id = new_run_id()
    kept, other = seed(kept_id), seed(new_run_id())
    kept_runs.mark(kept_id, "tracer")
    try:
        # WHEN everything is swept at once (SWEEP_AGE=0s without SWEEP_RUN_ID), then with FORCE=1
        everything = {**cloud.env, "SWEEP_AGE": "0s"}
        spared = run_module("scripts.cleanup.sweep", [], everything)
        kept_after_sweep = seed.exists(kept)
        forced = run_module("scripts.cleanup.sweep", [], {**everything, "FORCE": "1"})
    finally:
        kept_runs.unmark(kept_id, "tracer")

    # THEN the first sweep spares the kept run, says how to delete it, and deletes the other; FORCE=1 deletes it
    assert kept_after_sweep == ALL_THERE, spared.stdout + spared.stderr
    assert f"keeping run {kept_id}: it was kept on purpose (KEEP=1 or make deploy)" in spared.stderr
    assert seed.exists(other) == ALL_GONE, spared.stdout + spared.stderr
    assert seed.exists(kept) == ALL_GONE, forced.stdout + forced.stderr
