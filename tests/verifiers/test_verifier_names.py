"""Unique names carry the run id and fresh randomness, so reruns never read old data."""

from __future__ import annotations

from verifiers.lib.names import UniqueNames


def test_names_carry_the_run_id_and_never_repeat(monkeypatch):
    monkeypatch.setenv("E2E_RUN_ID", "r1a2b3")
    unique = UniqueNames()
    names = {unique("order") for _ in range(100)}
    assert len(names) == 100
    assert all(n.startswith("order-r1a2b3-") for n in names)


def test_unsafe_characters_are_replaced():
    assert UniqueNames("run/1 x")("a.b").startswith("a-b-run-1-x-")
    assert UniqueNames("")("p").startswith("p-adhoc-")
