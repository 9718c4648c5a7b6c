"""Terraform's CLI configuration: the provider mirror when this machine has one.

    python -m scripts.pipeline.cli_config <config path>

Prints the file to use as TF_CLI_CONFIG_FILE, or nothing when Terraform
should use the registry (no mirror folder). The mirror is TF_PLUGIN_MIRROR
(default /opt/tf-plugins). The file is rewritten only when its text changes,
atomically, so concurrent runs never read half a file.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_MIRROR = "/opt/tf-plugins"


def mirror() -> Path:
    return Path(os.environ.get("TF_PLUGIN_MIRROR") or DEFAULT_MIRROR)


def mirror_config_text(path: Path) -> str:
    return f'provider_installation {{\n  filesystem_mirror {{\n    path = "{path}"\n  }}\n}}\n'


def write_cli_config(config: Path) -> Path | None:
    """Write the mirror config at config (if there is a mirror) and return it."""
    folder = mirror()
    if not folder.is_dir():
        return None
    text = mirror_config_text(folder)
    if not config.is_file() or config.read_text() != text:
        config.parent.mkdir(parents=True, exist_ok=True)
        tmp = config.with_name(f"{config.name}.{os.getpid()}")
        tmp.write_text(text)
        os.replace(tmp, config)
    return config


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m scripts.pipeline.cli_config <config path>", file=sys.stderr)
        return 2
    written = write_cli_config(Path(args[0]))
    if written:
        print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
