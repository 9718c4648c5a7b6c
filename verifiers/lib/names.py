"""Names unique to a run and a call, so a rerun in the same account never reads old data."""

from __future__ import annotations

import os
import re
import secrets

_UNSAFE = re.compile(r"[^A-Za-z0-9-]")


class UniqueNames:
    """Makes `<prefix>-<run id>-<random>` names; the run id comes from env E2E_RUN_ID."""

    def __init__(self, run_id: str | None = None) -> None:
        raw = run_id if run_id is not None else os.environ.get("E2E_RUN_ID", "adhoc")
        self.run_id = _UNSAFE.sub("-", raw)[:24] or "adhoc"

    def __call__(self, prefix: str) -> str:
        return f"{_UNSAFE.sub('-', prefix)}-{self.run_id}-{secrets.token_hex(4)}"
