"""Fixtures of the front-door tests: the echo function deployed once per test."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from kit.frontdoors import ECHO


@pytest.fixture
def echo_arn(make_function: Callable[..., str]) -> str:
    name = make_function(ECHO)
    return str(boto3.client("lambda").get_function(FunctionName=name)["Configuration"]["FunctionArn"])
