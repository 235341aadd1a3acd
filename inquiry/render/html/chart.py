"""A statistic's series as an inline SVG image, drawn like the PDF's chart.

The axis, its ticks and the choice between bars and a line come from `render/chart.py`, as for
the PDF and the DOCX. The image is one `role="img"` whose `<title>` is the view's alternative text
stating every value; the drawing's own labels are for sighted readers and the view's table of
values follows the figure.
"""

from __future__ import annotations

import math

from lxml.html import HtmlElement

from inquiry.render.chart import axis_for, is_bar_chart, tick_label
from inquiry.render.html.site import el
from inquiry.render.nodes import Chart
from inquiry.render.wording import number

WIDTH = 640.0
HEIGHT = 300.0
LEFT = 64.0  # room for the tick labels and the unit
RIGHT = 12.0
TOP = 22.0  # room for the value labels above the bars
BOTTOM = 44.0  # room for the period labels and the axis title
MAX_X_LABELS = 12
INK = "#0b0c0c"
BARS = "#505a5f"  # 7:1 against white: a graphic needs 3:1 (WCAG 1.4.11)
GRID = "#b1b4b6"


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, words: str, *, anchor: str = "middle", **extra: str) -> HtmlElement:
    attrs = {"x": _f(x), "y": _f(y), "text-anchor": anchor, **extra}
    return el("text", attrs, words)


def svg(chart: Chart, title_id: str) -> HtmlElement:
    """The chart as an `<svg role="img">` labelled by its alternative text."""
    values, periods = chart.values, chart.periods
    n = max(1, len(values))
    axis = axis_for(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(v: float) -> float:
        return TOP + (axis.high - v) / (axis.high - axis.low) * plot_h

    root = el(
        "svg",
        {
            "aria-labelledby": title_id,
            "class": "chart-image",
            "font-size": "14",
            "role": "img",
            "viewBox": f"0 0 {_f(WIDTH)} {_f(HEIGHT)}",  # inline SVG: HTML needs no xmlns
        },
        el("title", {"id": title_id}, chart.alt),
    )
    for tick in axis.ticks():
        y = y_of(tick)
        line = {"stroke": INK if tick == 0 else GRID, "x1": _f(LEFT), "x2": _f(WIDTH - RIGHT)}
        root.append(el("line", {**line, "y1": _f(y), "y2": _f(y)}))
        root.append(_text(LEFT - 6, y + 4, tick_label(tick, axis.step), anchor="end"))
    root.append(
        el(
            "line",
            {"stroke": INK, "x1": _f(LEFT), "x2": _f(LEFT), "y1": _f(TOP), "y2": _f(TOP + plot_h)},
        )
    )
    middle = TOP + plot_h / 2
    root.append(
        _text(
            14,
            middle,
            chart.unit,
            **{"font-style": "italic", "transform": f"rotate(-90 14 {_f(middle)})"},
        )
    )
    slot = plot_w / n
    zero = y_of(0.0)
    points: list[str] = []
    bars = is_bar_chart(values)
    for i, v in enumerate(values):
        cx = LEFT + slot * (i + 0.5)
        if bars:
            width = slot * 0.62
            top, bottom = sorted((y_of(v), zero))
            rect = {"fill": BARS, "height": _f(max(bottom - top, 0.5)), "width": _f(width)}
            root.append(el("rect", {**rect, "x": _f(cx - width / 2), "y": _f(top)}))
            label_y = top - 5 if v >= 0 else bottom + 13
            root.append(_text(cx, label_y, number(v), **{"font-size": "13"}))
        else:
            points.append(f"{_f(cx)},{_f(y_of(v))}")
    if points:
        root.append(
            el(
                "polyline",
                {"fill": "none", "points": " ".join(points), "stroke": INK, "stroke-width": "2"},
            )
        )
        for point in points:
            px, py = point.split(",")
            root.append(el("circle", {"cx": px, "cy": py, "fill": INK, "r": "2.5"}))
    every = max(1, math.ceil(n / MAX_X_LABELS))
    for i, period in enumerate(periods):
        if i % every == 0:
            root.append(_text(LEFT + slot * (i + 0.5), TOP + plot_h + 16, period))
    root.append(_text(LEFT + plot_w / 2, HEIGHT - 6, "Period", **{"font-style": "italic"}))
    return root
