"""The run's shared AWS provider: how its reattach configuration is read from
its log (scripts/pipeline/tf_provider.py)."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scripts.pipeline import tf_provider

ANNOUNCE = """import json, os, sys, time
time.sleep(float(sys.argv[1]))
config = {"registry.terraform.io/hashicorp/aws": {"Protocol": "grpc", "ProtocolVersion": 5, "Pid": os.getpid(),
          "Test": True, "Addr": {"Network": "unix", "String": "/tmp/plugin0"}}}
print("Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable")
print(f"\\tTF_REATTACH_PROVIDERS='{json.dumps(config)}'", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def announcer(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """A stand-in provider that announces its reattach configuration after a moment, then waits."""
    log = tmp_path / "provider.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", ANNOUNCE, "0.3"], stdin=subprocess.PIPE, stdout=out)
    yield proc, log
    proc.kill()
    proc.wait()


def test_the_reattach_configuration_is_the_one_the_provider_announces(
        announcer: tuple[subprocess.Popen[bytes], Path]) -> None:
    # GIVEN a provider that is still starting
    proc, log = announcer
    # WHEN its announcement is awaited THEN it names that process
    config = tf_provider.reattach_config(log, proc.pid, deadline_s=60)
    assert config[tf_provider.AWS]["Pid"] == proc.pid  # type: ignore[index]


def test_an_announcement_of_another_process_is_refused(announcer: tuple[subprocess.Popen[bytes], Path]) -> None:
    # GIVEN a log in which one provider has announced itself
    proc, log = announcer
    tf_provider.reattach_config(log, proc.pid, deadline_s=60)
    # WHEN another process's announcement is awaited in it THEN that is refused
    with pytest.raises(tf_provider.ProviderError, match="another provider"):
        tf_provider.reattach_config(log, proc.pid + 100000, deadline_s=60)


def test_a_provider_that_dies_before_announcing_fails_at_once(tmp_path: Path) -> None:
    # GIVEN a provider that exits with an error instead of announcing itself
    log = tmp_path / "provider.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", "print('cannot start'); raise SystemExit(1)"], stdout=out)
        proc.wait()
    # WHEN its announcement is awaited THEN the wait ends with what it said, well before the deadline
    with pytest.raises(tf_provider.ProviderError, match="exited before it announced itself: cannot start"):
        tf_provider.reattach_config(log, proc.pid, deadline_s=600)


def test_a_provider_that_never_announces_itself_fails_at_the_deadline(tmp_path: Path) -> None:
    log = tmp_path / "provider.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE,
                                stdout=out)
    try:
        with pytest.raises(tf_provider.ProviderError, match="did not announce itself within 1 s"):
            tf_provider.reattach_config(log, proc.pid, deadline_s=1)
    finally:
        proc.kill()
        proc.wait()
