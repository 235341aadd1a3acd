"""A statistic's `series` as a vector chart drawn with typst primitives.

The geometry is worked out here, in Python, so that it can be tested without rendering; typst only
places rectangles, lines and text at the given points. Up to BAR_LIMIT points make a bar chart with
every value written on its bar when each fits its bar's width; more make a line chart. The values
also follow as a table (the view's), because a reader of a bundle must be able to cite the exact
figure.

No label may touch another (red team h164): text is measured with DejaVu Sans's advance widths
(`html/measure.py`), wider than the Libertinus the page draws, so a label given that room fits.
The tick labels' column is as wide as the widest tick, the periods are thinned or turned to 45
degrees by `render/chart.py`'s `plan_periods` (as in the DOCX), and the drawing grows downwards to
hold the turned labels, then the axis title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from inquiry.render.chart import (
    Axis,
    PeriodPlan,
    axis_for,
    is_bar_chart,
    plan_periods,
    tick_label,
    values_fit,
)
from inquiry.render.cut import no_name
from inquiry.render.html.measure import width as measured
from inquiry.render.nodes import Chart
from inquiry.render.pdf.typst_code import lit
from inquiry.render.wording import series_numbers

WIDTH = 470.0
PLOT_HEIGHT = 174.0
LEFT = 52.0  # the least room for the tick labels and the rotated unit
RIGHT = 12.0
TOP = 16.0  # room for the value labels above the bars
SIZE = 7.0  # ticks, periods and values
UNIT_SIZE = 7.5
LINE = 1.25  # a line's height, in em
GAP = 4.0  # the least room between two labels, and between a label and the chart's edge
TICK_GAP = 5.0  # between a tick label and the axis
VALUE_GAP = 1.5  # between a bar's end and its value
LONGEST = 140.0
"""Points a period's label takes at most: a longer one is cut with an ellipsis."""


def _pt(x: float) -> str:
    return f"{x:.2f}pt"


def _at(x: float, y: float, body: str) -> str:
    return f"place(top + left, dx: {_pt(x)}, dy: {_pt(y)}, {body})"


def _text(x: float, y: float, width: float, content: str, *, align: str = "center") -> str:
    """Text in a box of `width` whose anchor x is its centre (or right edge for align=right)."""
    left = x - width / 2 if align == "center" else x - width
    body = f"box(width: {_pt(width)}, align({align}, text(size: 7pt, {content})))"
    return _at(left, y, body)


def width(text: str, size: float = SIZE) -> float:
    """Points `text` takes at `size`, erring wide."""
    return measured(text, size)


def line_count(text: str, room: float, size: float) -> int:
    """Lines `text` takes broken between words into lines `room` wide (a longer word on its own
    lines), erring high as `width` errs wide."""
    lines, current = 0, 0.0
    space = width(" ", size)
    for word in text.split():
        w = width(word, size)
        if current and current + space + w <= room:
            current += space + w
            continue
        lines += 1 + int(w // room) if w > room else 1
        current = w % room if w > room else w
    return max(1, lines)


@dataclass(frozen=True)
class Geometry:
    """Where a chart's plot lies and how its labels are placed (points, from the top left)."""

    axis: Axis
    left: float
    top: float
    bars: bool
    labelled: bool  # the values are written on the bars
    shown: tuple[str, ...]
    ticks: tuple[tuple[float, str], ...]
    tick_width: float
    plan: PeriodPlan
    title_y: float
    height: float

    @property
    def right(self) -> float:
        return self.plan.right

    @property
    def slot(self) -> float:
        return (self.plan.right - self.plan.left) / max(1, len(self.shown))

    def y_of(self, v: float) -> float:
        return self.top + (self.axis.high - v) / (self.axis.high - self.axis.low) * PLOT_HEIGHT

    def value_box(self, i: int, v: float) -> tuple[float, float, float, float]:
        """Left, top, right and bottom of the value written on the `i`th bar."""
        cx = self.plan.left + self.slot * (i + 0.5)
        w = width(self.shown[i])
        zero = self.y_of(0.0)
        top, bottom = sorted((self.y_of(v), zero))
        y = top - VALUE_GAP - LINE * SIZE if v >= 0 else bottom + VALUE_GAP
        return cx - w / 2, y, cx + w / 2, y + LINE * SIZE


def geometry(
    periods: tuple[str, ...],
    values: tuple[float, ...],
    unit: str,
    shows: Callable[[str], bool] = no_name,
) -> Geometry:
    """The chart's plot and labels, laid out so that none touches another or leaves the chart;
    a label cut short never `shows` a redacted string."""
    axis = axis_for(values)
    ticks = tuple((t, tick_label(t, axis.step)) for t in axis.ticks())
    tick_width = max(width(words) for _, words in ticks)
    unit_band = line_count(unit, PLOT_HEIGHT, UNIT_SIZE) * LINE * UNIT_SIZE
    left = max(LEFT, unit_band + GAP + tick_width + TICK_GAP)
    n = max(1, len(values))
    bars = is_bar_chart(values)
    shown = series_numbers(values)
    slot = (WIDTH - RIGHT - left) / n
    labelled = bars and values_fit([width(s) for s in shown], slot, GAP)
    low = TOP + PLOT_HEIGHT
    frame = Geometry(axis, left, TOP, bars, labelled, shown, ticks, tick_width, _empty(), 0, 0)
    # The periods start clear of the lowest tick label and of any value written below the plot.
    below = [frame.value_box(i, v)[3] for i, v in enumerate(values) if labelled and v < 0]
    band = max([low + LINE * SIZE / 2, *below]) + GAP
    plan = plan_periods(
        periods,
        width,
        left=left,
        right=WIDTH - RIGHT,
        width=WIDTH,
        band=band,
        line=LINE * SIZE,
        gap=GAP,
        longest=LONGEST,
        shows=shows,
    )
    if plan.left > left:  # wider margins for the periods: the bars' values may no longer fit
        slot = (plan.right - plan.left) / n
        labelled = labelled and values_fit([width(s) for s in shown], slot, GAP)
    title_y = band + plan.depth + GAP
    height = title_y + LINE * SIZE + GAP
    return Geometry(
        axis, plan.left, TOP, bars, labelled, shown, ticks, tick_width, plan, title_y, height
    )


def _empty() -> PeriodPlan:
    return PeriodPlan(0.0, WIDTH, ())


def _period(label_x: float, label_y: float, w: float, turned: bool, content: str) -> str:
    h = LINE * SIZE
    if not turned:
        return _text(label_x, label_y, w + 1, content)
    body = (
        f"rotate(-45deg, origin: right + horizon, box(width: {_pt(w + 1)}, height: {_pt(h)}, "
        f"align(right + horizon, text(size: 7pt, {content}))))"
    )
    return _at(label_x - w - 1, label_y - h / 2, body)


def chart(node: Chart) -> str:
    """Typst code for the chart (a figure whose alternative text states every value), its axes
    labelled and its source given."""
    values, unit = node.values, node.unit
    g = geometry(node.periods, values, unit, node.shows)
    left, right, slot = g.left, g.right, g.slot
    plot_w = right - left
    parts: list[str] = []
    for tick, words in g.ticks:
        y = g.y_of(tick)
        stroke = "0.6pt + black" if tick == 0 else "0.4pt + luma(215)"
        parts.append(
            f"place(top + left, line(start: ({_pt(left)}, {_pt(y)}), "
            f"end: ({_pt(right)}, {_pt(y)}), stroke: {stroke}))"
        )
        tick_w = g.tick_width + 2
        parts.append(_text(left - TICK_GAP, y - 4.5, tick_w, lit(words), align="right"))
    parts.append(
        f"place(top + left, line(start: ({_pt(left)}, {_pt(TOP)}), "
        f"end: ({_pt(left)}, {_pt(TOP + PLOT_HEIGHT)}), stroke: 0.6pt))"
    )
    parts.append(
        _at(
            0,
            TOP,
            f"box(height: {_pt(PLOT_HEIGHT)}, align(horizon, rotate(-90deg, reflow: true, "
            f'text(size: 7.5pt, style: "italic", {lit(unit)}))))',
        )
    )
    zero = g.y_of(0.0)
    points: list[tuple[float, float]] = []
    for i, v in enumerate(values):
        cx = left + slot * (i + 0.5)
        if g.bars:
            bar = slot * 0.62
            top, bottom = sorted((g.y_of(v), zero))
            parts.append(
                _at(
                    cx - bar / 2,
                    top,
                    f"rect(width: {_pt(bar)}, height: {_pt(max(bottom - top, 0.3))}, "
                    "fill: luma(70), stroke: none)",
                )
            )
            if g.labelled:
                x0, y0, x1, _ = g.value_box(i, v)
                parts.append(_text(cx, y0, x1 - x0 + 1, lit(g.shown[i])))
        else:
            points.append((cx, g.y_of(v)))
    if points:
        moves = [f"curve.move(({_pt(points[0][0])}, {_pt(points[0][1])}))"]
        moves += [f"curve.line(({_pt(x)}, {_pt(y)}))" for x, y in points[1:]]
        parts.append(f"place(top + left, curve(stroke: 1.3pt + luma(40), {', '.join(moves)}))")
        for x, y in points:
            parts.append(_at(x - 1.6, y - 1.6, "circle(radius: 1.6pt, fill: luma(40))"))
    for label in g.plan.labels:
        parts.append(_period(label.x, label.y, label.width, label.turned, lit(label.text)))
    parts.append(_text(left + plot_w / 2, g.title_y, plot_w, "[_Period_]"))
    body = "; ".join(parts)
    drawing = (
        "block(breakable: false, width: 100%, {"
        f'block(below: 6pt, text(size: 9pt, weight: "bold", {lit(node.title)})); '
        f"box(width: {_pt(WIDTH)}, height: {_pt(g.height)}, {{ {body} }}); "
        f"block(above: 4pt, text(size: 8pt, fill: luma(95), {lit(node.source)}))"
        "})"
    )
    return f"chart-figure({lit(node.alt)}, {drawing})"
