"""Remove from a layer tree what the Lambda Python runtime already provides.

The managed runtime ships boto3 and its dependency closure; a layer that
carried them again would be ~30 MB larger and would shadow the runtime's
versions, which is why Powertools' own layer leaves them out as well. Each
distribution is removed through its RECORD, so nothing of it stays behind.
Also removed: console scripts (`bin/`, their shebang names the build host's
Python) and pip metadata that names build-time paths (`direct_url.json`).
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

RUNTIME_PROVIDED = frozenset(
    {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python_dateutil", "six"}
)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def dist_info_name(dist_info: Path) -> str:
    return normalise(dist_info.name.removesuffix(".dist-info").rsplit("-", 1)[0])


def remove_distribution(site: Path, dist_info: Path) -> None:
    """Delete every file a distribution's RECORD lists, then its empty dirs."""
    record = dist_info / "RECORD"
    touched: set[Path] = set()
    if record.is_file():
        for line in record.read_text().splitlines():
            rel = line.split(",", 1)[0]
            if not rel:
                continue
            target = (site / rel).resolve()
            if site in target.parents and target.is_file():
                target.unlink()
                touched.add(target.parent)
    shutil.rmtree(dist_info, ignore_errors=True)
    for folder in sorted(touched, key=lambda p: len(p.parts), reverse=True):
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def prune(site: Path) -> list[str]:
    """Prune site (the layer's python/ folder); return the removed dist names."""
    site = site.resolve()
    removed = []
    for dist_info in sorted(site.glob("*.dist-info")):
        name = dist_info_name(dist_info)
        if name in RUNTIME_PROVIDED:
            remove_distribution(site, dist_info)
            removed.append(name)
        else:
            (dist_info / "direct_url.json").unlink(missing_ok=True)
    shutil.rmtree(site / "bin", ignore_errors=True)
    for cache in sorted(site.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path, help="the layer's python/ folder")
    args = parser.parse_args(argv)
    removed = prune(args.site)
    print(f"layer: left out (provided by the runtime): {', '.join(removed) or 'nothing'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
