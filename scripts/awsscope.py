"""What the leak check and the sweeper may touch: the target, and which names are ours.

Both tools refuse to start when TARGET=local has no loopback AWS_ENDPOINT_URL,
so a local run can never reach a real account by accident. Expected failures
(bad input, an unreachable endpoint, missing credentials, exhausted retries)
become one clear line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from urllib.parse import urlparse

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from awsretry import RetriesExhausted

TARGETS = ("local", "aws")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Layer versions cannot be tagged; the layer module names them with this prefix.
LAYER_PREFIX = "e2e-"
EXIT_ERROR = 2


class UsageError(Exception):
    """Input the tool cannot work with; the message says what is valid."""


def target() -> str:
    """A short description of where the tools will look, after checking TARGET and the endpoint."""
    name = os.environ.get("TARGET", "local")
    if name not in TARGETS:
        raise UsageError(f"unknown TARGET={name!r}: valid targets are {', '.join(TARGETS)}")
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if name == "local":
        if urlparse(endpoint).hostname not in LOOPBACK:
            raise UsageError(
                f"TARGET=local needs AWS_ENDPOINT_URL on loopback (e.g. http://127.0.0.1:4566), got {endpoint!r}"
            )
        return f"TARGET=local at {endpoint}"
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    return f"TARGET=aws in {region}" + (f" at {endpoint}" if endpoint else "")


def run_layer(run_id: str, feature: str | None = None) -> Callable[[str], bool]:
    """Layer names that belong to one run (and feature): ours and carrying the run id (and feature)."""
    return lambda name: name.startswith(LAYER_PREFIX) and run_id in name and (feature is None or feature in name)


def framework_layer(name: str) -> bool:
    return name.startswith(LAYER_PREFIX)


def guarded(tool: str, body: Callable[[], int]) -> int:
    """Run a tool's body; expected failures print `tool: message` and return EXIT_ERROR."""
    try:
        return body()
    except UsageError as exc:
        message = str(exc)
    except NoCredentialsError:
        message = "no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
    except RetriesExhausted as exc:
        message = str(exc)
    except (ClientError, BotoCoreError) as exc:
        message = f"AWS call failed: {exc}"
    print(f"{tool}: {message}", file=sys.stderr)
    return EXIT_ERROR
