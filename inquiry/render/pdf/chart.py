"""A statistic's `series` as a vector chart drawn with typst primitives.

The geometry is worked out here, in Python, so that it can be tested without rendering; typst only
places rectangles, lines and text at the given points. Up to BAR_LIMIT points make a bar chart with
every value written on its bar; more make a line chart, followed by a table of the values, because a
reader of a bundle must be able to cite the exact figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from inquiry.render.pdf.typst_code import lit
from inquiry.render.wording import number

BAR_LIMIT = 24
WIDTH = 470.0
HEIGHT = 220.0
LEFT = 52.0  # room for the tick labels and the rotated unit
RIGHT = 12.0
TOP = 16.0  # room for the value labels above the bars
BOTTOM = 30.0  # room for the period labels
MAX_X_LABELS = 12


@dataclass(frozen=True)
class Axis:
    """A y axis from `low` to `high` with a tick every `step`."""

    low: float
    high: float
    step: float

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(count + 1)]


def nice_step(span: float, target: int = 5) -> float:
    """A tick step of 1, 2 or 5 times a power of ten giving about `target` intervals."""
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def axis_for(values: Sequence[float]) -> Axis:
    """An axis that starts at zero (bars must) and covers every value with round ticks."""
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1.0
    step = nice_step(high - low)
    return Axis(math.floor(low / step) * step, math.ceil(high / step) * step, step)


def tick_label(value: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f"{value:,.{decimals}f}"


def _pt(x: float) -> str:
    return f"{x:.2f}pt"


def _at(x: float, y: float, body: str) -> str:
    return f"place(top + left, dx: {_pt(x)}, dy: {_pt(y)}, {body})"


def _text(x: float, y: float, width: float, content: str, *, align: str = "center") -> str:
    """Text in a box of `width` whose anchor x is its centre (or right edge for align=right)."""
    left = x - width / 2 if align == "center" else x - width
    body = f"box(width: {_pt(width)}, align({align}, text(size: 7pt, {content})))"
    return _at(left, y, body)


def chart(
    periods: Sequence[str], values: Sequence[float], *, unit: str, measure: str, source: str
) -> str:
    """Typst code for the chart (a block), its axes labelled and its source given."""
    n = len(values)
    axis = axis_for(values)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(v: float) -> float:
        return TOP + (axis.high - v) / (axis.high - axis.low) * plot_h

    slot = plot_w / n
    parts: list[str] = []
    for tick in axis.ticks():
        y = y_of(tick)
        stroke = "0.6pt + black" if tick == 0 else "0.4pt + luma(215)"
        parts.append(
            f"place(top + left, line(start: ({_pt(LEFT)}, {_pt(y)}), "
            f"end: ({_pt(WIDTH - RIGHT)}, {_pt(y)}), stroke: {stroke}))"
        )
        parts.append(_text(LEFT - 5, y - 4.5, 40, lit(tick_label(tick, axis.step)), align="right"))
    parts.append(
        f"place(top + left, line(start: ({_pt(LEFT)}, {_pt(TOP)}), "
        f"end: ({_pt(LEFT)}, {_pt(TOP + plot_h)}), stroke: 0.6pt))"
    )
    parts.append(
        _at(
            0,
            TOP,
            f"box(height: {_pt(plot_h)}, align(horizon, rotate(-90deg, reflow: true, "
            f'text(size: 7.5pt, style: "italic", {lit(unit)}))))',
        )
    )
    zero = y_of(0.0)
    bars = n <= BAR_LIMIT
    points: list[tuple[float, float]] = []
    for i, v in enumerate(values):
        cx = LEFT + slot * (i + 0.5)
        if bars:
            width = slot * 0.62
            top, bottom = sorted((y_of(v), zero))
            parts.append(
                _at(
                    cx - width / 2,
                    top,
                    f"rect(width: {_pt(width)}, height: {_pt(max(bottom - top, 0.3))}, "
                    "fill: luma(70), stroke: none)",
                )
            )
            label_y = top - 10 if v >= 0 else bottom + 1.5
            parts.append(_text(cx, label_y, max(slot, 30), lit(number(v))))
        else:
            points.append((cx, y_of(v)))
    if points:
        moves = [f"curve.move(({_pt(points[0][0])}, {_pt(points[0][1])}))"]
        moves += [f"curve.line(({_pt(x)}, {_pt(y)}))" for x, y in points[1:]]
        parts.append(f"place(top + left, curve(stroke: 1.3pt + luma(40), {', '.join(moves)}))")
        for x, y in points:
            parts.append(_at(x - 1.6, y - 1.6, "circle(radius: 1.6pt, fill: luma(40))"))
    every = max(1, math.ceil(n / MAX_X_LABELS))
    for i, period in enumerate(periods):
        if i % every == 0:
            cx = LEFT + slot * (i + 0.5)
            parts.append(_text(cx, TOP + plot_h + 4, max(slot * every, 34), lit(period)))
    parts.append(_text(LEFT + plot_w / 2, HEIGHT - 10, plot_w, "[_Period_]"))
    body = "; ".join(parts)
    figure = (
        "block(breakable: false, width: 100%, {"
        f'block(below: 6pt, text(size: 9pt, weight: "bold", {lit(f"{measure} ({unit})")})); '
        f"box(width: {_pt(WIDTH)}, height: {_pt(HEIGHT)}, {{ {body} }}); "
        f"block(above: 4pt, text(size: 8pt, fill: luma(95), {lit('Source: ' + source)}))"
        "})"
    )
    if bars:
        return figure
    table = ", ".join(f"{lit(p)}, {lit(number(v))}" for p, v in zip(periods, values, strict=True))
    values_table = (
        "block(above: 8pt, text(size: 8pt, grid(columns: (auto, auto) * 4, column-gutter: 10pt, "
        f"row-gutter: 3pt, {table})))"
    )
    return f"{{ {figure}; {values_table} }}"
