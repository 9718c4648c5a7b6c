"""The README's "Running in CI" section lists every repository variable and
secret the workflows read, so a maintainer setting up CI misses none."""
from __future__ import annotations

import re

from ci_kit import README, workflow_files

SECTION = "## Running in CI"
READS = re.compile(r"\b(?:vars|secrets)\.([A-Za-z_][A-Za-z0-9_]*)")


def ci_section(readme: str) -> str:
    start = readme.find(SECTION)
    if start < 0:
        return ""
    end = readme.find("\n## ", start + len(SECTION))
    return readme[start : end if end >= 0 else len(readme)]


def names_read(workflows: list[str]) -> set[str]:
    return {name for text in workflows for name in READS.findall(text)}


def names_missing(workflows: list[str], readme: str) -> set[str]:
    section = ci_section(readme)
    return {name for name in names_read(workflows) if f"`{name}`" not in section}


def test_readme_lists_every_variable_and_secret_the_workflows_read() -> None:
    # GIVEN what the workflows read from vars.* and secrets.*
    workflows = [path.read_text() for path in workflow_files()]
    assert names_read(workflows), "the workflows read no repository variable: is READS still right?"
    # THEN the README's CI section names each of them
    assert names_missing(workflows, README.read_text()) == set()


def test_a_variable_missing_from_the_readme_is_reported() -> None:
    # GIVEN a README whose CI section does not mention one variable a workflow reads
    workflows = ["role-to-assume: ${{ vars.AWS_ROLE_ARN }}\nbucket: ${{ vars.TF_STATE_BUCKET }}"]
    readme = f"# x\n\n{SECTION}\n\nSet `AWS_ROLE_ARN`.\n\n## Variables\n\n`TF_STATE_BUCKET` elsewhere\n"
    # THEN exactly that one is reported
    assert names_missing(workflows, readme) == {"TF_STATE_BUCKET"}
