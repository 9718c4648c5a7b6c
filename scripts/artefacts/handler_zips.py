"""Zip each handler file of a feature into <package_dir>/<name>.zip.

One zip per handler, holding that file plus the folder's helper modules
(files starting with '_', which are not functions: the Terraform module skips
them too), written deterministically: a deploy after editing one handler
changes only that function's code hash; editing a helper changes all of them.
Zips of handlers that no longer exist are removed.
"""
from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from scripts.artefacts.detzip import write_zip
from scripts.pipeline import contracts


def split(handlers_dir: Path) -> tuple[list[Path], list[Path]]:
    """(handlers, helpers) of a feature folder, each sorted; a handler name outside the rule is refused."""
    handlers = [contracts.check_handler_file(p) for p in contracts.handler_files(handlers_dir)]
    return handlers, sorted(handlers_dir.glob("_*.py"))


def _unchanged(zip_path: Path, files: list[Path]) -> bool:
    try:
        with zipfile.ZipFile(zip_path) as archive:
            return archive.namelist() == sorted(p.name for p in files) and all(
                archive.read(p.name) == p.read_bytes() for p in files
            )
    except (OSError, zipfile.BadZipFile, KeyError):
        return False


def package(handlers_dir: Path, package_dir: Path) -> list[Path]:
    """Write the zips; return them in handler order."""
    try:
        handlers, helpers = split(handlers_dir)
    except contracts.ContractError as err:
        raise SystemExit(f"package: error: {err}") from None
    if not handlers:
        raise SystemExit(f"package: no handler files (*.py) in {handlers_dir}")
    package_dir.mkdir(parents=True, exist_ok=True)
    wanted = {package_dir / f"{h.stem}.zip": [h, *helpers] for h in handlers}
    for stale in set(package_dir.glob("*.zip")) - set(wanted):
        stale.unlink()
    for zip_path, files in wanted.items():
        if not _unchanged(zip_path, files):
            write_zip(zip_path, handlers_dir, files)
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
