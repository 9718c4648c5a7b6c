"""Write a feature's outputs.json from its Terraform state, via python-terraform.

Terraform cannot name outputs after files it discovers, so the root module
returns one `Functions` map ({PascalName: {name, arn}}); this expands it into
the contract's flat `terraform output -json` shape: `<PascalName>` and
`<PascalName>Arn` per handler, next to the feature's other outputs. On
TARGET=local (--local-endpoint) the front doors' AWS URLs in them become
localcloud's (scripts/pipeline/local_urls.py).

python-terraform 0.10.1 is used only where it works with Terraform 1.x:
with a local state file, its state reader (`Terraform(state=...).tfstate`,
instant: `terraform output` spends ~1 s verifying the provider first);
otherwise (remote state) `Terraform.output()` without a name, the whole map.
Its `apply()`, `destroy()` and named `output()` are broken there and stay
unused.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from python_terraform import Terraform

from scripts.pipeline.local_urls import localize
from scripts.pipeline.run_files import write_json

FUNCTIONS = "Functions"


class OutputsError(RuntimeError):
    """Terraform gave no usable outputs."""


def _from_state(tf_dir: Path, state: Path) -> dict[str, Any]:
    """The outputs of a local state file, shaped as `terraform output -json` shapes them."""
    saved = getattr(Terraform(working_dir=str(tf_dir), state=str(state)).tfstate, "outputs", None) or {}
    return {name: {"sensitive": bool(entry.get("sensitive", False)), "type": entry["type"], "value": entry["value"]}
            for name, entry in saved.items()}


def read_outputs(tf_dir: Path, state: Path | None = None) -> dict[str, Any]:
    """The root module's outputs: from its local state file when given, else
    `terraform output -json` in tf_dir (TF_DATA_DIR from the env)."""
    if state is not None:
        raw: dict[str, Any] | None = _from_state(tf_dir, state.resolve())
    else:
        raw = Terraform(working_dir=str(tf_dir)).output()
        if raw is None:
            raise OutputsError(f"'terraform output -json' failed in {tf_dir}")
    if not isinstance(raw, dict) or FUNCTIONS not in raw:
        raise OutputsError(f"no '{FUNCTIONS}' output in {tf_dir}: was the feature applied?")
    return raw


def _string(value: str) -> dict[str, Any]:
    return {"sensitive": False, "type": "string", "value": value}


def expand_functions(raw: dict[str, Any]) -> dict[str, Any]:
    """Replace the Functions map by one name and one ARN output per function."""
    flat = {key: entry for key, entry in raw.items() if key != FUNCTIONS}
    for pascal, function in sorted(raw[FUNCTIONS]["value"].items()):
        flat[pascal] = _string(function["name"])
        flat[f"{pascal}Arn"] = _string(function["arn"])
    return flat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tf_dir", type=Path, help="the feature's root module")
    parser.add_argument("out", type=Path, help="outputs.json to write")
    parser.add_argument("--state", type=Path, help="the local state file (default: ask terraform)")
    parser.add_argument("--local-endpoint", help="TARGET=local: localcloud's URL; front-door URLs are made local")
    args = parser.parse_args(argv)
    try:
        outputs = expand_functions(read_outputs(args.tf_dir, args.state))
    except OutputsError as err:
        print(f"outputs: error: {err}", file=sys.stderr)
        return 1
    if args.local_endpoint:
        outputs = localize(outputs, args.local_endpoint)
    write_json(args.out, outputs)
    print(f"outputs: wrote {args.out} ({len(outputs)} outputs)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
