"""scripts/with_aws_env.sh gives a command TARGET's AWS environment, from a bare shell too."""
from __future__ import annotations

import os
import subprocess

from tests.kit.pipeline import ROOT


def test_a_bare_shell_gets_localcloud_defaults_without_aws_region() -> None:
    # GIVEN a shell with none of the variables make would set
    bare = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    # WHEN a command runs through with_aws_env.sh
    result = subprocess.run([str(ROOT / "scripts/with_aws_env.sh"), "env"], env=bare, capture_output=True,
                            text=True, timeout=60, check=False)
    # THEN it runs against localcloud's default endpoint in the default region, with dummy credentials
    assert result.returncode == 0, result.stderr
    env = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "us-east-1"
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566" and env["AWS_ACCESS_KEY_ID"] == "test"
