"""Run the Terraform CLI against the session's localcloud as a user would:
the provider from the filesystem mirror, only AWS_ENDPOINT_URL, dummy
credentials and the region set."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from scripts.pipeline.cli_config import write_cli_config

ROOT = Path(__file__).resolve().parents[2]


def terraform_env(home: Path, aws_env: dict[str, str]) -> dict[str, str]:
    """The environment of a Terraform run in `home`: the provider mirror and a
    shared plugin cache (links the 700 MB provider instead of copying it)."""
    cache = ROOT / "build" / "terraform-plugin-cache"
    cache.mkdir(parents=True, exist_ok=True)
    cli_config = write_cli_config(home / "terraform.tfrc")
    return {"PATH": os.environ["PATH"], "HOME": str(home), "TF_PLUGIN_CACHE_DIR": str(cache),
            **({"TF_CLI_CONFIG_FILE": str(cli_config)} if cli_config else {}),
            "TF_IN_AUTOMATION": "1", **aws_env}


def terraform(workdir: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(["terraform", *args], cwd=workdir, env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, f"terraform {args[0]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout
