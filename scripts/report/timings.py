"""Phase timings of one run, as the pipeline scripts record them.

Each feature's folder `build/runs/<run_id>/<feature>/` holds `timings.json`:
either a JSON array or one JSON object per line (so bash can append a line
per phase), each object `{"phase": str, "start": epoch s, "end": epoch s,
"status": "pass" | "fail" | "skipped"}` in the order the phases ran. A
skipped phase may carry null times. A `timings.json` directly in the run
folder holds work shared by all features (layer build, localcloud start).

    python -m scripts.report.timings record <timings.json> <phase> <start|null> <end|null> <status>

appends one phase line (the pipeline's writer; this module is also the reader).
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

TIMINGS_FILE = "timings.json"
STATUSES = ("pass", "fail", "skipped")
SHARED = "(shared)"


class TimingsError(ValueError):
    """A timings file that does not follow the format above."""


@dataclass(frozen=True)
class Phase:
    name: str
    status: str
    start: float | None
    end: float | None

    @property
    def duration(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start


@dataclass(frozen=True)
class FeatureRun:
    feature: str
    phases: tuple[Phase, ...]

    @property
    def status(self) -> str:
        statuses = {p.status for p in self.phases}
        if "fail" in statuses:
            return "fail"
        return "pass" if "pass" in statuses else "skipped"

    @property
    def start(self) -> float | None:
        starts = [p.start for p in self.phases if p.start is not None]
        return min(starts) if starts else None

    @property
    def end(self) -> float | None:
        ends = [p.end for p in self.phases if p.end is not None]
        return max(ends) if ends else None

    @property
    def wall(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start

    def phase_total(self, name: str) -> tuple[float | None, str] | None:
        """Summed duration and worst status of a phase (a retried phase runs twice)."""
        runs = [p for p in self.phases if p.name == name]
        if not runs:
            return None
        durations = [p.duration for p in runs if p.duration is not None]
        total = sum(durations) if durations else None
        return total, FeatureRun(self.feature, tuple(runs)).status


def _number(value: object, field: str, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TimingsError(f"{where}: '{field}' must be epoch seconds, got {value!r}")
    return float(value)


def parse_phase(entry: object, where: str) -> Phase:
    if not isinstance(entry, dict):
        raise TimingsError(f"{where}: each entry must be an object, got {entry!r}")
    name, status = entry.get("phase"), entry.get("status")
    if not isinstance(name, str) or not name:
        raise TimingsError(f"{where}: 'phase' must be a non-empty string, got {name!r}")
    if status not in STATUSES:
        raise TimingsError(f"{where}: phase {name!r} has status {status!r}, expected one of {STATUSES}")
    start = _number(entry.get("start"), "start", where)
    end = _number(entry.get("end"), "end", where)
    if status != "skipped" and (start is None or end is None):
        raise TimingsError(f"{where}: phase {name!r} ran ({status}) but lacks start or end")
    if start is not None and end is not None and end < start:
        raise TimingsError(f"{where}: phase {name!r} ends before it starts")
    return Phase(name=name, status=str(status), start=start, end=end)


def _entries(text: str, where: str) -> list[object]:
    stripped = text.strip()
    if not stripped:
        return []
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, list):
        return whole
    if isinstance(whole, dict):
        return [whole]
    try:
        return [json.loads(line) for line in stripped.splitlines() if line.strip()]
    except json.JSONDecodeError as err:
        raise TimingsError(f"{where}: neither a JSON array nor JSON lines ({err})") from err


def load_feature(path: Path, feature: str) -> FeatureRun:
    entries = _entries(path.read_text(encoding="utf-8"), str(path))
    return FeatureRun(feature, tuple(parse_phase(e, f"{path}[{i}]") for i, e in enumerate(entries)))


def load_run(run_dir: Path) -> list[FeatureRun]:
    """Every feature of the run (shared work first), ordered by when it started."""
    runs = [load_feature(p, p.parent.name) for p in sorted(run_dir.glob(f"*/{TIMINGS_FILE}"))]
    runs.sort(key=lambda r: (r.start is None, r.start or 0.0, r.feature))
    shared = run_dir / TIMINGS_FILE
    if shared.is_file():
        runs.insert(0, load_feature(shared, SHARED))
    return [r for r in runs if r.phases]


def phase_order(runs: list[FeatureRun]) -> list[str]:
    """Phase names merged from every feature's sequence, for stable columns and colours."""
    order: list[str] = []
    for run in runs:
        previous: str | None = None
        for phase in run.phases:
            if phase.name not in order:
                at = order.index(previous) + 1 if previous is not None else len(order)
                order.insert(at, phase.name)
            previous = phase.name
    return order


def record(path: Path, phase: str, start: float | None, end: float | None, status: str) -> None:
    """Append one phase line (a line is one write: concurrent writers never interleave)."""
    line = json.dumps({"phase": phase, "start": start, "end": end, "status": status})
    parse_phase(json.loads(line), str(path))
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 6 or args[0] != "record":
        print("usage: python -m scripts.report.timings record <file> <phase> <start|null> <end|null> <status>",
              file=sys.stderr)
        return 2
    path, phase, start, end, status = args[1:]
    try:
        record(Path(path), phase, None if start == "null" else float(start),
               None if end == "null" else float(end), status)
    except (TimingsError, ValueError) as err:
        print(f"timings: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
