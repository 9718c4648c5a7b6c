"""The JSON Schemas in verifiers/schemas/ and validation against them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@cache
def validator(name: str) -> Draft202012Validator:
    """Validator for `schemas/<name>.schema.json` (outputs, log_record, emf, segment)."""
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def problems(name: str, instance: Any) -> list[str]:
    """Every schema violation, each as `<json path>: <message>`; empty when valid."""
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {e.message}" for e in errors]


def check(name: str, instance: Any) -> None:
    """Fail the test with every violation when `instance` does not match the schema."""
    found = problems(name, instance)
    if found:
        raise AssertionError(f"not a valid {name} document:\n  " + "\n  ".join(found))
