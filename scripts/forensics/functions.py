"""The deployed functions of a run folder and where each one logs.

Function names come from the run's outputs.json by the handler -> output rule
(`basic_handler.py` -> output `BasicHandler`); the log group is the one the
function is configured with (LoggingConfig), else Lambda's default.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from scripts.pipeline.contracts import ROOT, ContractError, functions

OUTPUTS_FILE = "outputs.json"
FUNCTIONS_DIR = "functions"  # <run>/<feature>/functions/<PascalName>.log
TRACES_FILE = "traces.json"  # <run>/<feature>/traces.json


@dataclass(frozen=True)
class DeployedFunction:
    pascal: str  # output name and log file name: BasicHandler
    name: str  # the deployed function name


def deployed_functions(run_dir: Path, feature: str, root: Path = ROOT) -> list[DeployedFunction]:
    """Every handler's function that the outputs name (none when outputs.json is missing)."""
    try:
        outputs: dict[str, Any] = json.loads((run_dir / OUTPUTS_FILE).read_text())
        pascals = functions(root / "handlers" / feature).values()
    except (OSError, json.JSONDecodeError, ContractError):
        return []
    found = [(p, outputs.get(p, {}).get("value")) for p in pascals]
    return [DeployedFunction(p, name) for p, name in found if isinstance(name, str) and name]


def log_group(lambda_client: Any, function: str) -> str:
    """The function's configured log group; `/aws/lambda/<name>` when it has none or cannot be read."""
    try:
        config = lambda_client.get_function_configuration(FunctionName=function)
    except (ClientError, BotoCoreError):
        return f"/aws/lambda/{function}"
    return config.get("LoggingConfig", {}).get("LogGroup") or f"/aws/lambda/{function}"


def log_file(run_dir: Path, pascal: str) -> Path:
    return run_dir / FUNCTIONS_DIR / f"{pascal}.log"
