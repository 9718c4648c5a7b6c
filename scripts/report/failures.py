"""The failing tests of a run, read from each feature's JUnit report, next to
the function logs and traces that forensics saved for them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripts.forensics.functions import FUNCTIONS_DIR, TRACES_FILE
from scripts.report.junit import JUNIT_FILE, case_results, read

MESSAGE_CHARS = 300


@dataclass(frozen=True)
class FailedTest:
    name: str  # module::test as pytest names it
    message: str  # the first line of the assertion or error
    details: str  # the whole failure text, to find the functions it names


def failed_tests(junit: Path) -> list[FailedTest]:
    """Every testcase with a <failure> or <error>; none when the file is missing or unreadable."""
    root = read(junit)
    if root is None:
        return []
    found: list[FailedTest] = []
    for case in case_results(root):
        if case.outcome not in ("failed", "error"):
            continue
        module = case.classname.rsplit(".", 1)[-1]
        message = case.message.splitlines()
        first = message[0][:MESSAGE_CHARS] if message else ("failure" if case.outcome == "failed" else "error")
        found.append(FailedTest(f"{module}::{case.name}", first, case.details))
    return found


def evidence(feature_dir: Path, test: FailedTest) -> list[Path]:
    """The saved function logs the failure names (all of them when it names none), then traces.json."""
    logs = sorted((feature_dir / FUNCTIONS_DIR).glob("*.log"))
    named = [log for log in logs if log.stem in test.details or _function_name(log) in test.details]
    traces = feature_dir / TRACES_FILE
    return (named or logs) + ([traces] if traces.is_file() else [])


def _function_name(log: Path) -> str:
    """The deployed name a saved log starts with (`# <name>: log group ...`)."""
    try:
        with log.open(encoding="utf-8") as text:
            first = text.readline()
    except OSError:
        return log.stem
    return first[2:].split(":", 1)[0] if first.startswith("# ") else log.stem


def section(run_dir: Path, features: list[str]) -> str:
    """Markdown: one line per failing test with its assertion and links to its evidence."""
    lines: list[str] = []
    for feature in features:
        folder = run_dir / feature
        for test in failed_tests(folder / JUNIT_FILE):
            files = evidence(folder, test)
            links = ", ".join(f"[{p.name}]({p.relative_to(run_dir).as_posix()})" for p in files)
            lines.append(f"- `{feature}` `{test.name}`: {test.message.replace('|', '/')}"
                         + (f" — function logs and traces: {links}" if links else " — no function logs saved"))
    return "## Failing tests\n\n" + "\n".join(lines) if lines else ""


def console_lines(run_dir: Path, features: list[str]) -> list[str]:
    """The same, for the terminal: test, assertion, and the folder holding the function logs."""
    lines: list[str] = []
    for feature in features:
        folder = run_dir / feature
        for test in failed_tests(folder / JUNIT_FILE):
            lines.append(f"FAILED {feature} {test.name}: {test.message}")
            files = evidence(folder, test)
            if files:
                lines.append(f"  function logs: {' '.join(str(p) for p in files)}")
    return lines
