"""Cloud.invoke_function, the one call front doors and event sources use to run
a function synchronously, on an in-process Cloud over moto."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from kit.cloud import REGION, TRUST
from kit.zips import zip_files
from moto import mock_aws
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from localcloud.cloud import Cloud, FunctionNotFound
from localcloud.core.ports import free_port

ACCOUNT = "123456789012"
ECHO = "def handler(event, context):\n    return {'got': event, 'version': context.function_version}\n"


@pytest.fixture
def cloud(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Cloud, Any]]:
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        made = Cloud(free_port(), free_port(), tmp_path, DomainDispatcherApplication(create_backend_app))
        try:
            yield made, boto3.client("lambda", region_name=REGION)
        finally:
            made.pool.shutdown()


def create(lam: Any, name: str, publish: bool = False) -> None:
    role = boto3.client("iam").create_role(RoleName=f"r-{name}", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="app.handler",
                        Code={"ZipFile": zip_files({"app.py": ECHO})}, Publish=publish)


def test_a_function_runs_by_name_arn_and_qualifier(cloud: tuple[Cloud, Any]) -> None:
    # GIVEN a function with a published version
    made, lam = cloud
    create(lam, "echo", publish=True)
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo"
    # WHEN it is run by name, by ARN and by a qualified ARN
    by_name = made.invoke_function(ACCOUNT, REGION, "echo", b'{"n": 1}')
    by_arn = made.invoke_function(ACCOUNT, REGION, arn, b'{"n": 2}')
    by_version = made.invoke_function(ACCOUNT, REGION, f"{arn}:1", b'{"n": 3}')
    # THEN each answers the handler's result with no function error
    assert json.loads(by_name.payload) == {"got": {"n": 1}, "version": "$LATEST"}
    assert json.loads(by_arn.payload)["got"] == {"n": 2} and by_arn.function_error is None
    assert json.loads(by_version.payload) == {"got": {"n": 3}, "version": "1"}


def test_an_unknown_function_raises_function_not_found(cloud: tuple[Cloud, Any]) -> None:
    made, _ = cloud
    with pytest.raises(FunctionNotFound):
        made.invoke_function(ACCOUNT, REGION, "nowhere", b"{}")
