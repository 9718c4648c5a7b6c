"""Synthetic run folders for the report's tests."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

T0 = 1_763_700_000.0
Step = tuple[str, float, str]  # phase, seconds, status

WriteRun = Callable[[dict[str, tuple[float, list[Step]]]], Path]


def timings(offset: float, steps: list[Step]) -> list[dict[str, object]]:
    """Back-to-back phases starting `offset` s after T0; skipped ones carry no time."""
    entries: list[dict[str, object]] = []
    t = T0 + offset
    for phase, seconds, status in steps:
        if status == "skipped":
            entries.append({"phase": phase, "start": None, "end": None, "status": status})
            continue
        entries.append({"phase": phase, "start": t, "end": t + seconds, "status": status})
        t += seconds
    return entries


PASSING: list[Step] = [("init", 3.0, "pass"), ("apply", 18.0, "pass"), ("verify", 6.0, "pass"),
                       ("destroy", 12.0, "pass"), ("leak_check", 0.5, "pass")]
APPLY_FAILS: list[Step] = [("init", 3.0, "pass"), ("apply", 15.0, "fail"), ("verify", 0.0, "skipped"),
                           ("destroy", 9.0, "pass"), ("leak_check", 0.5, "pass")]
