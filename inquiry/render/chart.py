"""Chart geometry both chart renderers share: the axis, its round steps and tick labels.

The PDF draws its charts as vectors (render/pdf/chart.py) and the DOCX as a picture
(render/docx/chart.py); both take their axis from here, so a series is scaled and labelled the same
in every format. Whether a series is drawn as bars or a line is decided here too.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from inquiry.render.cut import no_name, shorten

BAR_LIMIT = 24
"""Up to this many points a series is a bar chart with every value written on its bar; more make
a line chart."""


@dataclass(frozen=True)
class Axis:
    """A y axis from `low` to `high` with a tick every `step`."""

    low: float
    high: float
    step: float

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(count + 1)]


MIN_SPAN = 1e-9


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
    # A span too small to tick (5e-324 divided into five underflows to zero): one billionth at
    # least, so every value still gets an axis and a label that says what it is near.
    step = nice_step(max(high - low, MIN_SPAN))
    return Axis(math.floor(low / step) * step, math.ceil(high / step) * step, step)


def tick_label(value: float, step: float) -> str:
    """A tick's value to as many decimal places as the step has, thousands separated.

    Rounded in decimal from the value's shortest form, so the float noise of adding steps up
    (0.30000000000000004) never shows, and a tick a hair below zero is 0, never -0.
    """
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    words = format(Decimal(repr(float(value))), f",.{decimals}f")
    return words.removeprefix("-") if words.strip("-0.,") == "" else words


def is_bar_chart(values: Sequence[float]) -> bool:
    return len(values) <= BAR_LIMIT


MAX_X_LABELS = 12
"""Beyond this many periods, every k-th is labelled (the table after the chart gives them all)."""
MIN_X_LABELS = 5
"""Fewer period labels than this side by side, and labels turned to 45 degrees are tried."""
SLANT = math.sqrt(0.5)
"""The sine and cosine of 45 degrees."""
Point = tuple[float, float]


@dataclass(frozen=True)
class PeriodLabel:
    """A period's label, `width` long and `line` high, whose top is at `y`.

    Flat, it is centred on `x`. Turned, it rises 45 degrees to the right and ends at `x`: its end,
    at the middle of its line, is the point it is turned about, and its highest corner is at `y`.
    """

    index: int
    text: str
    x: float
    y: float
    width: float
    line: float
    turned: bool

    @property
    def origin(self) -> Point:
        """The point a turned label is turned about: the end of its text, half a line down."""
        return self.x, self.y + self.line / 2 * SLANT

    def corners(self) -> list[Point]:
        """The corners of the label's box as drawn, clockwise from its start's top."""
        w, h = self.width, self.line
        if not self.turned:
            x0 = self.x - w / 2
            return [(x0, self.y), (x0 + w, self.y), (x0 + w, self.y + h), (x0, self.y + h)]
        ox, oy = self.origin
        box = [(-w, -h / 2), (0.0, -h / 2), (0.0, h / 2), (-w, h / 2)]
        # Turned 45 degrees anticlockwise on a page whose y runs down.
        return [(ox + (px + py) * SLANT, oy + (py - px) * SLANT) for px, py in box]

    def bounds(self) -> tuple[float, float, float, float]:
        """The least upright box holding the label: left, top, right, bottom."""
        xs, ys = zip(*self.corners(), strict=True)
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class PeriodPlan:
    """How a chart's periods are labelled and the plot's edges that leaves room for them."""

    left: float
    right: float
    labels: tuple[PeriodLabel, ...]

    @property
    def depth(self) -> float:
        """How far the labels reach below the top of their band."""
        top = min((lb.y for lb in self.labels), default=0.0)
        return max((lb.bounds()[3] - top for lb in self.labels), default=0.0)


def _every(widths: Sequence[float], slot: float, gap: float, fewest: int) -> int:
    """The least k from `fewest` up for which every k-th flat label stands `gap` from the next."""
    n = len(widths)
    for k in range(max(1, fewest), n + 1):
        shown = range(0, n, k)
        if all((widths[i] + widths[i + k]) / 2 + gap <= k * slot for i in shown if i + k < n):
            return k
    return max(1, n)


def plan_periods(
    periods: Sequence[str],
    measure: Callable[[str], float],
    *,
    left: float,
    right: float,
    width: float,
    band: float,
    line: float,
    gap: float,
    longest: float,
    shows: Callable[[str], bool] = no_name,
) -> PeriodPlan:
    """Which periods to label, flat or turned, and the plot's left and right edges, so that no
    label touches another or leaves the chart `width` wide (with `gap` to spare at its edges).

    Labels are thinned to every k-th (at most MAX_X_LABELS) until they stand `gap` apart side by
    side; when that would leave fewer than MIN_X_LABELS, they are turned to 45 degrees, where a
    label needs only its line's height of room, whatever its length. A label longer than `longest`
    is cut with an ellipsis, never so that it `shows` a redacted string. The edges only grow, so
    a few passes settle them. Every period, labelled or not, is in the table after the chart.
    """
    n = max(1, len(periods))
    fewest = math.ceil(n / MAX_X_LABELS)
    texts = [shorten(p, longest, measure, shows) for p in periods]
    widths = [measure(t) for t in texts]
    labels: tuple[PeriodLabel, ...] = ()
    for _ in range(12):
        slot = (right - left) / n
        flat = _every(widths, slot, gap, fewest)
        thin = max(fewest, math.ceil((line + gap) / (slot * SLANT)), 1)
        turned = math.ceil(n / flat) < min(n, MIN_X_LABELS) and thin < flat
        every = thin if turned else flat
        labels = tuple(
            PeriodLabel(i, texts[i], left + slot * (i + 0.5), band, widths[i], line, turned)
            for i in range(0, len(periods), every)
        )
        west = min((lb.bounds()[0] for lb in labels), default=gap)
        east = max((lb.bounds()[2] for lb in labels), default=width - gap)
        if west >= gap and east <= width - gap:
            break
        left += max(0.0, gap - west)
        right -= max(0.0, east - (width - gap))
    return PeriodPlan(left, right, labels)


def values_fit(widths: Sequence[float], slot: float, gap: float) -> bool:
    """Whether every bar's value, written flat over its bar, stands `gap` clear of the next."""
    return all(w + gap <= slot for w in widths)


def apart(p: Sequence[Point], q: Sequence[Point]) -> bool:
    """Whether two convex shapes (corners in order) do not overlap: some edge's normal separates
    them (the separating axis theorem). Shapes that only touch are apart."""
    for shape in (p, q):
        for (x1, y1), (x2, y2) in itertools.pairwise([*shape, shape[0]]):
            nx, ny = y2 - y1, x1 - x2
            a = [nx * x + ny * y for x, y in p]
            b = [nx * x + ny * y for x, y in q]
            if max(a) <= min(b) + 1e-9 or max(b) <= min(a) + 1e-9:
                return True
    return False
