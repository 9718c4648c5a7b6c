"""LAYER_SOURCE: a local checkout's wheel in the layer in place of the pinned release.

    python -m scripts.artefacts.layer_source digest <wheel>
    python -m scripts.artefacts.layer_source replace <layer python/ folder> <wheel>

`digest` hashes what the wheel installs (every entry's name and bytes, not the
zip's timestamps), so the layer's hash moves with the package and not with a
docs or test edit in the checkout. `replace` removes the pinned release of the
wheel's distribution through its RECORD, so that installing the wheel leaves
one `dist-info`.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import zipfile
from pathlib import Path

from scripts.artefacts.layer_prune import dist_info_name, normalise, remove_distribution


def dist_name(wheel: Path) -> str:
    """The canonical distribution name of a wheel file (`My.Lib-1.0-py3-none-any.whl` -> `my_lib`)."""
    return normalise(wheel.name.split("-", 1)[0])


def digest(wheel: Path) -> str:
    entries = hashlib.sha256()
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            entries.update(name.encode() + b"\0" + hashlib.sha256(archive.read(name)).digest())
    return entries.hexdigest()


def replace(site: Path, wheel: Path) -> list[str]:
    """Remove every installed distribution of the wheel's name; return the dist-info folders removed."""
    site = site.resolve()
    wanted = dist_name(wheel)
    removed = []
    for dist_info in sorted(site.glob("*.dist-info")):
        if dist_info_name(dist_info) == wanted:
            remove_distribution(site, dist_info)
            removed.append(dist_info.name)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.artefacts.layer_source", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("digest").add_argument("wheel", type=Path)
    replace_cmd = sub.add_parser("replace")
    replace_cmd.add_argument("site", type=Path)
    replace_cmd.add_argument("wheel", type=Path)
    args = parser.parse_args(argv)
    if args.command == "digest":
        print(digest(args.wheel))
        return 0
    removed = replace(args.site, args.wheel)
    print(f"layer: {args.wheel.name} replaces {', '.join(removed) or 'no pinned release'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
