"""Helpers for driving localcloud's Lambda through boto3 as a user would:
tiny handlers written to a zip in memory, functions with unique names."""
from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from kit.cloud import TRUST
from kit.zips import zip_files


@pytest.fixture
def lambda_client(aws_env: Any) -> Any:
    return boto3.client("lambda")


@pytest.fixture
def logs_client(aws_env: Any) -> Any:
    return boto3.client("logs")


@pytest.fixture
def role_arn(aws_env: Any) -> str:
    iam = boto3.client("iam")
    try:
        return str(iam.get_role(RoleName="localcloud-tests")["Role"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        return str(iam.create_role(RoleName="localcloud-tests",
                                   AssumeRolePolicyDocument=TRUST)["Role"]["Arn"])


@pytest.fixture
def make_function(lambda_client: Any, role_arn: str) -> Callable[..., str]:
    """make_function(source, handler="app.handler", **CreateFunction args) -> name."""

    def create(source: str, handler: str = "app.handler", **config: Any) -> str:
        name = f"t-{uuid.uuid4().hex[:12]}"
        lambda_client.create_function(
            FunctionName=name, Runtime="python3.12", Role=role_arn, Handler=handler,
            Code={"ZipFile": zip_files({"app.py": source})}, **config)
        return name

    return create


@pytest.fixture(scope="session")
def layer_zip() -> bytes:
    """The project's layer (Powertools), built by the pipeline's own script."""
    root = Path(__file__).resolve().parents[2]
    built = subprocess.run(["bash", str(root / "scripts" / "layer.sh")], cwd=root, capture_output=True,
                           text=True, timeout=600, check=True)
    return Path(built.stdout.strip().splitlines()[-1]).read_bytes()
