"""Where a chart's labels go, so that none is cut off and none overlaps another.

The axis, its ticks, their wording and the choice between bars and a line come from
`render/chart.py`, as for the PDF and the DOCX; only the room around the plot is worked out here.
Every label's width comes from `measure.py`, which errs wide, and the image grows to hold its
labels: the left margin is as wide as the longest tick label (its minus sign included), the unit
stands above the plot on as many lines as it needs, and period labels are thinned until they stand
apart (and turned to 45 degrees when that shows more of them).

The values on the bars are worded by `series_numbers`, as the PDF and the DOCX word them (every
value of a series to the same decimal places), and follow their rule: written flat over the bars
only when every one fits its slot, else none (the table after the chart gives every value), so
the HTML never shows a figure written otherwise than in the PDF (h167).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from inquiry.render.chart import Axis, axis_for, is_bar_chart, tick_label, values_fit
from inquiry.render.html.measure import ASCENT, LINE, width
from inquiry.render.wording import series_numbers

WIDTH = 640.0
PLOT_HEIGHT = 230.0
SIZE = 14.0  # ticks, periods and the axis titles
VALUE_SIZE = 13.0  # the values written on bars
PAD = 4.0  # between any label and the image's edge
TICK_GAP = 6.0  # between a tick label and the axis
VALUE_GAP = 5.0  # between a bar's end and its value
VALUE_SPACE = 4.0  # the least room between the values written on neighbouring bars
LABEL_GAP = 8.0  # the least room between two period labels side by side
MAX_X_LABELS = 12  # as in the PDF: beyond this many periods, every k-th is labelled
MIN_X_LABELS = 5  # fewer labels than this side by side, and turned ones are tried
SLANT = math.sqrt(0.5)  # the sine and cosine of 45 degrees
MIDDLE = 0.35  # a baseline this many em below a point centres digits on it
DESCENT = LINE - ASCENT
X_TITLE = "Period"


@dataclass(frozen=True)
class Label:
    """A text whose baseline is anchored at (x, y), turned `angle` degrees about that point."""

    x: float
    y: float
    text: str
    size: float
    anchor: str  # start, middle or end
    role: str  # unit, tick, value, period or axis (the class it is drawn with)
    angle: float = 0.0


@dataclass(frozen=True)
class Layout:
    """A chart laid out: the plot's box, its axis, its kind and every label."""

    height: float
    left: float
    right: float
    top: float
    axis: Axis
    count: int
    bars: bool
    labels: tuple[Label, ...]

    @property
    def bottom(self) -> float:
        """The plot's lower edge (the axis' low end)."""
        return self.top + PLOT_HEIGHT

    @property
    def slot(self) -> float:
        """The width each period has."""
        return (self.right - self.left) / self.count

    def x_of(self, i: int) -> float:
        """The middle of the `i`th period's slot."""
        return self.left + self.slot * (i + 0.5)

    def y_of(self, v: float) -> float:
        """Where the value `v` lies."""
        return self.top + _depth(self.axis, v)


def _depth(axis: Axis, v: float) -> float:
    """How far below the plot's top the value `v` lies."""
    return (axis.high - v) / (axis.high - axis.low) * PLOT_HEIGHT


def wrap(text: str, size: float, limit: float) -> list[str]:
    """`text` in lines no wider than `limit`, broken between words, and inside a word that is
    too long for a line of its own."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        for k, piece in enumerate(_pieces(word, size, limit)):
            joined = f"{current} {piece}" if current else piece
            if k == 0 and width(joined, size) <= limit:
                current = joined
                continue
            if current:
                lines.append(current)
            current = piece
    if current:
        lines.append(current)
    return lines or [""]


def _pieces(word: str, size: float, limit: float) -> list[str]:
    pieces: list[str] = []
    while len(word) > 1 and width(word, size) > limit:
        cut = max([k for k in range(1, len(word)) if width(word[:k], size) <= limit], default=1)
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


@dataclass(frozen=True)
class _Periods:
    every: int
    turned: bool
    left: float
    right: float
    depth: float  # how far the band of period labels reaches below its top


def _periods(periods: Sequence[str], left: float) -> _Periods:
    """How to label the periods (every k-th, flat or turned) and the margins that needs.

    Not `render/chart.py`'s `plan_periods`, which the PDF and the DOCX share: the HTML writes every
    label whole (no ellipsis), keeps PAD, not the gap between labels, at the image's edges and
    turns its labels about another point, so moving onto it would move the drawing (h167)."""
    n = max(1, len(periods))
    widest = max((width(p, SIZE) for p in periods), default=0.0)
    right = WIDTH - PAD
    fewest = math.ceil(n / MAX_X_LABELS)
    for _ in range(10):  # the margins only grow, so this settles in a pass or two
        slot = (right - left) / n
        flat = max(math.ceil((widest + LABEL_GAP) / slot), fewest, 1)
        thin = max(math.ceil((LINE * SIZE + 2) / (slot * SLANT)), fewest, 1)
        turned = math.ceil(n / flat) < min(n, MIN_X_LABELS) and thin < flat
        every = thin if turned else flat
        need_left, need_right = left, right
        for i in range(0, len(periods), every):
            w, cx = width(periods[i], SIZE), left + slot * (i + 0.5)
            if turned:  # the label ends under its slot and runs down to the left
                west = cx - (w + (ASCENT - MIDDLE) * SIZE) * SLANT
                east = cx + (MIDDLE + DESCENT) * SIZE * SLANT
            else:
                west, east = cx - w / 2, cx + w / 2
            need_left = max(need_left, left + PAD - west)
            need_right = min(need_right, right - (east - (WIDTH - PAD)))
        if need_left <= left and need_right >= right:
            break
        left, right = need_left, need_right
    depth = (widest + LINE * SIZE) * SLANT if turned else LINE * SIZE
    return _Periods(every, turned, left, right, depth)


def layout(periods: Sequence[str], values: Sequence[float], unit: str) -> Layout:
    """Every label of the chart of `values` by `periods` in `unit`, and the room they take."""
    axis = axis_for(values)
    n = max(1, len(values))
    labels: list[Label] = []
    y = PAD
    for line in wrap(unit, SIZE, WIDTH - 2 * PAD):
        labels.append(Label(PAD, y + ASCENT * SIZE, line, SIZE, "start", "unit"))
        y += LINE * SIZE
    ticks = [(t, tick_label(t, axis.step)) for t in axis.ticks()]
    p = _periods(periods, PAD + max(width(w, SIZE) for _, w in ticks) + TICK_GAP)
    slot = (p.right - p.left) / n
    bars = is_bar_chart(values)
    written = list(zip(values, series_numbers(values), strict=True)) if bars else []
    if not values_fit([width(w, VALUE_SIZE) for _, w in written], slot, VALUE_SPACE):
        written = []  # as in the PDF and the DOCX: the table after the chart gives every value
    # How far the values written on bars reach beyond the plot, above and below.
    reach = VALUE_GAP + LINE * VALUE_SIZE
    above = max([reach - _depth(axis, v) for v, _ in written if v >= 0], default=0.0)
    below = max([_depth(axis, v) + reach - PLOT_HEIGHT for v, _ in written if v < 0], default=0)
    top = y + max(above, (ASCENT - MIDDLE) * SIZE) + 4
    zero = top + _depth(axis, 0.0)
    for t, words in ticks:
        ty = top + _depth(axis, t) + MIDDLE * SIZE
        labels.append(Label(p.left - TICK_GAP, ty, words, SIZE, "end", "tick"))
    for i, (v, words) in enumerate(written):
        cx, end = p.left + slot * (i + 0.5), top + _depth(axis, v)
        if v >= 0:
            vy = min(end, zero) - VALUE_GAP - DESCENT * VALUE_SIZE
            labels.append(Label(cx, vy, words, VALUE_SIZE, "middle", "value"))
        else:
            vy = end + VALUE_GAP + ASCENT * VALUE_SIZE
            labels.append(Label(cx, vy, words, VALUE_SIZE, "middle", "value"))
    # The period labels start clear of the lowest tick label and of any value below the plot.
    band = top + PLOT_HEIGHT + max((MIDDLE + DESCENT) * SIZE, below) + 3
    for i in range(0, len(periods), p.every):
        cx = p.left + slot * (i + 0.5)
        if p.turned:
            x, py = cx + MIDDLE * SIZE * SLANT, band + ASCENT * SIZE * SLANT
            labels.append(Label(x, py, periods[i], SIZE, "end", "period", -45))
        else:
            labels.append(Label(cx, band + ASCENT * SIZE, periods[i], SIZE, "middle", "period"))
    title_y = band + p.depth + 6 + ASCENT * SIZE
    labels.append(Label((p.left + p.right) / 2, title_y, X_TITLE, SIZE, "middle", "axis"))
    height = title_y + DESCENT * SIZE + PAD
    return Layout(height, p.left, p.right, top, axis, n, bars, tuple(labels))
