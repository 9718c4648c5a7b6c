"""What RUNNER=lambda invokes its runner with: one invocation per test module, or per test
function and test class of a module that sets RUNNER_FAN_OUT = "test"."""
from __future__ import annotations

from pathlib import Path

from scripts.pipeline.remote_verify import invocation_targets

PER_MODULE = '''
def test_one():
    pass


def test_two():
    pass
'''
PER_TEST = '''
import pytest

RUNNER_FAN_OUT = "test"


def _helper():
    pass


@pytest.mark.parametrize("n", [1, 2])
def test_first(n):
    pass


async def test_second():
    pass


class TestThird:
    def test_inside(self):
        pass


def check_not_a_test():
    pass
'''


def _suite(root: Path, modules: dict[str, str]) -> None:
    suite = root / "verifiers" / "f"
    suite.mkdir(parents=True)
    for name, source in modules.items():
        (suite / name).write_text(source)


def test_a_module_without_the_setting_is_one_invocation(tmp_path: Path) -> None:
    # GIVEN a suite of one module that does not fan out
    _suite(tmp_path, {"test_a.py": PER_MODULE})
    # WHEN its targets are listed
    # THEN the module is one target
    assert invocation_targets("f", tmp_path) == ["verifiers/f/test_a.py"]


def test_a_module_that_fans_out_is_one_invocation_per_test_in_pytest_order(tmp_path: Path) -> None:
    # GIVEN a module that sets RUNNER_FAN_OUT = "test" next to one that does not
    _suite(tmp_path, {"test_a.py": PER_MODULE, "test_b.py": PER_TEST})
    # WHEN the targets are listed
    # THEN the fanned-out module gives each test function and class (parameters stay together), in order
    assert invocation_targets("f", tmp_path) == [
        "verifiers/f/test_a.py",
        "verifiers/f/test_b.py::test_first",
        "verifiers/f/test_b.py::test_second",
        "verifiers/f/test_b.py::TestThird",
    ]
