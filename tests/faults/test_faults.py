"""Faults during real runs (`make e2e` on localcloud): the run fails, says why, and leaves nothing.

Every case runs in one throwaway copy of the checkout that carries two extra
features from tests/faults/features: `fault` (FAULT / TF_VAR_fault pick a
failure; markers in FAULT_MARKER_DIR say when the run reached it) and
`broken` (handlers that cannot load). The layer cache and localcloud are
shared by all cases, so each costs one apply and one destroy.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from faultkit import Afterwards

from tests.kit.checkout import (
    make,
    make_env,
    signal_group,
    start_make,
    end_processes_of,
    wait_for_files,
    wait_for_no_process,
)
from tests.kit.cloud import LocalCloudHandle
from tests.kit.pipeline import PYTHON, ROOT, new_run_id
from tests.kit.waits import wait_for

pytestmark = pytest.mark.slow(seconds=45)  # a make run each, apply and destroy


@pytest.fixture
def markers(tmp_path: Path, checkout: Path) -> Iterator[Path]:
    """Where held runs say "now"; afterwards, nothing a failed test held may keep running."""
    yield tmp_path
    end_processes_of(str(checkout))


def env_for(cloud: LocalCloudHandle, markers: Path, fault: str = "", tf_fault: str = "") -> dict[str, str]:
    return make_env(
        cloud.env, cloud.port, cloud.xray_port, FAULT=fault, TF_VAR_fault=tf_fault, FAULT_MARKER_DIR=str(markers)
    )


@dataclass
class HeldRun:
    """A make run in its own process group, held at a marker until the test lets it go on."""

    run_id: str
    proc: subprocess.Popen[bytes]
    log: Path
    marker: Path

    def output(self) -> str:
        return self.log.read_text()


def hold(checkout: Path, markers: Path, env: dict[str, str], phase: str, target: str = "e2e") -> HeldRun:
    """Start `make <target>` for the fault feature and wait until it reaches <phase> (apply or verify)."""
    run_id = new_run_id()
    log = markers / "make.log"
    args = ["-j4", "e2e-all", "FEATURES=fault tracer"] if target == "e2e-all" else ["e2e", "FEATURE=fault"]
    proc = start_make(checkout, [*args, f"RUN_ID={run_id}"], env, log)
    marker = markers / f"e2e-{run_id}-fault.{phase}"
    wait_for_files([marker], proc, log)
    return HeldRun(run_id, proc, log, marker)


def deployed_actions(iam: Any, run_id: str) -> list[str]:
    """Every action the inline policies of the run's roles allow."""
    actions: list[str] = []
    for role in iam.list_roles()["Roles"]:
        tags = {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=role["RoleName"])["Tags"]}
        if tags.get("E2ERunId") != run_id:
            continue
        for name in iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"]:
            document = iam.get_role_policy(RoleName=role["RoleName"], PolicyName=name)["PolicyDocument"]
            document = json.loads(unquote(document)) if isinstance(document, str) else document
            for statement in document["Statement"]:
                action = statement["Action"]
                actions.extend([action] if isinstance(action, str) else action)
    return actions


def assert_destroyed(output: str) -> None:
    assert "fault/destroy ok" in output, output


def test_control_run_passes_with_least_privilege_and_owner_only_files(
    checkout: Path, cloud: LocalCloudHandle, markers: Path, afterwards: Afterwards
) -> None:
    """The fault feature without a fault passes: the failures below come from the faults alone."""
    # GIVEN a run of the fault feature held in its verify phase, with no fault injected
    held = hold(checkout, markers, env_for(cloud, markers, fault="pause-verify"), "verify")

    # WHEN we look at what it deployed and wrote, then let it go on
    iam = cloud.client("iam")
    actions = deployed_actions(iam, held.run_id)
    run = checkout / "build" / "runs" / held.run_id
    # Folders shut others out of everything below them; state files are owner-only themselves.
    private = [p for p in [run, *run.rglob("*")] if not p.is_symlink() and (p.is_dir() or ".tfstate" in p.name)]
    loose = [p for p in private if p.stat().st_mode & 0o077]
    held.marker.with_suffix(".resume").touch()

    # THEN its roles allow named actions only, its run folder is the owner's only,
    # and it passes end to end, leaving nothing
    assert actions and not [a for a in actions if a == "*" or a.endswith(":*")], actions
    assert any(p.name == "terraform.tfstate" for p in private) and not loose, f"readable by others: {loose}"
    assert held.proc.wait(timeout=600) == 0, held.output()
    afterwards.clean(held.run_id)


@pytest.mark.parametrize(
    ("feature", "fault", "tf_fault", "said", "not_said"),
    [
        ("fault", "verify-fails", "", ["injected verifier failure"], []),
        # Apply fails after the functions exist: destroy must remove the partial state; verify never starts.
        ("fault", "", "apply-fails", ["ResourceAlreadyExistsException"], ["fault/verify ..."]),
        ("broken", "", "", ["ImportError: Runtime.ImportModuleError", "SyntaxError: Runtime.UserCodeSyntaxError"], []),
    ],
    ids=["verifier-fails", "apply-fails-half-way", "handlers-cannot-load"],
)
def test_failing_phase_still_destroys(
    checkout: Path,
    cloud: LocalCloudHandle,
    markers: Path,
    afterwards: Afterwards,
    feature: str,
    fault: str,
    tf_fault: str,
    said: list[str],
    not_said: list[str],
) -> None:
    run_id = new_run_id()

    result = make(checkout, ["e2e", f"FEATURE={feature}", f"RUN_ID={run_id}"], env_for(cloud, markers, fault, tf_fault))

    assert result.returncode != 0
    for text in said:
        assert text in result.stderr, result.stderr
    for text in not_said:
        assert text not in result.stderr, result.stderr
    assert f"{feature}/destroy ok" in result.stderr, result.stderr
    # Handlers that cannot load are a bad input; the others are faults of a valid run.
    (afterwards.bad_input if feature == "broken" else afterwards.fault)(run_id)


@pytest.mark.parametrize(
    ("signum", "fault", "tf_fault", "phase"),
    [
        (signal.SIGINT, "", "pause-apply", "apply"),
        (signal.SIGTERM, "pause-verify", "", "verify"),
    ],
)
def test_signal_mid_phase_destroys_and_fails(
    checkout: Path,
    cloud: LocalCloudHandle,
    markers: Path,
    afterwards: Afterwards,
    signum: signal.Signals,
    fault: str,
    tf_fault: str,
    phase: str,
) -> None:
    # GIVEN a run held in the middle of its apply or verify phase
    held = hold(checkout, markers, env_for(cloud, markers, fault, tf_fault), phase)

    # WHEN its process group gets the signal (Ctrl-C, or a cancelled CI job)
    status = signal_group(held.proc, signum)

    # THEN make ends by that signal (the shell shows 130 or 143) after destroying what it created
    assert status == -signum, (status, held.output())
    assert_destroyed(held.output())
    afterwards.fault(held.run_id)


def test_second_signal_aborts_teardown_and_says_how_to_finish(
    checkout: Path, cloud: LocalCloudHandle, markers: Path, afterwards: Afterwards
) -> None:
    # GIVEN a run held in its apply phase, then cancelled (SIGTERM) so that it tears down
    env = env_for(cloud, markers, tf_fault="pause-apply")
    held = hold(checkout, markers, env, "apply")
    os.killpg(held.proc.pid, signal.SIGTERM)

    def tearing_down() -> bool:
        assert held.proc.poll() is None, held.output()
        return "fault/destroy ..." in held.output()

    wait_for(tearing_down, timeout=300, what="the teardown (fault/destroy) to start")
    # The script takes a signal within 1 s of the first for the same one (a group gets one
    # Ctrl-C in each member). A minimum, not a limit: counted from the teardown seen, which
    # the script starts after taking the first signal, so load can only lengthen it.
    time.sleep(1.2)

    # WHEN a second signal (Ctrl-C) arrives during the teardown
    status = signal_group(held.proc, signal.SIGINT)

    # THEN the run stops at once, and the command it names finishes the teardown
    hint = f"make destroy RUN_ID={held.run_id} FEATURE=fault TARGET=local"
    run = checkout / "build" / "runs" / held.run_id / "fault"
    wait_for_no_process(str(run))  # the stopped terraform lets go of its state lock
    finished = make(checkout, hint.split()[1:], env)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    afterwards.fault(held.run_id)
    assert status != 0, held.output()
    assert f"teardown aborted. Finish it with: {hint}" in held.output(), held.output()


def test_sigint_during_verify_of_e2e_all(checkout: Path, cloud: LocalCloudHandle, markers: Path, afterwards: Afterwards) -> None:
    # GIVEN `make e2e-all -j4` over two features, the fault one held in its verify phase
    held = hold(checkout, markers, env_for(cloud, markers, fault="pause-verify"), "verify", target="e2e-all")

    # WHEN Ctrl-C reaches the whole process group
    status = signal_group(held.proc, signal.SIGINT)

    # THEN the run fails and every feature destroyed what it had deployed, saying so on the terminal as it went,
    assert status != 0, held.output()
    assert "SIGINT: stopping, then tearing down" in held.output(), held.output()
    runs = checkout / "build" / "runs"
    for feature in ("fault", "tracer"):
        feature_log = (runs / held.run_id / feature / "e2e.log").read_text()
        assert f"{feature}/destroy ok" in feature_log, feature_log
        assert f"e2e: {feature}/apply ..." in held.output() and f"e2e: {feature}/destroy ok" in held.output()
    # and build/runs/latest/junit.xml holds a suite per feature, the interrupted one not green
    assert (runs / "latest").resolve() == (runs / held.run_id).resolve()
    suites = {s.get("name"): s for s in ET.parse(runs / "latest" / "junit.xml").getroot().iter("testsuite")}
    assert sorted(suites) == ["fault", "tracer"], suites
    assert int(suites["fault"].get("failures", "0")) + int(suites["fault"].get("errors", "0")) > 0
    afterwards.fault(held.run_id)


def test_localcloud_restart_mid_run(checkout: Path, cloud: LocalCloudHandle, markers: Path, afterwards: Afterwards) -> None:
    # GIVEN a run held in its verify phase
    held = hold(checkout, markers, env_for(cloud, markers, fault="pause-verify"), "verify")

    # WHEN the session's localcloud restarts (losing every resource) and the run goes on
    port = ["--port", str(cloud.port)]
    for command in (["down", *port], ["up", *port, "--xray-port", str(cloud.xray_port)]):
        restarted = subprocess.run(
            [str(PYTHON), "-m", "localcloud", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert restarted.returncode == 0, restarted.stderr
    held.marker.with_suffix(".resume").touch()
    status = held.proc.wait(timeout=600)

    # THEN verify fails on the vanished function, nothing is left, and destroy tolerates what is gone
    afterwards.fault(held.run_id)
    assert status != 0, held.output()
    assert "fault/verify failed" in held.output(), held.output()
    assert_destroyed(held.output())
