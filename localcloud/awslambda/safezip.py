"""Unpacking function and layer zips without ever touching a path outside the
target folder: every entry is checked before anything is written, and one
entry that names an absolute path, climbs out with `..`, or is a symbolic link
refuses the whole archive (a partial tree would run half a function)."""
from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath


class UnsafeArchive(ValueError):
    """The zip cannot be unpacked safely (or at all); the message names the entry."""


def _destination(target: Path, member: zipfile.ZipInfo) -> Path:
    name = member.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (parts and parts[0].endswith(":")) or ".." in parts:
        raise UnsafeArchive(f"entry {member.filename!r} names a path outside the package")
    if stat.S_ISLNK(member.external_attr >> 16):
        raise UnsafeArchive(f"entry {member.filename!r} is a symbolic link")
    return target.joinpath(*parts)


def safe_extract(data: bytes, target: Path) -> None:
    """Unpack `data` into `target` (later archives overwrite earlier files, as
    layers merge), restoring Unix execute bits that zipfile would drop."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnsafeArchive(f"not a zip file: {exc}") from None
    with archive:
        planned = [(member, _destination(target, member)) for member in archive.infolist()]
        root = target.resolve()
        for member, destination in planned:
            if member.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            if not destination.parent.resolve().is_relative_to(root):
                raise UnsafeArchive(f"entry {member.filename!r} resolves outside the package")
            if destination.is_symlink() or destination.is_file():
                destination.unlink()  # a later layer's file replaces it, never writes through it
            with archive.open(member) as source, open(destination, "xb") as sink:
                while chunk := source.read(1 << 20):
                    sink.write(chunk)
            mode = (member.external_attr >> 16) & 0o777
            if mode & 0o111:
                os.chmod(destination, mode, follow_symlinks=False)
