"""A feature's function settings, declared in its own folder: handlers/<f>/settings.json.

    {
      "defaults":  {"timeout": 10, "memory_size": 512, "environment": {"KEY": "value"}},
      "functions": {"basic_handler": {"timeout": 3, "reserved_concurrency": 2}}
    }

Both parts are optional, as is the file. "defaults" applies to every function
of the feature, "functions" to one handler module each (a key that is not a
handler file of the feature is refused, naming the ones that exist); a
function's environment is merged over the defaults'. Validated against
settings.schema.json next to this module before anything runs.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from scripts.pipeline.contracts import ContractError

SETTINGS_FILE = "settings.json"
SCHEMA = Path(__file__).with_name("settings.schema.json")


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA.read_text()))


def load(handlers_dir: Path) -> dict[str, Any]:
    """The feature's settings file, validated; {} when there is none."""
    path = handlers_dir / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        settings = json.loads(path.read_text())
    except json.JSONDecodeError as err:
        raise ContractError(f"{path}: invalid JSON: {err}") from None
    errors = sorted(_validator().iter_errors(settings), key=lambda e: list(e.absolute_path))
    if errors:
        where = "".join(f"[{p!r}]" for p in errors[0].absolute_path)
        raise ContractError(f"{path}{where}: {errors[0].message} (schema: {SCHEMA.name})")
    return settings


def function_settings(handlers_dir: Path, modules: list[str]) -> dict[str, dict[str, Any]]:
    """Module -> its settings (defaults merged with its own), for every module given."""
    settings = load(handlers_dir)
    defaults, own = settings.get("defaults", {}), settings.get("functions", {})
    unknown = sorted(set(own) - set(modules))
    if unknown:
        raise ContractError(f"{handlers_dir / SETTINGS_FILE}: no handler file for {', '.join(unknown)}; "
                            f"the functions are {', '.join(sorted(modules))}")
    merged = {}
    for module in modules:
        mine = own.get(module, {})
        environment = {**defaults.get("environment", {}), **mine.get("environment", {})}
        merged[module] = {**defaults, **mine, **({"environment": environment} if environment else {})}
    return merged
