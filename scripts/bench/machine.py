"""The machine a bench ran on, for the results' header: CPU, cores, tool versions."""
from __future__ import annotations

import os
import platform
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv" / "bin" / "python"
FEATURES_DIR = ROOT / "terraform" / "features"


def first_line(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()[0]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "?"


def machine_info() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    lock = next(FEATURES_DIR.glob("*/.terraform.lock.hcl"), None)
    provider = re.search(r'version\s*=\s*"([^"]+)"', lock.read_text()) if lock else None
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu": cpu,
        "nproc": str(len(os.sched_getaffinity(0))),
        "terraform": first_line(["terraform", "version"]).removeprefix("Terraform v"),
        "aws_provider": provider.group(1) if provider else "?",
        "python": first_line([str(PY), "--version"]).removeprefix("Python "),
        "target": "local",
    }
