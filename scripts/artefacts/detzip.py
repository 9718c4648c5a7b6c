"""Write a deterministic zip: same files and contents give the same bytes.

Entries are sorted, carry a fixed timestamp and fixed modes, and the archive
is written to a temporary file and renamed, so a killed run leaves no half zip.
Used for the layer (a whole tree) and for each handler (one file).
"""
from __future__ import annotations

import argparse
import os
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

# 1980-01-01 is the earliest time a zip entry can carry.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644
EXEC_MODE = 0o755
DIR_MODE = 0o755


def collect(root: Path) -> list[Path]:
    """Every regular file below root, sorted by its relative POSIX path."""
    found = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the modes above are honoured on extract
    return info


def write_zip(out: Path, root: Path, files: list[Path]) -> None:
    """Zip files (below root) into out atomically, with directory entries."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w", compresslevel=9) as archive:
            written_dirs: set[str] = set()
            for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
                rel = path.relative_to(root).as_posix()
                for parent in reversed(Path(rel).parents[:-1]):
                    dir_name = parent.as_posix() + "/"
                    if dir_name not in written_dirs:
                        written_dirs.add(dir_name)
                        info = zipfile.ZipInfo(dir_name, date_time=FIXED_TIME)
                        info.external_attr = (stat.S_IFDIR | DIR_MODE) << 16 | 0x10
                        info.create_system = 3
                        archive.writestr(info, b"")
                mode = EXEC_MODE if os.access(path, os.X_OK) else FILE_MODE
                archive.writestr(_entry(rel, mode), path.read_bytes())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="zip to write")
    parser.add_argument("root", type=Path, help="folder the entry names are relative to")
    parser.add_argument("files", nargs="*", type=Path, help="files below root (default: all)")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    files = [f.resolve() for f in args.files] if args.files else collect(root)
    if not files:
        print(f"detzip: nothing to zip below {root}", file=sys.stderr)
        return 1
    write_zip(args.out, root, files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
