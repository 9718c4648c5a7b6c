"""Resources a suite can reach only from inside the cloud: an internal load
balancer answers only in its VPC, so a suite running on the machine that
deployed (RUNNER=local) fails at once, saying so, instead of waiting on a
connection that cannot be made."""

from __future__ import annotations

import os
import re

import pytest

# AWS names an internal load balancer `internal-<name>-<id>.<region>.elb.amazonaws.com`.
_INTERNAL_LB = re.compile(r"^internal-[a-z0-9-]+\.[a-z0-9-]+\.elb\.amazonaws\.com$")


def is_internal(dns_name: str) -> bool:
    return bool(_INTERNAL_LB.match(dns_name.strip().lower()))


def inside_lambda() -> bool:
    """Whether this suite runs as a Lambda function (RUNNER=lambda's runner): Lambda sets the variable."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))


def require_reachable(output_name: str, dns_name: str) -> str:
    """`dns_name`, or a test failure naming RUNNER=lambda when it is internal and the suite runs outside."""
    if is_internal(dns_name) and not inside_lambda():
        pytest.fail(
            f"{output_name} ({dns_name}) is an internal load balancer: it answers only inside its VPC, "
            "and this suite runs outside the cloud. Run it with RUNNER=lambda "
            "(make verify FEATURE=<feature> RUNNER=lambda), which runs the suite as a function in that VPC.",
            pytrace=False,
        )
    return dns_name
