"""A statistic's `series` drawn as a bar chart PNG, the same bytes on every machine.

Pillow's built-in font (`ImageFont.load_default(size=...)`) is used rather than any installed
font, so the image depends only on the data and the Pillow version, never on the host.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from inquiry.render.wording import number

WIDTH, HEIGHT = 1600, 900  # drawn at ~250 dpi for a 16 cm wide figure
_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
INK, GRID, BAR = (31, 42, 68), (205, 209, 216), (62, 96, 150)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks if span > 0 else 1.0
    power = float(10 ** math.floor(math.log10(raw)))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def _fit(draw: ImageDraw.ImageDraw, text: str, font: _Font, room: float) -> str:
    if draw.textlength(text, font=font) <= room:
        return text
    while text and draw.textlength(text + "…", font=font) > room:
        text = text[:-1]
    return text + "…"


def bar_chart(points: Sequence[tuple[str, float]], *, title: str, y_label: str) -> bytes:
    """A PNG bar chart of (label, value) points with labelled axes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    small = ImageFont.load_default(size=26)
    bold = ImageFont.load_default(size=38)

    left, right, top, bottom = 170, WIDTH - 50, 110, HEIGHT - 150
    draw.text(
        (WIDTH / 2, 30), _fit(draw, title, bold, WIDTH - 100), fill=INK, font=bold, anchor="ma"
    )

    values = [v for _, v in points]
    low = min(0.0, *values)
    high = max(0.0, *values)
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high == low:
        high = low + step

    def y_of(v: float) -> float:
        return bottom - (v - low) / (high - low) * (bottom - top)

    tick = low
    while tick <= high + step / 2:
        y = y_of(tick)
        draw.line([(left, y), (right, y)], fill=GRID, width=2)
        draw.text((left - 14, y), number(tick), fill=INK, font=small, anchor="rm")
        tick += step
    draw.line([(left, top), (left, bottom)], fill=INK, width=3)
    draw.line([(left, y_of(0)), (right, y_of(0))], fill=INK, width=3)

    slot = (right - left) / len(points)
    bar = slot * 0.6
    widest = max(draw.textlength(label, font=small) for label, _ in points)
    every = max(1, math.ceil((widest + 12) / slot))  # thin the labels of a long series
    show_values = max(draw.textlength(number(v), font=small) for v in values) < slot - 4
    for i, (label, value) in enumerate(points):
        x = left + slot * (i + 0.5)
        y0, y1 = sorted((y_of(0), y_of(value)))
        draw.rectangle([(x - bar / 2, y0), (x + bar / 2, y1)], fill=BAR)
        if show_values:
            edge, gap, anchor = (y1, 8, "mt") if value < 0 else (y0, -8, "ms")
            draw.text((x, edge + gap), number(value), fill=INK, font=small, anchor=anchor)
        if i % every == 0:
            draw.text((x, bottom + 16), label, fill=INK, font=small, anchor="ma")

    draw.text(((left + right) / 2, HEIGHT - 40), "Period", fill=INK, font=font, anchor="ms")
    axis = Image.new("RGB", (bottom - top, 50), "white")
    ImageDraw.Draw(axis).text(
        ((bottom - top) / 2, 25),
        _fit(draw, y_label, font, bottom - top),
        fill=INK,
        font=font,
        anchor="mm",
    )
    image.paste(axis.rotate(90, expand=True), (20, top))

    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
