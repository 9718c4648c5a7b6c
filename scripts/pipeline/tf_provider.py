"""One AWS provider process per run, shared by that run's terraform commands.

    python -m scripts.pipeline.tf_provider reattach <provider_log> --pid <pid>

Terraform starts the AWS provider (a 700 MB binary) four to five times per
apply or destroy and checks the binary against the lock file's hash before
each command. A provider started once in its debug mode (`-debug`) serves
every command of the run through TF_REATTACH_PROVIDERS instead; scripts/sh/
provider.sh starts and stops it. The binary is the one `terraform init`
verified into the run's data folder.

Waits, bounded, for the provider's log to announce its reattach
configuration and prints it as TF_REATTACH_PROVIDERS' value (exit 1 naming
why when the provider died first or never announced it).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from localcloud.core.proctree import stat_fields
from tenacity import RetryError, retry, retry_if_result, stop_after_delay, wait_exponential

AWS = "registry.terraform.io/hashicorp/aws"
ANNOUNCEMENT = re.compile(r"TF_REATTACH_PROVIDERS='(\{.*\})'")
# The provider's start is a few seconds of CPU; a loaded machine may take tens.
ANNOUNCE_DEADLINE_S = 120.0


class ProviderError(Exception):
    """The shared provider cannot be used; the message says why."""


def alive(pid: int) -> bool:
    """Running, not a zombie: the provider is the shell's child, which may not have reaped it yet."""
    fields = stat_fields(pid)
    return fields is not None and fields[0] not in (b"Z", b"X")


def announced(log: Path, pid: int) -> dict[str, object] | None:
    """The reattach configuration the provider printed, or None while it is still starting."""
    text = log.read_text(errors="replace") if log.is_file() else ""
    match = ANNOUNCEMENT.search(text)
    if match is None:
        if not alive(pid):
            raise ProviderError(f"the provider (pid {pid}) exited before it announced itself: {text[-500:]}")
        return None
    config = json.loads(match.group(1))
    if not isinstance(config, dict) or config.get(AWS, {}).get("Pid") != pid:
        raise ProviderError(f"{log} announces another provider than pid {pid}: {match.group(1)}")
    return config


def reattach_config(log: Path, pid: int, deadline_s: float = ANNOUNCE_DEADLINE_S) -> dict[str, object]:
    poll = retry(retry=retry_if_result(lambda config: config is None), stop=stop_after_delay(deadline_s),
                 wait=wait_exponential(multiplier=0.02, max=0.5))(announced)
    try:
        config: dict[str, object] = poll(log, pid)
    except RetryError:
        raise ProviderError(f"the provider (pid {pid}) did not announce itself within {deadline_s:.0f} s") from None
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    waiting = commands.add_parser("reattach")
    waiting.add_argument("log", type=Path)
    waiting.add_argument("--pid", type=int, required=True)
    args = parser.parse_args(argv)
    try:
        print(json.dumps(reattach_config(args.log, args.pid), separators=(",", ":")))
    except ProviderError as error:
        print(f"provider: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
