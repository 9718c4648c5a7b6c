"""Shared fixtures: a private localcloud for the whole session; work units for pytest-xdist.

`localcloud` starts `python -m localcloud up` on free ports (never the user's
4566) and stops it, with every execution environment, at the end. `aws_env`
points boto3 in this process at it. Tests marked `slow` are spread over the
workers and start first (kit/work_units.py)."""
from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from kit.cloud import LocalCloudHandle, start_localcloud, stop_localcloud

pytest_plugins = ["kit.work_units"]


def pytest_configure(config: pytest.Config) -> None:
    """Children get Ctrl-C as a terminal's foreground job does, however these tests were started.

    A shell without job control starts its background jobs (`cmd &`, nohup'd CI wrappers) with
    SIGINT ignored, and an ignored signal stays ignored through every exec: the `make` a fault
    test interrupts would never see its SIGINT, nor could its scripts trap it. Python's own
    handler here is reset to the default in each child."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def localcloud() -> Iterator[LocalCloudHandle]:
    handle = start_localcloud()
    try:
        yield handle
    finally:
        stop_localcloud(handle)


@pytest.fixture
def aws_env(localcloud: LocalCloudHandle, monkeypatch: pytest.MonkeyPatch) -> LocalCloudHandle:
    """Point boto3 in this process at the session's localcloud (and nothing else)."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in localcloud.env.items():
        monkeypatch.setenv(name, value)
    return localcloud
