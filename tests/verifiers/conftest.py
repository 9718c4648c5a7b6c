"""Helpers for the verifiers' own tests: stubbed clients, recorded documents, localcloud deploys."""

from __future__ import annotations

import io
import json
import os
import secrets
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from scripts.pipeline import contracts

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def stubbed() -> Iterator[Callable[[str], tuple[Any, Stubber]]]:
    """Make a client whose calls answer from a Stubber queue; every queued answer must be used."""
    stubbers: list[Stubber] = []

    def make(service: str) -> tuple[Any, Stubber]:
        client = boto3.client(
            service, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
        )
        stubber = Stubber(client)
        stubber.activate()
        stubbers.append(stubber)
        return client, stubber

    yield make
    for stubber in stubbers:
        stubber.assert_no_pending_responses()
        stubber.deactivate()


@pytest.fixture
def recorded() -> Callable[[str], Any]:
    """Load a recorded API answer from tests/verifiers/data/."""
    return lambda name: json.loads((DATA / name).read_text())


@pytest.fixture
def local_target(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run waits with localcloud budgets, whatever the caller's TARGET."""
    monkeypatch.setenv("TARGET", "local")


REPO = Path(__file__).resolve().parents[2]


def _zip_file(path: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.name)
    return buffer.getvalue()


@dataclass(frozen=True)
class LocalDeployer:
    """Deploys a handlers folder to localcloud the way the feature module does on AWS.

    One function per handler file (tracing Active, the layer attached, a unique
    POWERTOOLS_SERVICE_NAME) and an outputs.json in `terraform output -json` shape.
    """

    lambda_: Any
    role_arn: str
    layer_arn: str
    workdir: Path

    def deploy(self, handlers: Path, label: str) -> Path:
        tag = f"{label}-{secrets.token_hex(3)}"
        service = f"svc-{tag}"
        values: dict[str, str] = {"ServiceName": service}
        for handler in contracts.handler_files(handlers):
            name = f"e2e-{tag}-{handler.stem.replace('_', '-')}"
            created = self.lambda_.create_function(
                FunctionName=name,
                Runtime=os.environ.get("PYTHON_RUNTIME", "python3.12"),
                Role=self.role_arn,
                Handler=f"{handler.stem}.lambda_handler",
                Code={"ZipFile": _zip_file(handler)},
                Layers=[self.layer_arn],
                TracingConfig={"Mode": "Active"},
                Environment={"Variables": {"POWERTOOLS_SERVICE_NAME": service}},
                Timeout=30,
                MemorySize=256,
            )
            self.lambda_.get_waiter("function_active_v2").wait(
                FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
            )
            name_output, arn_output = contracts.function_outputs(handler)
            values[name_output], values[arn_output] = name, created["FunctionArn"]
        path = self.workdir / f"{tag}.outputs.json"
        path.write_text(json.dumps({k: {"value": v, "type": "string", "sensitive": False} for k, v in values.items()}))
        return path


@pytest.fixture(scope="session")
def layer_zip() -> Path:
    """The Powertools layer from scripts/layer.sh (its last stdout line is the zip's path)."""
    built = subprocess.run(
        [str(REPO / "scripts" / "layer.sh")], cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )
    if built.returncode != 0:
        raise RuntimeError(f"scripts/layer.sh failed:\n{built.stderr}")
    return Path(built.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def local_deployer(localcloud: Any, layer_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> LocalDeployer:
    session = boto3.session.Session(
        aws_access_key_id="test", aws_secret_access_key="test", region_name=localcloud.env["AWS_REGION"]
    )
    iam = session.client("iam", endpoint_url=localcloud.endpoint)
    lambda_ = session.client("lambda", endpoint_url=localcloud.endpoint)
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    role = iam.create_role(RoleName=f"e2e-verifiers-{secrets.token_hex(3)}", AssumeRolePolicyDocument=json.dumps(trust))
    layer = lambda_.publish_layer_version(
        LayerName=f"e2e-verifiers-powertools-{secrets.token_hex(3)}",
        Content={"ZipFile": layer_zip.read_bytes()},
        CompatibleRuntimes=[os.environ.get("PYTHON_RUNTIME", "python3.12")],
    )
    return LocalDeployer(lambda_, role["Role"]["Arn"], layer["LayerVersionArn"], tmp_path_factory.mktemp("deploys"))
