"""Fitting an exhibit page's caption beside its page number, in the strip below the page.

The strip is drawn at a scale of its own (`geometry.strip_scale`): in its units it is always
`STRIP` points high and at least 80 points wide. A long, narrow page (a till receipt) leaves
little room beside the boxed page number, so the caption is fitted, in this order of preference:
its size shrunk from 7 down to 5 points, wrapped onto more lines (breaking between its parts,
never inside one), the file name left out, "page N" and "of M" put on lines of their own, and
only then the page number's box drawn smaller. The item's number and id, the exhibit's number
and the page's place in it are never left out; a caption is never clipped.

Pure arithmetic over widths, so that it can be tested without a PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SIZE = 7.0
"""The caption's size on an A4 page (the glyph pieces are set at this size)."""
SIZES = (7.0, 6.5, 6.0, 5.5, 5.0)
"""The sizes tried, largest first: 5 points is the least a caption is shrunk to before it is
shortened (still legible when printed, like the small print of a form)."""
SMALLER = (4.5, 4.0, 3.5, 3.0)
"""Sizes below the minimum, for the narrowest pages only, once nothing else fits."""
STAMP_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)
"""How small the page number's box may be drawn to make room for the caption."""
PAD = 1.5
"""The least space between the caption's lines and the strip's top and bottom."""
LEAD = 0.1
"""Space between lines, as a share of a line's height."""


@dataclass(frozen=True)
class Fit:
    """How a caption is drawn: which of its unit lists (0: whole, 1: without the file name,
    2: also "page N" apart from "of M"), the units on each line, its size in points (at the
    strip's scale) and the scale of the page number's box."""

    variant: int
    lines: tuple[tuple[int, ...], ...]
    size: float
    stamp_scale: float


def wrap(widths: Sequence[float], gap: float, room: float) -> tuple[tuple[int, ...], ...] | None:
    """The units (by index) on each line when filled greedily into `room`, `gap` between two
    units on a line; None when a unit is wider than the room."""
    lines: list[list[int]] = []
    used = 0.0
    for i, width in enumerate(widths):
        if width > room:
            return None
        if lines and used + gap + width <= room:
            lines[-1].append(i)
            used += gap + width
        else:
            lines.append([i])
            used = width
    return tuple(tuple(line) for line in lines)


def block_height(lines: int, line_height: float) -> float:
    """The height of `lines` lines of the caption, each `line_height` high."""
    return lines * line_height + (lines - 1) * LEAD * line_height


def fit(
    variants: Sequence[Sequence[float]],
    *,
    gap: float,
    line_height: float,
    strip: tuple[float, float],
    stamp_width: float,
    margin: float,
) -> Fit | None:
    """The best way to draw a caption, or None when even the smallest does not fit.

    `variants` are the caption's unit widths at `SIZE`, best first; `gap` and `line_height` are
    at `SIZE` too; `strip` is the strip's (width, height), `stamp_width` the page number's box
    at full scale and `margin` the space kept at either side of the strip and between them."""
    width, height = strip
    for scale in STAMP_SCALES:
        room = width - stamp_width * scale - 2 * margin - margin / 2
        for variant, widths in enumerate(variants):
            found = _best(widths, gap, line_height, room, height, SIZES)
            if found is not None:
                lines, size = found
                return Fit(variant, lines, size, scale)
    room = width - stamp_width * STAMP_SCALES[-1] - 2 * margin - margin / 2
    found = _best(variants[-1], gap, line_height, room, height, SMALLER)
    if found is None:
        return None
    return Fit(len(variants) - 1, found[0], found[1], STAMP_SCALES[-1])


def _best(
    widths: Sequence[float],
    gap: float,
    line_height: float,
    room: float,
    height: float,
    sizes: Sequence[float],
) -> tuple[tuple[tuple[int, ...], ...], float] | None:
    """The fewest lines these units fit on, at the largest size that gives so few."""
    best: tuple[tuple[tuple[int, ...], ...], float] | None = None
    for size in sizes:
        k = size / SIZE
        lines = wrap([w * k for w in widths], gap * k, room)
        if lines is None or block_height(len(lines), line_height * k) > height - 2 * PAD:
            continue
        if best is None or len(lines) < len(best[0]):
            best = (lines, size)
    return best
