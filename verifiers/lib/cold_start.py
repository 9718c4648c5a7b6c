"""Make a function's next invoke a cold start, on AWS and on localcloud alike.

A configuration update makes Lambda serve every later invoke from a new execution
environment, so a test that counts cold starts holds on a warm function too (the
dev loop verifies one deployment again and again). The update sets one reserved
variable that Terraform's functions module ignores, so a later plan stays empty.
"""

from __future__ import annotations

import secrets
from typing import Any

from verifiers.lib.wait import wait_until

TOKEN_VARIABLE = "E2E_COLD_START_TOKEN"


def _settled(client: Any, function: str) -> dict[str, Any]:
    """The function's configuration once no update is in progress (an update then conflicts)."""
    return wait_until(
        "update",
        f"{function} LastUpdateStatus Successful",
        lambda: client.get_function_configuration(FunctionName=function),
        lambda config: config.get("LastUpdateStatus", "Successful") == "Successful",
        lambda config: f"LastUpdateStatus {config.get('LastUpdateStatus')}: {config.get('LastUpdateStatusReason')}",
    )


def force_cold_start(client: Any, function: str) -> str:
    """Set a new TOKEN_VARIABLE, keeping every other variable, and wait until it is live.

    Returns the token.
    """
    config = _settled(client, function)
    token = secrets.token_hex(8)
    variables = {**config.get("Environment", {}).get("Variables", {}), TOKEN_VARIABLE: token}
    client.update_function_configuration(FunctionName=function, Environment={"Variables": variables})
    _settled(client, function)
    return token
