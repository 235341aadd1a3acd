"""A statistic's `series` as a vector chart drawn with typst primitives.

The geometry is worked out here, in Python, so that it can be tested without rendering; typst only
places rectangles, lines and text at the given points. Up to BAR_LIMIT points make a bar chart with
every value written on its bar when each fits its bar's width; more make a line chart. The values
also follow as a table (the view's), because a reader of a bundle must be able to cite the exact
figure.
"""

from __future__ import annotations

import math

from inquiry.render.chart import axis_for, is_bar_chart, tick_label
from inquiry.render.nodes import Chart
from inquiry.render.pdf.typst_code import lit
from inquiry.render.wording import series_numbers

WIDTH = 470.0
HEIGHT = 220.0
LEFT = 52.0  # room for the tick labels and the rotated unit
RIGHT = 12.0
TOP = 16.0  # room for the value labels above the bars
BOTTOM = 30.0  # room for the period labels
MAX_X_LABELS = 12
DIGIT_WIDTH = 3.8
"""Points a character of a 7 pt value label takes at most (Libertinus's figures are 0.5 em): a
label is written only when every label fits its bar's slot, else they would run together."""


def _pt(x: float) -> str:
    return f"{x:.2f}pt"


def _at(x: float, y: float, body: str) -> str:
    return f"place(top + left, dx: {_pt(x)}, dy: {_pt(y)}, {body})"


def _text(x: float, y: float, width: float, content: str, *, align: str = "center") -> str:
    """Text in a box of `width` whose anchor x is its centre (or right edge for align=right)."""
    left = x - width / 2 if align == "center" else x - width
    body = f"box(width: {_pt(width)}, align({align}, text(size: 7pt, {content})))"
    return _at(left, y, body)


def chart(node: Chart) -> str:
    """Typst code for the chart (a figure whose alternative text states every value), its axes
    labelled and its source given."""
    periods, values, unit = node.periods, node.values, node.unit
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
    bars = is_bar_chart(values)
    shown = series_numbers(values)
    labelled = bars and all(DIGIT_WIDTH * len(s) + 2 <= slot for s in shown)
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
            if labelled:
                label_y = top - 10 if v >= 0 else bottom + 1.5
                parts.append(_text(cx, label_y, max(slot, 30), lit(shown[i])))
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
    drawing = (
        "block(breakable: false, width: 100%, {"
        f'block(below: 6pt, text(size: 9pt, weight: "bold", {lit(node.title)})); '
        f"box(width: {_pt(WIDTH)}, height: {_pt(HEIGHT)}, {{ {body} }}); "
        f"block(above: 4pt, text(size: 8pt, fill: luma(95), {lit(node.source)}))"
        "})"
    )
    return f"chart-figure({lit(node.alt)}, {drawing})"
