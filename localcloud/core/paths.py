"""Where localcloud keeps its files: everything generated lives under build/."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILD_ROOT = Path(os.environ.get("LOCALCLOUD_BUILD_DIR", REPO_ROOT / "build" / "localcloud"))

DEFAULT_PORT = 4566
DEFAULT_XRAY_PORT = 2000
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


def data_dir(port: int) -> Path:
    """Per-instance directory: pid file, server log, extracted code and layers."""
    return BUILD_ROOT / str(port)


def runtime_dir(runtime: str) -> Path:
    """Shared (all ports) directory of a runtime's own packages, e.g. python3.12."""
    return BUILD_ROOT / "runtime" / runtime
