"""The matrix's result: one table of cells (runtime x architecture: interpreter,
versions under test, result or why it did not run) and one of features x cells.

    python -m scripts.matrix.summary build/runs/<matrix_id>

Reads the cells' records (`<cell>.json` from preflight, `<cell>.status` from
their e2e-all) and each ran cell's run folder; writes `matrix.md` there and
prints the tables. A cell that did not run is SKIPPED with its reason, never
PASS. Exit 0 when at least one cell ran and none failed, else 1.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

MATRIX_FILE = "matrix.md"


def load_cells(matrix_dir: Path) -> list[dict[str, Any]]:
    cells = []
    for record in sorted(matrix_dir.glob("*.cell.json")):
        cell = json.loads(record.read_text(encoding="utf-8"))
        status_file = record.with_name(record.name.replace(".cell.json", ".status"))
        if cell["status"] == "ready":
            code = status_file.read_text().strip() if status_file.is_file() else ""
            cell["status"] = "pass" if code == "0" else "fail"
            cell.setdefault("reason", "" if code == "0" else f"e2e-all exit {code or 'unknown (interrupted?)'}")
        cells.append(cell)
    return cells


def cell_name(cell: dict[str, Any]) -> str:
    return f"{cell['runtime']}/{cell['arch']}"


def feature_results(runs_dir: Path, cell: dict[str, Any]) -> dict[str, str]:
    """feature -> PASS/FAIL for a cell that ran; {} for one that did not."""
    if cell["status"] == "skipped":
        return {}
    results = {}
    for status in sorted((runs_dir / cell["run_id"]).glob("*/status")):
        results[status.parent.name] = "PASS" if status.read_text().strip() == "0" else "FAIL"
    return results


def tables(runs_dir: Path, cells: list[dict[str, Any]]) -> tuple[list[list[str]], list[list[str]]]:
    about = [["cell", "interpreter", "under test", "result", "run"]]
    for cell in cells:
        versions = ", ".join(f"{n} {v}" for n, v in cell.get("versions", {}).items()) or "-"
        result = cell["status"].upper() + (f": {cell['reason']}" if cell.get("reason") else "")
        ran = cell["run_id"] if cell["status"] != "skipped" else "-"
        about.append([cell_name(cell), cell.get("interpreter", "-"), versions, result, ran])
    by_cell = {cell_name(c): feature_results(runs_dir, c) for c in cells}
    features = sorted({f for results in by_cell.values() for f in results})
    grid = [["feature", *by_cell]]
    for feature in features:
        grid.append([feature, *(results.get(feature, "SKIPPED" if not results else "-")
                                for results in by_cell.values())])
    if not features:
        grid.append(["(none ran)", *("SKIPPED" for _ in by_cell)])
    return about, grid


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    return "\n".join(lines + ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows[1:]])


def console(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.matrix.summary", description=__doc__.splitlines()[0])
    parser.add_argument("matrix_dir", type=Path)
    args = parser.parse_args(argv)
    cells = load_cells(args.matrix_dir)
    about, grid = tables(args.matrix_dir.parent, cells)
    report = args.matrix_dir / MATRIX_FILE
    report.write_text(f"# Matrix `{args.matrix_dir.name}`\n\n{markdown(about)}\n\n{markdown(grid)}\n", encoding="utf-8")
    print(console(about), console(grid), f"matrix: {report}", sep="\n\n")
    ran = [c for c in cells if c["status"] != "skipped"]
    return 0 if ran and all(c["status"] == "pass" for c in ran) else 1


if __name__ == "__main__":
    sys.exit(main())
