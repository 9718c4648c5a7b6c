"""What a built layer zip holds: the versions of the packages under test and its
native (C extension) modules, which only load on the architecture they were built for.

    python -m scripts.artefacts.layer_contents <layer.zip> [--requirements FILE]...

With several requirements files (the base packages, then a feature's own),
the names come in their order, each once.
"""
from __future__ import annotations

import argparse
import re
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

DIST_INFO_METADATA = re.compile(r"python/(?:lib/python[\d.]+/site-packages/)?[^/]+\.dist-info/METADATA$")
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def required_names(requirements: Path) -> list[str]:
    """The package names a requirements file lists, in its order (comments and options skipped)."""
    names = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = REQUIREMENT_NAME.match(line)
        if match and not line.lstrip().startswith(("#", "-")):
            names.append(canonical(match.group(1)))
    return names


def installed_versions(layer: Path) -> dict[str, str]:
    """Canonical name -> version of every distribution in the zip (from its dist-info METADATA)."""
    found: dict[str, str] = {}
    with zipfile.ZipFile(layer) as archive:
        for entry in archive.namelist():
            if DIST_INFO_METADATA.match(entry):
                headers = HeaderParser().parsestr(archive.read(entry).decode("utf-8", "replace"))
                found[canonical(headers.get("Name", ""))] = headers.get("Version", "?")
    return found


def versions_under_test(layer: Path, *requirements: Path) -> dict[str, str]:
    """Name -> version for what the requirements files name (the library under test first)."""
    installed = installed_versions(layer)
    names = [name for file in requirements for name in required_names(file)]
    return {name: installed[name] for name in names if name in installed}


def native_modules(layer: Path) -> list[str]:
    with zipfile.ZipFile(layer) as archive:
        return sorted(n for n in archive.namelist() if n.endswith(".so") or ".so." in n.rsplit("/", 1)[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.artefacts.layer_contents",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("layer", type=Path)
    parser.add_argument("--requirements", type=Path, action="append",
                        help="a requirements file the layer was built from (default layer/requirements.txt)")
    args = parser.parse_args(argv)
    versions = versions_under_test(args.layer, *(args.requirements or [Path("layer/requirements.txt")]))
    print("layer: under test " + ", ".join(f"{n}=={v}" for n, v in versions.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
