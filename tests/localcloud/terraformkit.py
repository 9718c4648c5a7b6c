"""Run the Terraform CLI against localcloud as a user would: the provider from
the filesystem mirror, only the endpoint, dummy credentials and region set."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

MIRROR = Path(os.environ.get("TF_PLUGIN_MIRROR", "/opt/tf-plugins"))
CACHE = Path(__file__).resolve().parents[2] / "build" / "terraform-plugin-cache"


def terraform(workdir: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(["terraform", *args], cwd=workdir, env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, f"terraform {args[0]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def terraform_env(tmp_path: Path, aws_env: Any) -> dict[str, str]:
    """The environment of a Terraform run in `tmp_path` against the session's localcloud."""
    cli_config = tmp_path / "terraform.tfrc"
    CACHE.mkdir(parents=True, exist_ok=True)  # links the 700 MB provider instead of copying it
    mirror = (f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n'
              if MIRROR.is_dir() else "")
    cli_config.write_text(f'{mirror}plugin_cache_dir = "{CACHE}"\n')
    # Only what a user sets for localcloud: endpoint, dummy credentials, region.
    return {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "TF_CLI_CONFIG_FILE": str(cli_config),
            "TF_IN_AUTOMATION": "1", **aws_env.env}
