"""pytest plugin for the verifier suites: outputs, clients, unique names, wait accounting.

    pytest verifiers/<feature> --outputs build/runs/<run>/<feature>/outputs.json

The run folder's run.json (written at deploy) says where the run lives: its
target, region and endpoint become this session's, and a shell naming another
target (TARGET, AWS_ENDPOINT_URL) is refused before any test runs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from scripts.pipeline import run_record
from verifiers import outputs as outputs_file
from verifiers.lib.clients import Clients, make_clients
from verifiers.lib.names import UniqueNames
from verifiers.lib.wait import WAITS, target

VERIFIERS = Path(__file__).resolve().parent
REPO = VERIFIERS.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("verifiers")
    group.addoption("--outputs", metavar="PATH", help="terraform output -json of the feature under test (required)")
    group.addoption("--wait-report", metavar="PATH", help="write every wait and the total waited time here as JSON")


def _feature_handlers(args: list[str]) -> Path | None:
    """handlers/<f> when the run targets exactly one feature folder verifiers/<f>."""
    features = set()
    for arg in args:
        path = Path(arg.split("::", 1)[0]).resolve()
        if path.is_relative_to(VERIFIERS) and path != VERIFIERS:
            features.add(path.relative_to(VERIFIERS).parts[0])
    if len(features) != 1:
        return None
    handlers = REPO / "handlers" / features.pop()
    return handlers if handlers.is_dir() else None


RUN_TARGET = pytest.StashKey[str]()


def _use_run_target(outputs_path: Path) -> str:
    """Point this session at the run's target (run.json next to outputs.json); one line saying where."""
    try:
        record = run_record.read(outputs_path.parent)
        if record is None:
            return f"no {run_record.RUN_FILE} next to {outputs_path}: TARGET and AWS_* from the shell"
        wanted = run_record.environment_for(record, dict(os.environ))
    except (run_record.TargetMismatch, ValueError, TypeError) as err:
        raise pytest.UsageError(f"{outputs_path.parent / run_record.RUN_FILE}: {err}") from None
    if record.target == "local":
        for name in run_record.AMBIENT_CREDENTIALS:
            os.environ.pop(name, None)
    os.environ.update(wanted)
    where = f" at {record.endpoint}" if record.endpoint else ""
    return f"run {record.run_id} ({record.feature}) on TARGET={record.target} in {record.region}{where}"


def pytest_configure(config: pytest.Config) -> None:
    if config.option.help:
        return
    path = config.getoption("--outputs")
    if not path:
        raise pytest.UsageError(
            "--outputs <path> is required: the `terraform output -json` of the deployed feature, "
            "e.g. --outputs build/runs/<run_id>/<feature>/outputs.json"
        )
    config.stash[RUN_TARGET] = _use_run_target(Path(path))
    target()  # reject a wrong TARGET before any test runs
    found = outputs_file.check(Path(path), _feature_handlers(config.args))
    if found:
        raise pytest.UsageError("outputs do not match the outputs schema:\n  " + "\n  ".join(found))


class Outputs(Mapping[str, Any]):
    """Flattened outputs (`name -> value`); a missing name fails the test, naming what exists."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            pytest.fail(f"outputs have no {name!r}; they have {sorted(self._values)}")
        return self._values[name]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


@pytest.fixture(scope="session")
def outputs(pytestconfig: pytest.Config) -> Outputs:
    raw = json.loads(Path(pytestconfig.getoption("--outputs")).read_text())
    return Outputs(outputs_file.values(raw))


@pytest.fixture(scope="session")
def clients() -> Clients:
    return make_clients()


@pytest.fixture(scope="session")
def unique() -> UniqueNames:
    return UniqueNames()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not config.getoption("--outputs"):
        return
    if RUN_TARGET in config.stash:
        terminalreporter.write_line(f"verifiers: {config.stash[RUN_TARGET]}")
    terminalreporter.write_line(
        f"verifiers: waited {WAITS.total_s:.2f}s in {len(WAITS.records)} waits (TARGET={target()})"
    )
    for record in WAITS.records:
        state = "ok" if record.satisfied else "TIMED OUT"
        terminalreporter.write_line(
            f"  {record.kind:<7} {record.seconds:6.2f}s {record.attempts:3d} polls {state}: {record.expected}"
        )


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = session.config.getoption("--wait-report")
    if path:
        Path(path).write_text(
            json.dumps(
                {
                    "target": target(),
                    "total_s": WAITS.total_s,
                    "waits": [vars(r) for r in WAITS.records],
                },
                indent=2,
            )
        )
