"""`make clean`: empty this checkout's build/ folder, and nothing outside it.

    python -m scripts.artefacts.clean

A localcloud that still runs from build/localcloud/<port> keeps its folder and
its leases (clean stops nothing: `make cloud-down` does); everything else in
build/ (layers, runs, bench results, Terraform CLI config) is removed. Resources
a kept run (KEEP=1) deployed are not touched: destroy them first.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

BUILD = Path(__file__).resolve().parents[2] / "build"
KEPT_WHILE_RUNNING = ("localcloud", "cloud-leases")


def _running(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def live_cloud_ports(build: Path) -> set[str]:
    """Ports of the localclouds started from this checkout that still run."""
    return {p.parent.name for p in build.glob("localcloud/*/localcloud.pid") if _running(p)}


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def clean(build: Path) -> list[Path]:
    """Remove build/'s contents but live localclouds' folders; return what was kept."""
    if not build.is_dir():
        return []
    live = live_cloud_ports(build)
    kept = []
    for entry in sorted(build.iterdir()):
        if entry.name not in KEPT_WHILE_RUNNING:
            _remove(entry)
            continue
        for port_dir in sorted(entry.iterdir()):
            if port_dir.name in live:
                kept.append(port_dir)
            else:
                _remove(port_dir)
    return kept


def main() -> int:
    for path in clean(BUILD):
        print(f"clean: kept {path.relative_to(BUILD.parent)}: localcloud still runs there (stop it: make cloud-down "
              f"LOCALCLOUD_PORT={path.name})", file=sys.stderr)
    print(f"clean: emptied {BUILD}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
