"""A statistic's series drawn as a PNG for the DOCX, the same bytes on every machine.

The axis, its round steps and tick labels, and the choice of bars or a line come from
`render/chart.py`, as for the PDF's vector chart, so a series is scaled and labelled alike in both.
The chart's title and source are paragraphs around the picture (searchable, redacted text), and its
alternative text (the view's `Chart.alt`) says what it shows and its shape; the table after it
gives every value. Pillow's built-in font is used rather than any installed font, so the picture
depends only on the data and Pillow's version.
"""

from __future__ import annotations

import functools
import io
import math

from PIL import Image, ImageDraw, ImageFont

from inquiry.render.chart import axis_for, is_bar_chart, tick_label
from inquiry.render.nodes import Chart
from inquiry.render.wording import series_numbers

WIDTH, HEIGHT = 1600, 800
"""Pixels: about 270 dpi at the chart's 15 cm width."""
LEFT, RIGHT, TOP, BOTTOM = 190, 40, 60, 130
MAX_X_LABELS = 12
INK, GRID, FILL, LINE, WHITE = 0, 215, 70, 40, 255
"""Grey levels: the chart is drawn in greys (as the PDF's), a one-channel PNG."""
_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _fit(draw: ImageDraw.ImageDraw, text: str, font: _Font, room: float) -> str:
    if draw.textlength(text, font=font) <= room:
        return text
    while text and draw.textlength(text + "…", font=font) > room:
        text = text[:-1]
    return text + "…"


@functools.lru_cache(maxsize=256)
def chart_png(node: Chart) -> bytes:
    """The chart as a PNG: bars with their values, or a line for a long series."""
    image = Image.new("L", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    small = ImageFont.load_default(size=26)
    label_font = ImageFont.load_default(size=28)
    values, periods = node.values, node.periods
    axis = axis_for(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(v: float) -> float:
        return TOP + (axis.high - v) / (axis.high - axis.low) * plot_h

    for tick in axis.ticks():
        y = y_of(tick)
        draw.line([(LEFT, y), (WIDTH - RIGHT, y)], fill=INK if tick == 0 else GRID, width=2)
        draw.text((LEFT - 14, y), tick_label(tick, axis.step), fill=INK, font=small, anchor="rm")
    draw.line([(LEFT, TOP), (LEFT, TOP + plot_h)], fill=INK, width=2)

    n = len(values)
    slot = plot_w / n
    zero = y_of(0.0)
    if is_bar_chart(values):
        bar = slot * 0.62
        shown = series_numbers(values)
        show = max(draw.textlength(s, font=small) for s in shown) < slot + 8
        for i, v in enumerate(values):
            cx = LEFT + slot * (i + 0.5)
            top, bottom = sorted((y_of(v), zero))
            draw.rectangle([(cx - bar / 2, top), (cx + bar / 2, max(bottom, top + 1))], fill=FILL)
            if show:
                y, anchor = (top - 8, "ms") if v >= 0 else (bottom + 8, "mt")
                draw.text((cx, y), shown[i], fill=INK, font=small, anchor=anchor)
    else:
        points = [(LEFT + slot * (i + 0.5), y_of(v)) for i, v in enumerate(values)]
        draw.line(points, fill=LINE, width=5, joint="curve")
        for x, y in points:
            draw.ellipse([(x - 6, y - 6), (x + 6, y + 6)], fill=LINE)
    every = max(1, math.ceil(n / MAX_X_LABELS))
    for i, period in enumerate(periods):
        if i % every == 0:
            cx = LEFT + slot * (i + 0.5)
            text = _fit(draw, period, small, max(slot * every - 6, 60))
            draw.text((cx, TOP + plot_h + 14), text, fill=INK, font=small, anchor="ma")
    draw.text((LEFT + plot_w / 2, HEIGHT - 24), "Period", fill=INK, font=label_font, anchor="ms")
    side = Image.new("L", (plot_h, 50), WHITE)
    ImageDraw.Draw(side).text(
        (plot_h / 2, 25),
        _fit(draw, node.unit, label_font, plot_h),
        fill=INK,
        font=label_font,
        anchor="mm",
    )
    image.paste(side.rotate(90, expand=True), (16, TOP))
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
