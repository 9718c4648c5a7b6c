"""Zip each handler file of a feature into <package_dir>/<name>.zip.

One zip per handler, holding only that file, written deterministically: a
deploy after editing one handler changes only that function's code hash.
Zips of handlers that no longer exist are removed. Files starting with '_'
are helpers, not functions (the Terraform module skips them too).
"""
from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from detzip import write_zip


def handler_files(handlers_dir: Path) -> list[Path]:
    return sorted(p for p in handlers_dir.glob("*.py") if not p.name.startswith("_"))


def _unchanged(zip_path: Path, handler: Path) -> bool:
    try:
        with zipfile.ZipFile(zip_path) as archive:
            return archive.namelist() == [handler.name] and archive.read(handler.name) == handler.read_bytes()
    except (OSError, zipfile.BadZipFile, KeyError):
        return False


def package(handlers_dir: Path, package_dir: Path) -> list[Path]:
    """Write the zips; return them in handler order."""
    handlers = handler_files(handlers_dir)
    if not handlers:
        raise SystemExit(f"package: no handler files (*.py) in {handlers_dir}")
    package_dir.mkdir(parents=True, exist_ok=True)
    wanted = {package_dir / f"{h.stem}.zip": h for h in handlers}
    for stale in set(package_dir.glob("*.zip")) - set(wanted):
        stale.unlink()
    for zip_path, handler in wanted.items():
        if not _unchanged(zip_path, handler):
            write_zip(zip_path, handlers_dir, [handler])
    return list(wanted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("handlers_dir", type=Path)
    parser.add_argument("package_dir", type=Path)
    args = parser.parse_args(argv)
    for zip_path in package(args.handlers_dir.resolve(), args.package_dir):
        print(f"package: {zip_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
