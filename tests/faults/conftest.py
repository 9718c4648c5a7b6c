"""Fixtures for the leak check, sweeper and fault-injection tests.

`cloud` is a private AWS control plane on a free port (so tests never touch a
user's localcloud on 4566); `seed` creates tagged or untagged resources in it.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from faultkit import ROOT, Cloud, Seeder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cloud]:
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"control plane did not start: {log.read_text()}")
            time.sleep(0.2)
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": "us-east-1",
        "TARGET": "local",
    }
    yield Cloud(endpoint, env)
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def seed(cloud: Cloud) -> Seeder:
    return Seeder(cloud.endpoint)
