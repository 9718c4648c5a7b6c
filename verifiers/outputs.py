"""Check a feature's `terraform output -json` before any test runs.

    python -m verifiers.outputs check <outputs.json> [--handlers handlers/<feature>]

Exit 0 when valid; exit 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from scripts.pipeline.contracts import ContractError, function_outputs, handler_files
from verifiers.lib import schemas


def load(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The parsed outputs file, or None and the reason it cannot be read."""
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None, [f"{path}: no such file (did the deploy phase write it?)"]
    except OSError as err:
        return None, [f"{path}: cannot read: {err}"]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as err:
        return None, [f"{path}: invalid JSON: {err}"]


def problems(outputs: Any, handlers: Path | None = None) -> list[str]:
    """Schema violations, then pairing rules the schema cannot express."""
    found = schemas.problems("outputs", outputs)
    if found or not isinstance(outputs, dict):
        return found
    for key, output in outputs.items():
        if not key.endswith("Arn") or ":function:" not in str(output["value"]):
            continue
        name = key.removesuffix("Arn")
        function = str(output["value"]).split(":function:", 1)[1].split(":", 1)[0]
        if name not in outputs:
            found.append(f"$.{key}: function ARN without its name output {name!r}")
        elif outputs[name]["value"] != function:
            found.append(f"$.{name}: is {outputs[name]['value']!r} but {key} names function {function!r}")
    if handlers is not None:
        found += _missing_function_outputs(outputs, handlers)
    return found


def _missing_function_outputs(outputs: dict[str, Any], handlers: Path) -> list[str]:
    """One name and one ARN output per handler file, named by the handler-name rule."""
    found = []
    for handler in handler_files(handlers):
        try:
            keys = function_outputs(handler)
        except ContractError as err:
            found.append(str(err))
            continue
        found += [f"$.{key}: missing (one per handler file; {handler} has none)" for key in keys if key not in outputs]
    return found


def check(path: Path, handlers: Path | None = None) -> list[str]:
    outputs, found = load(path)
    return found if outputs is None else [f"{path}: {p}" for p in problems(outputs, handlers)]


def values(outputs: dict[str, Any]) -> dict[str, Any]:
    """`{"X": {"value": v, ...}}` -> `{"X": v}`."""
    return {key: output["value"] for key, output in outputs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m verifiers.outputs", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check_cmd = sub.add_parser("check", help="validate an outputs.json against the outputs schema")
    check_cmd.add_argument("path", type=Path)
    check_cmd.add_argument("--handlers", type=Path, help="handlers/<feature>: require an output pair per file")
    args = parser.parse_args(argv)
    found = check(args.path, args.handlers)
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print(f"{args.path}: ok")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
