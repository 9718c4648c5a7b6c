"""The naming contracts every part of the framework shares, defined once.

- Features: folders present in both `handlers/` and `terraform/features/`,
  named by FEATURE_RULE (as Powertools names its utilities: `event_handler`);
  resource names use the DNS-safe form (`event-handler`).
- Handlers: every `handlers/<f>/*.py` not starting with `_` is one function;
  its file name follows HANDLER_RULE and gives the function's PascalName and
  its two outputs (`basic_handler.py` -> `BasicHandler`, `BasicHandlerArn`).
- Run ids, targets and runners: RUN_ID_RULE, TARGETS, RUNNERS (where a suite runs).
- Python runtimes: PYTHON_RUNTIMES, Lambda's supported ones.
- localcloud's ports (LOCALCLOUD_PORT, LOCALCLOUD_XRAY_PORT): a number from
  1 to 65535; they also name folders under build/, so nothing else is taken.

    python -m scripts.pipeline.contracts features
    python -m scripts.pipeline.contracts runner FEATURE   # RUNNER when not given (verifiers/<f>/runner.json)
    python -m scripts.pipeline.contracts check [--target T] [--runner R] [--feature F ...] [--run-id R]
        [--runtime PYTHON_RUNTIME] [--port NAME=VALUE ...]

`check` exits 2 with one line naming the broken rule (a feature's handler
names and its settings.json included), before anything runs.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ("local", "aws")
RUNNERS = ("local", "lambda")
RUN_ID_RULE = re.compile(r"[a-z][a-z0-9]{2,15}")
FEATURE_RULE = re.compile(r"[a-z][a-z0-9_-]{0,19}")
HANDLER_RULE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*\.py")
FEATURE_RULE_TEXT = "a lowercase letter, then up to 19 lowercase letters, digits, '_' or '-' (e.g. event_handler)"
# Lambda's supported Python runtimes (python3.9 reached deprecation in December 2025).
PYTHON_RUNTIMES = ("python3.10", "python3.11", "python3.12", "python3.13", "python3.14")
PORT_RULE = re.compile(r"[1-9][0-9]{0,4}")
HANDLER_RULE_TEXT = "snake_case: lowercase letters and digits in words joined by '_' (basic_handler.py -> BasicHandler)"


class ContractError(ValueError):
    """An input outside one of the contracts; the message names the rule."""


def check_target(target: str) -> str:
    if target not in TARGETS:
        raise ContractError(f"unknown TARGET '{target}'; valid targets: {' '.join(TARGETS)}")
    return target


def check_runner(runner: str) -> str:
    if runner not in RUNNERS:
        raise ContractError(f"unknown RUNNER '{runner}'; valid runners: {' '.join(RUNNERS)}")
    return runner


RESERVED_RUN_IDS = ("latest",)  # build/runs/latest points at the last run


def check_run_id(run_id: str) -> str:
    if run_id in RESERVED_RUN_IDS:
        raise ContractError(f"RUN_ID '{run_id}' is reserved: build/runs/{run_id} points at the last run")
    if not RUN_ID_RULE.fullmatch(run_id):
        raise ContractError(
            f"malformed RUN_ID '{run_id}': it must match ^{RUN_ID_RULE.pattern}$ (it is part of every resource name)"
        )
    return run_id


def check_runtime(runtime: str) -> str:
    if runtime not in PYTHON_RUNTIMES:
        raise ContractError(
            f"PYTHON_RUNTIME '{runtime}' is not a Lambda Python runtime; valid runtimes: {' '.join(PYTHON_RUNTIMES)}"
        )
    return runtime


def check_port(variable: str, value: str) -> int:
    """A TCP/UDP port number, 1 to 65535, written as digits only."""
    if not PORT_RULE.fullmatch(value) or int(value) > 65535:
        raise ContractError(f"{variable}='{value}' is not a port: use a number from 1 to 65535 (e.g. 4566)")
    return int(value)


def features(root: Path = ROOT) -> list[str]:
    """Folders present in both handlers/ and terraform/features/, sorted."""
    handlers = {p.name for p in (root / "handlers").iterdir() if p.is_dir()}
    return sorted(p.name for p in (root / "terraform" / "features").iterdir() if p.is_dir() and p.name in handlers)


def check_feature(feature: str, root: Path = ROOT) -> str:
    known = features(root)
    if not feature:
        raise ContractError(f"FEATURE is empty; valid features: {' '.join(known)}")
    if not FEATURE_RULE.fullmatch(feature):
        raise ContractError(f"FEATURE '{feature}' breaks the feature-name rule: {FEATURE_RULE_TEXT}")
    if feature not in known:
        raise ContractError(f"unknown FEATURE '{feature}'; valid features: {' '.join(known)}")
    return feature


def feature_runner(feature: str, root: Path = ROOT) -> str:
    """Where a feature's suite runs when RUNNER is not given: `verifiers/<f>/runner.json`
    (`{"runner": "lambda"}` for a suite that reaches only inside the cloud), else local."""
    declared = root / "verifiers" / check_feature(feature, root) / "runner.json"
    if not declared.is_file():
        return "local"
    try:
        runner = json.loads(declared.read_text()).get("runner")
    except (json.JSONDecodeError, AttributeError):
        raise ContractError(f'{declared}: must be a JSON object like {{"runner": "lambda"}}') from None
    return check_runner(str(runner))


def resource_name(feature: str) -> str:
    """The DNS-safe form used in resource names: `event_handler` -> `event-handler`."""
    return feature.replace("_", "-")


def handler_files(handlers_dir: Path) -> list[Path]:
    """The files that become functions: every `*.py` not starting with `_` (helpers), sorted."""
    return sorted(p for p in handlers_dir.glob("*.py") if not p.name.startswith("_"))


def check_handler_file(handler: Path) -> Path:
    if not HANDLER_RULE.fullmatch(handler.name):
        raise ContractError(f"handler file '{handler}' breaks the handler-name rule: {HANDLER_RULE_TEXT}")
    return handler


def pascal_name(handler: Path) -> str:
    """`basic_handler.py` -> `BasicHandler`: the function's name suffix and its output name."""
    check_handler_file(handler)
    return "".join(word.capitalize() for word in handler.stem.split("_"))


def function_outputs(handler: Path) -> tuple[str, str]:
    """The two outputs a handler's function has: its name and its ARN."""
    name = pascal_name(handler)
    return name, f"{name}Arn"


def functions(handlers_dir: Path) -> dict[str, str]:
    """Module name -> PascalName for every handler of a feature (all checked against the rule)."""
    found = handler_files(handlers_dir)
    if not found:
        raise ContractError(f"no handler files (*.py not starting with '_') in {handlers_dir}")
    return {handler.stem: pascal_name(handler) for handler in found}


def _check(args: argparse.Namespace) -> None:
    """The settings first (TARGET, PYTHON_RUNTIME, ports), then what the run addresses."""
    if args.target is not None:
        check_target(args.target)
    if args.runtime is not None:
        check_runtime(args.runtime)
    for assignment in args.port:
        variable, _, value = assignment.partition("=")
        check_port(variable, value)
    if args.runner is not None:
        check_runner(args.runner)
    for feature in args.feature:
        # Imported here: feature_settings builds on this module's ContractError,
        # and the layer recipe checks its runtime without it.
        from scripts.pipeline.feature_settings import function_settings

        check_feature(feature)
        handlers = ROOT / "handlers" / feature
        function_settings(handlers, list(functions(handlers)))
    if args.run_id:
        check_run_id(args.run_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.pipeline.contracts", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("features", help="print the features, one per line")
    sub.add_parser("runner", help="print where a feature's suite runs without RUNNER").add_argument("feature")
    check = sub.add_parser("check", help="refuse inputs outside the contracts")
    check.add_argument("--target")
    check.add_argument("--runner")
    check.add_argument("--feature", action="append", default=[], help="repeatable")
    check.add_argument("--run-id")
    check.add_argument("--runtime", help="PYTHON_RUNTIME")
    check.add_argument("--port", action="append", default=[], metavar="NAME=VALUE", help="repeatable")
    args = parser.parse_args(argv)
    if args.command == "features":
        print("\n".join(features()))
        return 0
    try:
        if args.command == "runner":
            print(feature_runner(args.feature))
        else:
            _check(args)
    except ContractError as err:
        print(f"e2e: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
