"""Chart geometry both chart renderers share: the axis, its round steps and tick labels.

The PDF draws its charts as vectors (render/pdf/chart.py) and the DOCX as a picture
(render/docx/chart.py); both take their axis from here, so a series is scaled and labelled the same
in every format. Whether a series is drawn as bars or a line is decided here too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

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
