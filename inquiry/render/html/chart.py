"""A statistic's series as an inline SVG image, drawn like the PDF's chart.

The axis, its ticks (worded as in the PDF) and the choice between bars and a line come from
`render/chart.py`, as for the PDF and the DOCX; where each label goes, so that none is cut off or
overlaps another, from `chart_layout.py`. The image is one `role="img"` whose `<title>` is the
view's alternative text stating every value; the drawing's own labels are for sighted readers and
the view's table of values follows the figure.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from inquiry.render.html.chart_layout import WIDTH, Label, layout
from inquiry.render.html.site import el
from inquiry.render.nodes import Chart

INK = "#0b0c0c"
BARS = "#505a5f"  # 7:1 against white: a graphic needs 3:1 (WCAG 1.4.11)
GRID = "#b1b4b6"
ITALIC = frozenset(("unit", "axis"))


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _text(label: Label) -> HtmlElement:
    attrs = {
        "class": f"chart-{label.role}",
        "font-size": _f(label.size),
        "text-anchor": label.anchor,
        "x": _f(label.x),
        "y": _f(label.y),
    }
    if label.angle:
        attrs["transform"] = f"rotate({_f(label.angle)} {_f(label.x)} {_f(label.y)})"
    if label.role in ITALIC:
        attrs["font-style"] = "italic"
    return el("text", attrs, label.text)


def svg(chart: Chart, title_id: str) -> HtmlElement:
    """The chart as an `<svg role="img">` labelled by its alternative text."""
    plan = layout(chart.periods, chart.values, chart.unit)
    axis = plan.axis
    root = el(
        "svg",
        {
            "aria-labelledby": title_id,
            "class": "chart-image",
            "font-size": "14",
            "role": "img",
            "viewBox": f"0 0 {_f(WIDTH)} {_f(plan.height)}",  # inline SVG: HTML needs no xmlns
        },
        el("title", {"id": title_id}, chart.alt),
    )
    for tick in axis.ticks():
        y = _f(plan.y_of(tick))
        line = {"stroke": INK if tick == 0 else GRID, "x1": _f(plan.left), "x2": _f(plan.right)}
        root.append(el("line", {**line, "y1": y, "y2": y}))
    root.append(
        el(
            "line",
            {
                "stroke": INK,
                "x1": _f(plan.left),
                "x2": _f(plan.left),
                "y1": _f(plan.top),
                "y2": _f(plan.bottom),
            },
        )
    )
    zero = plan.y_of(0.0)
    points: list[str] = []
    for i, v in enumerate(chart.values):
        cx = plan.x_of(i)
        if plan.bars:
            width = plan.slot * 0.62
            top, bottom = sorted((plan.y_of(v), zero))
            rect = {"fill": BARS, "height": _f(max(bottom - top, 0.5)), "width": _f(width)}
            root.append(el("rect", {**rect, "x": _f(cx - width / 2), "y": _f(top)}))
        else:
            points.append(f"{_f(cx)},{_f(plan.y_of(v))}")
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
    for label in plan.labels:
        root.append(_text(label))
    return root
