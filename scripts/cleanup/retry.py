"""Bounded retries for AWS API calls made by the leak check and the sweeper.

botocore's own retries are switched off so that one policy (this one) decides:
throttling, 5xx and dropped connections are retried with exponential backoff
and jitter, up to a number of attempts and a deadline; everything else fails
at once. When the budget runs out the error says what was tried and for how long.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

T = TypeVar("T")

# Error codes AWS documents as throttling or transient service trouble, plus
# Lambda's "an update is in progress" conflict that clears within seconds and
# EC2's DependencyViolation, which a deleted load balancer's network interfaces
# cause until they are released (scripts/cleanup/network.py).
TRANSIENT_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ProvisionedThroughputExceededException",
        "SlowDown",
        "PriorRequestNotComplete",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "ResourceConflictException",
        "DependencyViolation",
    }
)
CONNECTION_ERRORS = (EndpointConnectionError, ConnectionClosedError, ConnectTimeoutError, ReadTimeoutError)


class RetriesExhausted(RuntimeError):
    """A transient error kept coming back until the retry budget ran out."""


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, CONNECTION_ERRORS):
        return True
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return code in TRANSIENT_CODES or status >= 500
    return False


def _budget() -> tuple[int, float]:
    """Attempts and deadline (seconds); E2E_RETRY_ATTEMPTS / E2E_RETRY_DEADLINE override."""
    return int(os.environ.get("E2E_RETRY_ATTEMPTS", "6")), float(os.environ.get("E2E_RETRY_DEADLINE", "60"))


def call(what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run fn(*args, **kwargs), retrying transient errors within the budget."""
    attempts, deadline = _budget()
    started = time.monotonic()
    retrying = Retrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(attempts) | stop_after_delay(deadline),
        wait=wait_exponential_jitter(multiplier=0.5, max=10),
    )
    try:
        return retrying(fn, *args, **kwargs)
    except RetryError as exc:
        last = exc.last_attempt.exception()
        tries = exc.last_attempt.attempt_number
        raise RetriesExhausted(
            f"{what}: gave up after {tries} attempts in {time.monotonic() - started:.1f}s "
            f"(limit {attempts} attempts / {deadline:g}s); last error: {last}"
        ) from last


def client(service: str) -> Any:
    """A boto3 client; the endpoint comes only from AWS_ENDPOINT_URL (boto3 reads it)."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    config = Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=60)
    return boto3.client(service, region_name=region, config=config)


def pages(aws: Any, operation: str, key: str, **kwargs: Any) -> list[Any]:
    """Every item under `key` of every page of a paginated operation, retried as one call."""

    def fetch() -> list[Any]:
        return [item for page in aws.get_paginator(operation).paginate(**kwargs) for item in page.get(key, [])]

    return call(f"{aws.meta.service_model.service_name} {operation}", fetch)
