"""What the leak check and the sweeper may touch: the target, and which names are ours.

Both tools refuse to start when TARGET=local could resolve any endpoint off
loopback (scripts/pipeline/endpoints.py), so a local run can never reach a
real account by accident. Expected failures
(bad input, an unreachable endpoint, missing credentials, exhausted retries)
become one clear line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from scripts.cleanup.retry import RetriesExhausted
from scripts.pipeline import contracts, endpoints

# Layer versions cannot be tagged. terraform/modules/layer names them
# <prefix>-<run_id>-<feature> and describes them "e2e layer <hash>.zip"; a
# version is ours only if both hold.
LAYER_NAME = re.compile(rf"(?P<prefix>[a-z][a-z0-9]{{0,7}})-(?P<run>{contracts.RUN_ID_RULE.pattern})-(?P<feature>[a-z0-9-]+)")
LAYER_DESCRIPTION = "e2e layer "
EXIT_ERROR = 2


class UsageError(Exception):
    """Input the tool cannot work with; the message says what is valid."""


def target() -> str:
    """A short description of where the tools will look, after checking TARGET and the endpoint."""
    try:
        name = contracts.check_target(os.environ.get("TARGET", "local"))
    except contracts.ContractError as err:
        raise UsageError(str(err)) from None
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if name == "local":
        problems = endpoints.local_endpoint_problems(os.environ)
        if problems:
            raise UsageError("; ".join(problems))
        return f"TARGET=local at {endpoint}"
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    return f"TARGET=aws in {region}" + (f" at {endpoint}" if endpoint else "")


def check_run_id(run_id: str) -> str:
    try:
        return contracts.check_run_id(run_id)
    except contracts.ContractError as err:
        raise UsageError(str(err)) from None


def layer_match(run_id: str = "", feature: str | None = None) -> Callable[[str, str], bool]:
    """Our layer versions (under NAME_PREFIX, default e2e), optionally only one run's (and feature's)."""
    prefix = os.environ.get("NAME_PREFIX", "e2e")

    def match(name: str, description: str) -> bool:
        parts = LAYER_NAME.fullmatch(name)
        return (
            parts is not None
            and description.startswith(LAYER_DESCRIPTION)
            and parts["prefix"] == prefix
            and (not run_id or parts["run"] == run_id)
            and (feature is None or parts["feature"] == contracts.resource_name(feature))
        )

    return match


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
