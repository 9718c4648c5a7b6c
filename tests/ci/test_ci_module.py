"""terraform/ci (the AWS side of CI) validates with the locked provider,
validation catches a broken copy, nothing is written into the source tree,
and its policies name every action."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from ci_kit import CI_MODULE, terraform_validate

STANDARD_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", ".terraform.lock.hcl")
ACTION_LISTS = re.compile(r'\bAction\s*=\s*(\[[^\]]*\]|"[^"]*")')
NAMED_ACTION = re.compile(r"^[a-z0-9-]+:[A-Z][A-Za-z]+$")


def test_module_has_the_standard_shape() -> None:
    for name in STANDARD_FILES:
        assert (CI_MODULE / name).is_file(), f"terraform/ci/{name} is missing"


def test_module_validates_without_writing_into_the_source_tree(tmp_path: Path) -> None:
    # GIVEN the module and its committed lock file
    lock_before = (CI_MODULE / ".terraform.lock.hcl").read_bytes()
    files_before = sorted(p.name for p in CI_MODULE.iterdir())
    # WHEN terraform initialises (no backend) and validates it
    result = terraform_validate(CI_MODULE, tmp_path)
    # THEN it is valid, and the source folder is unchanged (data folder in tmp, lock file read-only)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The configuration is valid" in result.stdout
    assert sorted(p.name for p in CI_MODULE.iterdir()) == files_before
    assert (CI_MODULE / ".terraform.lock.hcl").read_bytes() == lock_before


def test_validate_fails_on_a_broken_copy(tmp_path: Path) -> None:
    # GIVEN a copy whose role refers to a variable that does not exist
    copy = tmp_path / "ci"
    shutil.copytree(CI_MODULE, copy, ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))  # an admin's own init
    main = (copy / "main.tf").read_text()
    assert "var.max_session_duration" in main
    (copy / "main.tf").write_text(main.replace("var.max_session_duration", "var.max_session_seconds"))
    # WHEN it is validated
    result = terraform_validate(copy, tmp_path)
    # THEN validation fails and names the undeclared variable
    assert result.returncode != 0
    assert "max_session_seconds" in result.stderr, result.stdout + result.stderr


def test_policies_name_every_action() -> None:
    # GIVEN every Action of every policy in the module
    actions = [
        action
        for path in sorted(CI_MODULE.glob("*.tf"))
        for match in ACTION_LISTS.finditer(path.read_text())
        for action in re.findall(r'"([^"]*)"', match.group(1))
    ]
    # THEN there are many, and each is service:Action, without wildcards
    assert len(actions) > 100
    assert [a for a in actions if not NAMED_ACTION.match(a)] == []
