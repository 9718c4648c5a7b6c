"""`make feature NAME=<f>`: a new feature's three folders, ready to run.

    python -m scripts.pipeline.scaffold [<name>]     (default: $NAME, as make passes it)

Writes handlers/<f>/ (a handler and a settings.json example),
terraform/features/<f>/ (the shared files linked, a feature.tf showing in
comments each thing a feature can add) and verifiers/<f>/ (a suite that
passes as generated), then prints the next command. A name outside the
feature-name rule, or one whose folders exist, is refused before anything is
written (exit 2).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from scripts.pipeline import contracts

TEMPLATES = Path(__file__).with_name("feature_template")
SHARED = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", ".terraform.lock.hcl")


def folders(feature: str, root: Path) -> tuple[Path, Path, Path]:
    return root / "handlers" / feature, root / "terraform" / "features" / feature, root / "verifiers" / feature


def check_new(feature: str, root: Path) -> str:
    if not contracts.FEATURE_RULE.fullmatch(feature):
        raise contracts.ContractError(f"NAME '{feature}' breaks the feature-name rule: {contracts.FEATURE_RULE_TEXT}")
    taken = [str(path.relative_to(root)) for path in folders(feature, root) if path.exists()]
    if taken:
        raise contracts.ContractError(f"feature '{feature}' exists already: {', '.join(taken)}")
    return feature


def _render(template: str, feature: str) -> str:
    text = (TEMPLATES / template).read_text()
    return text.format(feature=feature, resource_name=contracts.resource_name(feature))


def scaffold(feature: str, root: Path = contracts.ROOT) -> list[Path]:
    """Write the feature's folders; the files written, in order."""
    handlers, terraform, verifiers = folders(check_new(feature, root), root)
    files = {
        handlers / "basic_handler.py": _render("basic_handler.py.tmpl", feature),
        handlers / "settings.json": _render("settings.json.tmpl", feature),
        terraform / "feature.tf": _render("feature.tf.tmpl", feature),
        verifiers / "__init__.py": "",
        verifiers / f"test_{feature}.py": _render("test_feature.py.tmpl", feature),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name in SHARED:
        (terraform / name).symlink_to(f"../../shared/{name}")
    return list(files)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    feature = args[0] if args else os.environ.get("NAME", "")
    try:
        written = scaffold(feature)
    except contracts.ContractError as err:
        print(f"e2e: error: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(contracts.ROOT)}")
    print(f"next: make e2e FEATURE={feature}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
