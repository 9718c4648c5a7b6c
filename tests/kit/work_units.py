"""Work units for pytest-xdist: `make test` runs `-n N --dist loadscope --no-loadscope-reorder`.

A test module is one unit, as plain `--dist loadscope` has it: its module and
session fixtures are set up once on the worker that runs it. A test marked
`slow` (it deploys with Terraform or runs make end to end, a minute or more) is
a unit of its own, or, with `slow(by="<parameter>")`, shares one with the tests
that have the same value of that parameter and so the same module-scoped
fixture (one deployment per feature). Units run longest first, by the `seconds`
a `slow` marker estimates, so that no long unit starts last while the other
workers sit idle; the quick modules fill in behind them.

A pytest plugin (tests/conftest.py loads it). The workers collect and order the
tests and write each test's unit to a file; the controller, which collects
nothing, reads it to hand out whole units. (pytest-xdist's own `xdist_group`
cannot carry this: it renames node ids in a way pytest 9 no longer honours.)
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

SLOW = "slow"
UNITS_FILE = "work_units_file"  # key of the workers' input: where they write {node id: unit}
_UNITS_DIR = pytest.StashKey[Path]()


def unit_of(item: pytest.Item) -> tuple[str, float]:
    """The item's work unit and its estimated seconds (0 for a quick module)."""
    module = item.nodeid.split("::", 1)[0]
    marker = item.get_closest_marker(SLOW)
    if marker is None:
        return module, 0.0
    by = marker.kwargs.get("by")
    part = f"{by}={item.callspec.params[by]}" if by else item.nodeid.split("::", 1)[1]  # type: ignore[attr-defined]
    return f"{module}::{part}", float(marker.kwargs.get("seconds", 60))


def order_by_unit(items: list[pytest.Item]) -> dict[str, str]:
    """Sort the units with the longest estimate first (stable: within a unit, and among quick
    modules, the collection order stays); the unit of each node id."""
    units = {item.nodeid: unit_of(item) for item in items}
    items.sort(key=lambda item: -units[item.nodeid][1])
    return {nodeid: unit for nodeid, (unit, _) in units.items()}


class WorkUnitScheduling(LoadScopeScheduling):
    """--dist loadscope whose scopes are the workers' units (read once all have collected)."""

    def __init__(self, config: pytest.Config, log: Any, units_file: Path) -> None:
        super().__init__(config, log)
        self._units_file = units_file
        self._units: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._units is None:
            self._units = json.loads(self._units_file.read_text()) if self._units_file.exists() else {}
        return self._units.get(nodeid) or super()._split_scope(nodeid)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{SLOW}(seconds=60, by=None): a test of a minute or more; pytest-xdist runs "
                            "it as a unit of its own (or one per value of the parameter `by`), longest first")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _UNITS_DIR in config.stash:
        shutil.rmtree(config.stash[_UNITS_DIR], ignore_errors=True)


def _units_file(config: pytest.Config) -> Path:
    if _UNITS_DIR not in config.stash:
        config.stash[_UNITS_DIR] = Path(tempfile.mkdtemp(prefix="pytest-work-units-"))
    return config.stash[_UNITS_DIR] / "units.json"


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    node.workerinput[UNITS_FILE] = str(_units_file(node.config))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling | None:
    return WorkUnitScheduling(config, log, _units_file(config)) if config.getvalue("dist") == "loadscope" else None


@pytest.hookimpl(trylast=True)  # after pytest's own grouping by fixture parameters and the conftests' orders
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    units = order_by_unit(items)
    target = getattr(config, "workerinput", {}).get(UNITS_FILE)
    if target:  # every worker collects the same tests: the last to write is as good as the first
        scratch = Path(f"{target}.{os.getpid()}")
        scratch.write_text(json.dumps(units))
        scratch.replace(target)
