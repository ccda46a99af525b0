"""Where the bars, ticks and slices of a chart go: worked out once, drawn twice.

The screen (``ui/widgets/charts.py``, QPainter) and the monthly report's PDF
(``monthly_report.py``, reportlab) draw the same layout, so a chart looks alike on both.
Coordinates have their origin at the top left and grow right and down (the PDF flips them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PALETTE = ("#2f6fb0", "#e08a2c", "#3d9a5b", "#b8463f", "#7d5ba6", "#8c8c8c")
GRADE_COLOURS = {1: "#b8463f", 2: "#e08a2c", 3: "#c9b03b", 4: "#6aa84f", 5: "#3d9a5b"}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Bar:
    index: int
    box: Box
    value: float
    label: str
    show_label: bool  # under the axis (thinned out when bars are narrow)


@dataclass(frozen=True)
class BarLayout:
    plot: Box
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # y, text
    bar_values: bool  # room to print each bar's value above it


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round steps from 0 to at least ``top`` (1, 2, 5 × 10ⁿ)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    steps = math.ceil(top / step)
    return [i * step for i in range(steps + 1)]


def _tick_text(value: float) -> str:
    return f"{value:g}"


def bar_layout(
    values: list[float],
    labels: list[str],
    width: float,
    height: float,
    *,
    left: float = 36,
    bottom: float = 20,
    top: float = 14,
    label_width: float = 16,
) -> BarLayout:
    """Vertical bars filling ``width`` × ``height`` with a value axis on the left."""
    plot = Box(left, top, max(width - left - 6, 1), max(height - top - bottom, 1))
    ticks = nice_ticks(max(values, default=0))
    scale = plot.height / ticks[-1]
    slot = plot.width / max(len(values), 1)
    gap = min(slot * 0.2, 6)
    every = max(1, math.ceil(label_width / slot))
    bars = []
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        bar_height = value * scale
        bars.append(
            Bar(
                index=i,
                box=Box(
                    plot.x + i * slot + gap / 2,
                    plot.y + plot.height - bar_height,
                    max(slot - gap, 1),
                    bar_height,
                ),
                value=value,
                label=label,
                show_label=i % every == 0,
            )
        )
    tick_marks = [(plot.y + plot.height - t * scale, _tick_text(t)) for t in ticks]
    return BarLayout(plot, bars, tick_marks, bar_values=slot >= 18)


def bar_at(layout: BarLayout, x: float) -> int | None:
    """The bar under a point's x (a click), or ``None`` outside the bars."""
    for bar in layout.bars:
        if bar.box.x - 2 <= x <= bar.box.x + bar.box.width + 2:
            return bar.index
    return None


@dataclass(frozen=True)
class Slice:
    label: str
    value: float
    share: float  # 0–1
    start_degrees: float  # counter-clockwise from three o'clock, as Qt and reportlab count
    span_degrees: float
    colour: str


def pie_layout(parts: list[tuple[str, float]]) -> list[Slice]:
    """Slices of a whole, starting at twelve o'clock and going clockwise."""
    total = sum(v for _, v in parts)
    slices = []
    start = 90.0
    for i, (label, value) in enumerate(parts):
        share = value / total if total else 0.0
        span = -360.0 * share
        slices.append(Slice(label, value, share, start, span, PALETTE[i % len(PALETTE)]))
        start += span
    return slices


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"
