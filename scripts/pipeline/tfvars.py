"""Write a run's Terraform inputs, build/runs/<run>/<feature>/terraform.tfvars.json.

    python -m scripts.pipeline.tfvars <run_dir> --feature F --run-id R --layer-zip Z
        --region REGION --runtime python3.12 --architecture x86_64 --target local [--runner-zip Z]

The inputs stay in the run folder, so destroy and later deploys use the same
ones; created_at is fixed at the first deploy (no tag diff on re-apply). The
function map comes from the handler-name contract: Terraform does not walk
the repository; each function carries the settings its feature declares in
handlers/<f>/settings.json (scripts/pipeline/feature_settings.py). With
--runner-zip (RUNNER=lambda) the run also deploys the verifier runner.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scripts.pipeline import contracts
from scripts.pipeline.feature_settings import function_settings
from scripts.pipeline.run_files import write_json

TFVARS_FILE = "terraform.tfvars.json"


def created_at(run_dir: Path) -> str:
    """When this run first deployed this feature; recorded once in the run folder."""
    stamp = run_dir / "created_at"
    if not stamp.is_file() or not stamp.read_text().strip():
        stamp.write_text(datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") + "\n")
    return stamp.read_text().strip()


def function_map(feature: str, root: Path = contracts.ROOT) -> dict[str, dict[str, Any]]:
    """Handler module -> its PascalName and the settings the feature declares for it."""
    handlers = root / "handlers" / feature
    names = contracts.functions(handlers)
    settings = function_settings(handlers, list(names))
    return {module: {"pascal_name": pascal, **settings[module]} for module, pascal in names.items()}


def check_runner_name(functions: dict[str, dict[str, Any]]) -> None:
    """RUNNER=lambda names its function <prefix>-<run_id>-<feature>-Runner: no handler may take that name."""
    taken = [module for module, function in functions.items() if function["pascal_name"] == "Runner"]
    if taken:
        raise contracts.ContractError(f"handler {taken[0]}.py would share its function name with the verifier "
                                      "runner (...-Runner): rename it to deploy with RUNNER=lambda")


def tfvars(args: argparse.Namespace) -> dict[str, Any]:
    functions = function_map(args.feature)
    if args.runner_zip:
        check_runner_name(functions)
    return {
        "run_id": contracts.check_run_id(args.run_id),
        "feature_resource_name": contracts.resource_name(contracts.check_feature(args.feature)),
        "created_at": created_at(args.run_dir),
        "region": args.region,
        "layer_zip": args.layer_zip,
        "package_dir": str(args.run_dir / "package"),
        "runtime": args.runtime,
        "architecture": args.architecture,
        "s3_use_path_style": contracts.check_target(args.target) == "local",
        "functions": functions,
        "runner": {"zip_path": args.runner_zip, "target": args.target} if args.runner_zip else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.pipeline.tfvars", description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    for name in ("feature", "run-id", "layer-zip", "region", "runtime", "architecture", "target"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--runner-zip", help="RUNNER=lambda: the runner zip to deploy with the feature")
    args = parser.parse_args(argv)
    try:
        data = tfvars(args)
    except contracts.ContractError as err:
        print(f"tfvars: error: {err}", file=sys.stderr)
        return 2
    write_json(args.run_dir / TFVARS_FILE, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
