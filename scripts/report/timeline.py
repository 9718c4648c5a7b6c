"""Timeline (Gantt) picture of a run: one row per feature, one bar per phase.

Bars are coloured by phase; a failed phase is hatched and outlined in red so
a reader finds it at a glance. The layout is computed apart from drawing so
it can be checked without looking at pixels. Drawn without pyplot and with
fixed margins, so the picture is rendered once: the report runs at the end
of every e2e run and its cost counts in the run's wall time.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg  # headless: no display needed
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from scripts.report.timings import FeatureRun, phase_order

FAIL_COLOUR = "#d62728"
FAIL_HATCH = "xx"
MIN_LABEL_FRACTION = 0.06  # label a bar with its seconds only if it is this wide
# Layout in inches: fixed, so no layout pass needs a first rendering.
WIDTH, ROW, TOP, BOTTOM, RIGHT = 10.0, 0.45, 0.4, 0.85, 0.25
CHAR = 0.085  # width of one tick-label character at the default 10 pt


@dataclass(frozen=True)
class Bar:
    row: int
    feature: str
    phase: str
    x: float  # seconds since the run started
    width: float
    colour: str
    failed: bool


def phase_colours(phases: list[str]) -> dict[str, str]:
    # tab10 without its red (index 3): red is reserved for failures
    tab10 = matplotlib.colormaps["tab10"]
    palette = [tab10(i) for i in range(tab10.N) if i != 3]
    return {name: matplotlib.colors.to_hex(palette[i % len(palette)]) for i, name in enumerate(phases)}


def layout(runs: list[FeatureRun]) -> list[Bar]:
    """Bars for every phase that ran; skipped phases have no time and no bar."""
    starts = [r.start for r in runs if r.start is not None]
    if not starts:
        return []
    origin = min(starts)
    colours = phase_colours(phase_order(runs))
    bars: list[Bar] = []
    for row, run in enumerate(runs):
        for phase in run.phases:
            if phase.start is None or phase.duration is None:
                continue
            bars.append(Bar(row, run.feature, phase.name, phase.start - origin, phase.duration,
                            colours[phase.name], phase.status == "fail"))
    return bars


def figure(runs: list[FeatureRun], title: str) -> Figure:
    bars = layout(runs)
    span = max((b.x + b.width for b in bars), default=1.0) or 1.0
    height = TOP + ROW * max(len(runs), 1) + BOTTOM
    left = 0.3 + CHAR * max((len(r.feature) for r in runs), default=4)
    fig = Figure(figsize=(WIDTH, height), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((left / WIDTH, BOTTOM / height, 1 - (left + RIGHT) / WIDTH, 1 - (TOP + BOTTOM) / height))
    for bar in bars:
        ax.broken_barh([(bar.x, bar.width)], (bar.row - 0.35, 0.7), facecolors=bar.colour,
                       edgecolors=FAIL_COLOUR if bar.failed else "white",
                       linewidth=2.0 if bar.failed else 0.5,
                       hatch=FAIL_HATCH if bar.failed else None)
        if bar.width >= MIN_LABEL_FRACTION * span:
            ax.text(bar.x + bar.width / 2, bar.row, f"{bar.width:.1f}s", ha="center", va="center",
                    fontsize=7, color="white" if not bar.failed else "black")
    ax.set_yticks(range(len(runs)), [r.feature for r in runs])
    ax.set_ylim(len(runs) - 0.5, -0.5)  # first feature on top, as in the report table
    ax.set_xlim(0, span * 1.02)
    ax.set_xlabel("seconds since the run started")
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    handles = [Patch(facecolor=c, label=name) for name, c in phase_colours(phase_order(runs)).items()]
    if any(b.failed for b in bars):
        handles.append(Patch(facecolor="white", edgecolor=FAIL_COLOUR, hatch=FAIL_HATCH, label="failed"))
    fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 8), fontsize=8, frameon=False)
    return fig


def write_png(runs: list[FeatureRun], title: str, path: Path) -> Path:
    figure(runs, title).savefig(path, format="png")
    return path
