"""A statistic's series drawn as a PNG for the DOCX, the same bytes on every machine.

The axis, its round steps and tick labels, and the choice of bars or a line come from
`render/chart.py`, as for the PDF's vector chart, so a series is scaled and labelled alike in both.
The chart's title and source are paragraphs around the picture (searchable, redacted text), and its
alternative text (the view's `Chart.alt`) says what it shows and its shape; the table after it
gives every value. The labels are set in the package's own font (`inquiry.picture_font`) rather
than any installed font, so the picture depends only on the data and Pillow's version.

No label may touch another (red team h164): the tick labels' column is as wide as the widest
tick (the unit beside it), the periods are thinned or turned to 45 degrees by `render/chart.py`'s
`plan_periods`, as in the PDF, and the plot gives up height to the turned labels, the picture's
size being fixed. A value is written on its bar only when every value fits its bar's slot.
"""

from __future__ import annotations

import functools
import io
import math

from PIL import Image, ImageDraw, ImageFont

from inquiry.picture_font import picture_font
from inquiry.render.chart import (
    SLANT,
    PeriodLabel,
    PeriodPlan,
    axis_for,
    is_bar_chart,
    plan_periods,
    tick_label,
    values_fit,
)
from inquiry.render.cut import shorten
from inquiry.render.nodes import Chart
from inquiry.render.wording import series_numbers

WIDTH, HEIGHT = 1600, 800
"""Pixels: about 270 dpi at the chart's 15 cm width."""
LEFT, RIGHT, TOP = 190, 40, 60
"""The least margins: the left holds the unit and the tick labels, the top the bars' values."""
UNIT_BAND = 16 + 50  # the unit, turned, from the left edge
TICK_GAP, GAP, VALUE_GAP = 14, 12, 8
LINE = 34  # a line of the 26 pixel labels
TITLE_TOP = HEIGHT - 24 - 30  # the top of the axis title "Period"
LONGEST = 420
"""Pixels a period's label takes at most: a longer one is cut with an ellipsis."""
UNIT_SIZE = 28
"""Pixels: the unit's and the axis title's size."""
INK, GRID, FILL, LINE_INK, WHITE = 0, 215, 70, 40, 255
"""Grey levels: the chart is drawn in greys (as the PDF's), a one-channel PNG."""
_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def unit_text(node: Chart, room: float) -> str:
    """The unit as written up the chart's side, `room` pixels long: cut as `render.cut.shorten`
    cuts a label, after whole words, never so that it shows a redacted string (nothing reads
    the picture afterwards)."""
    font = picture_font(UNIT_SIZE)
    return shorten(node.unit, room, lambda t: float(_ruler().textlength(t, font=font)), node.shows)


def _small() -> _Font:
    return picture_font(26)


@functools.lru_cache(maxsize=8192)
def _measure(text: str) -> float:
    """A period label's width (remembered: the layout measures each label twice)."""
    return float(_ruler().textlength(text, font=_small()))


@functools.cache
def _ruler() -> ImageDraw.ImageDraw:
    return ImageDraw.Draw(Image.new("L", (1, 1)))


def layout(node: Chart) -> tuple[float, float, PeriodPlan, bool]:
    """The plot's left edge and height, its period labels and whether the bars carry values."""
    values = node.values
    axis = axis_for(values)
    tick_width = max(_measure(tick_label(t, axis.step)) for t in axis.ticks())
    left = max(LEFT, UNIT_BAND + GAP + tick_width + TICK_GAP)
    n = len(values)
    bars = is_bar_chart(values)

    # The band's top moves with the plot's height, and the plot's with the band's depth: the
    # labels' shapes do not depend on the height, so the depth is found first.
    def periods_at(band: float) -> PeriodPlan:
        return plan_periods(
            node.periods,
            _measure,
            left=left,
            right=WIDTH - RIGHT,
            width=WIDTH,
            band=band,
            line=LINE,
            gap=GAP,
            longest=LONGEST,
            shows=node.shows,
        )

    probe = periods_at(0.0)
    widths = [_measure(s) for s in series_numbers(values)]
    labelled = bars and values_fit(widths, (probe.right - probe.left) / n, GAP)
    # A value written below a bar that reaches the axis' low end takes a line under the plot.
    under = LINE + VALUE_GAP if labelled and any(v < 0 for v in values) else LINE // 2
    plot_h = TITLE_TOP - GAP - probe.depth - GAP - under - TOP
    band = TOP + plot_h + under + GAP
    plan = periods_at(band)
    return plan.left, plot_h, plan, labelled


def _turned(image: Image.Image, label: PeriodLabel, font: _Font) -> None:
    """A period's label rising 45 degrees to the right and ending at its slot."""
    w, h = math.ceil(label.width) + 2, label.line
    mask = Image.new("L", (w, round(h)), 0)
    ImageDraw.Draw(mask).text((w, h / 2), label.text, fill=255, font=font, anchor="rm")
    turned = mask.rotate(45, resample=Image.Resampling.BICUBIC, expand=True)
    ox, oy = label.origin
    cx, cy = ox - w / 2 * SLANT, oy + w / 2 * SLANT
    at = (round(cx - turned.width / 2), round(cy - turned.height / 2))
    image.paste(INK, (*at, at[0] + turned.width, at[1] + turned.height), turned)


@functools.lru_cache(maxsize=256)
def chart_png(node: Chart) -> bytes:
    """The chart as a PNG: bars with their values, or a line for a long series."""
    image = Image.new("L", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    small = _small()
    label_font = picture_font(UNIT_SIZE)
    values = node.values
    axis = axis_for(values)
    left, plot_h, plan, labelled = layout(node)
    plot_w = plan.right - left

    def y_of(v: float) -> float:
        return TOP + (axis.high - v) / (axis.high - axis.low) * plot_h

    for tick in axis.ticks():
        y = y_of(tick)
        draw.line([(left, y), (plan.right, y)], fill=INK if tick == 0 else GRID, width=2)
        draw.text(
            (left - TICK_GAP, y), tick_label(tick, axis.step), fill=INK, font=small, anchor="rm"
        )
    draw.line([(left, TOP), (left, TOP + plot_h)], fill=INK, width=2)

    n = len(values)
    slot = plot_w / n
    zero = y_of(0.0)
    if is_bar_chart(values):
        bar = slot * 0.62
        shown = series_numbers(values)
        for i, v in enumerate(values):
            cx = left + slot * (i + 0.5)
            top, bottom = sorted((y_of(v), zero))
            draw.rectangle([(cx - bar / 2, top), (cx + bar / 2, max(bottom, top + 1))], fill=FILL)
            if labelled:
                y, anchor = (top - VALUE_GAP, "ms") if v >= 0 else (bottom + VALUE_GAP, "mt")
                draw.text((cx, y), shown[i], fill=INK, font=small, anchor=anchor)
    else:
        points = [(left + slot * (i + 0.5), y_of(v)) for i, v in enumerate(values)]
        draw.line(points, fill=LINE_INK, width=5, joint="curve")
        for x, y in points:
            draw.ellipse([(x - 6, y - 6), (x + 6, y + 6)], fill=LINE_INK)
    for label in plan.labels:
        if label.turned:
            _turned(image, label, small)
        else:
            draw.text((label.x, label.y), label.text, fill=INK, font=small, anchor="ma")
    draw.text((left + plot_w / 2, HEIGHT - 24), "Period", fill=INK, font=label_font, anchor="ms")
    side = Image.new("L", (round(plot_h), 50), WHITE)
    ImageDraw.Draw(side).text(
        (plot_h / 2, 25),
        unit_text(node, plot_h),
        fill=INK,
        font=label_font,
        anchor="mm",
    )
    image.paste(side.rotate(90, expand=True), (16, TOP))
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
