"""The HTML chart of a statistic's series: every label inside the image and clear of every other,
its numbers worded as in the PDF's chart, read back from the SVG markup (with the label widths
the layout assumes) and, where Chromium is installed, from a real browser's own text boxes."""

from __future__ import annotations

import html
import itertools
import json
import math
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import lxml.html
import pytest

from inquiry.render.html import stylesheet
from inquiry.render.html.chart import svg
from inquiry.render.html.chart_layout import MIN_X_LABELS, wrap
from inquiry.render.html.measure import ASCENT, LINE, width
from inquiry.render.nodes import Chart
from inquiry.render.pdf.chart import chart as typst_chart
from inquiry.render.wording import number, series_numbers

Point = tuple[float, float]
Box = tuple[str, str, list[Point]]  # class, words, corners


def months(n: int, start: int = 2015) -> list[str]:
    return [f"{start + (k + 3) // 12}-{(k + 3) % 12 + 1:02d}" for k in range(n)]


def rising(n: int, *, dip_at: int, dip: float) -> list[float]:
    """About 100,000 a period, rising, with one period `dip` lower."""
    return [100_000 + 937 * k - dip * (k == dip_at) for k in range(n)]


SERIES: dict[str, tuple[list[str], list[float], str]] = {
    "positive": (["2019-20", "2020-21", "2021-22", "2022-23"], [90, 100, 110, 120], "referrals"),
    "negative": (months(12), rising(12, dip_at=5, dip=195_000), "referrals"),
    "three periods": (["2019-20", "2020-21", "2021-22"], [3, 5, 4], "people"),
    "thirty periods": (months(30), rising(30, dip_at=7, dip=105_000), "referrals"),
    "long labels": (
        [f"Quarter {q} of financial year 20{y}-{y + 1}" for y in (19, 20) for q in range(1, 5)],
        [1_234_567.5 + 100_000 * q for q in range(8)],
        "pounds spent per referral in the area",
    ),
    "millions": (months(24), [2_500_000 + 937 * k * (-1) ** k for k in range(24)], "referrals"),
    "decimals": (months(6), [round(0.0123 + 0.0007 * k, 4) for k in range(6)], "rate"),
    "200 points": (months(200), [50_000 + 3000 * (k * 7 % 11) for k in range(200)], "count"),
    "all negative": (months(5), [-5, -1_000_000.25, -3, -7, -12], "change in waiting list"),
    "one point": (["2024"], [0], "referrals"),
    "long unit and labels, negative decimals": (
        [f"Financial year 20{y}-{y + 1} provisional" for y in range(15, 22)],
        [-1234.5 * (y - 19) + 300 for y in range(15, 22)],
        "referrals per 100,000 population aged 18 and over in the integrated care board area "
        "(age-standardised, provisional, rounded to the nearest half)",
    ),
}  # fmt: skip


def node(periods: Sequence[str], values: Sequence[float], unit: str) -> Chart:
    alt = "; ".join(f"{p}: {number(v)}" for p, v in zip(periods, values, strict=True))
    return Chart(tuple(periods), tuple(values), unit, "Referrals", "Source: a release", alt)


def draw(chart: Chart) -> lxml.html.HtmlElement:
    markup = lxml.html.tostring(svg(chart, "chart"), encoding="unicode")
    return lxml.html.fragment_fromstring(markup)


def attr(element: lxml.html.HtmlElement, name: str) -> str:
    value = element.get(name)
    assert value is not None, (element.tag, name)
    return value


def box(text: lxml.html.HtmlElement) -> Box:
    """The corners of a label's box as the layout sizes it: its measured width, from the top of
    the tallest glyph to the bottom of the deepest, turned as drawn."""
    x, y, size = (float(attr(text, name)) for name in ("x", "y", "font-size"))
    w = width(text.text or "", size)
    left = {"start": x, "middle": x - w / 2, "end": x - w}[attr(text, "text-anchor")]
    top = y - ASCENT * size
    corners = [
        (left, top),
        (left + w, top),
        (left + w, top + LINE * size),
        (left, top + LINE * size),
    ]
    return attr(text, "class"), text.text or "", turn(corners, text.get("transform") or "")


def turn(corners: list[Point], transform: str) -> list[Point]:
    m = re.fullmatch(r"rotate\((-?[\d.]+) (-?[\d.]+) (-?[\d.]+)\)", transform)
    if not m:
        assert not transform
        return corners
    a, cx, cy = math.radians(float(m[1])), float(m[2]), float(m[3])
    cos, sin = math.cos(a), math.sin(a)
    return [
        (cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos)
        for x, y in corners
    ]


def apart(p: Sequence[Point], q: Sequence[Point]) -> bool:
    """Whether two convex quadrilaterals do not overlap (an axis separates them)."""
    for poly in (p, q):
        for k in range(4):
            (x1, y1), (x2, y2) = poly[k], poly[(k + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            a, b = [nx * x + ny * y for x, y in p], [nx * x + ny * y for x, y in q]
            if max(a) <= min(b) + 1e-6 or max(b) <= min(a) + 1e-6:
                return True
    return False


def problems(boxes: Sequence[Box], view: tuple[float, float]) -> list[str]:
    found = []
    for cls, words, corners in boxes:
        if not all(0 <= x <= view[0] and 0 <= y <= view[1] for x, y in corners):
            found.append(f"{cls} {words!r} leaves the image: {corners}")
    for i, (c1, w1, p) in enumerate(boxes):
        for c2, w2, q in boxes[i + 1 :]:
            if not apart(p, q):
                found.append(f"{c1} {w1!r} overlaps {c2} {w2!r}")
    return found


def viewbox(root: lxml.html.HtmlElement) -> tuple[float, float]:
    x, y, w, h = (float(v) for v in attr(root, "viewbox").split())
    assert (x, y) == (0, 0)
    return w, h


def labels(root: lxml.html.HtmlElement, cls: str) -> list[str]:
    return [t.text or "" for t in root.iter("text") if t.get("class") == f"chart-{cls}"]


@pytest.mark.parametrize("name", SERIES)
def test_every_label_is_inside_the_image_and_clear_of_the_others(name: str) -> None:
    root = draw(node(*SERIES[name]))
    boxes = [box(t) for t in root.iter("text")]
    assert len(boxes) >= 4
    assert problems(boxes, viewbox(root)) == []


def test_the_layout_check_sees_a_label_cut_off_or_overlapping() -> None:
    """The check above can fail: a label moved off the left edge, and one onto another."""
    root = draw(node(*SERIES["negative"]))
    ticks = [t for t in root.iter("text") if t.get("class") == "chart-tick"]
    assert problems([box(t) for t in root.iter("text")], viewbox(root)) == []
    ticks[0].set("x", "20")
    found = problems([box(t) for t in root.iter("text")], viewbox(root))
    assert [p.split(" leaves")[0] for p in found] == ["chart-tick '-100,000'"]
    ticks[0].set("x", ticks[1].get("x"))
    ticks[0].set("y", str(float(attr(ticks[1], "y")) - 5))
    found = problems([box(t) for t in root.iter("text")], viewbox(root))
    assert found == ["chart-tick '-100,000' overlaps chart-tick '-50,000'"]


@pytest.mark.parametrize("name", SERIES)
def test_ticks_are_worded_exactly_as_in_the_pdf(name: str) -> None:
    chart = node(*SERIES[name])
    pdf_ticks = re.findall(r'align\(right, text\(size: 7pt, "([^"]*)"\)\)', typst_chart(chart))
    assert pdf_ticks
    assert labels(draw(chart), "tick") == pdf_ticks


def test_a_negative_tick_keeps_its_sign_and_room_for_it() -> None:
    root = draw(node(*SERIES["negative"]))
    ticks = labels(root, "tick")
    assert ticks[0] == "-100,000" and ticks[-1] == "150,000"  # the sign as the PDF prints it
    low = next(t for t in root.iter("text") if t.text == "-100,000")
    corners = box(low)[2]
    assert min(x for x, _ in corners) >= 0
    # The plot starts right of the widest tick label.
    axis = next(e for e in root.iter("line") if e.get("x1") == e.get("x2"))
    assert max(x for x, _ in corners) < float(attr(axis, "x1"))


@pytest.mark.parametrize("name", SERIES)
def test_periods_are_labelled_in_order_from_the_first_evenly_thinned(name: str) -> None:
    periods = SERIES[name][0]
    shown = labels(draw(node(*SERIES[name])), "period")
    assert shown[0] == periods[0]
    every = periods.index(shown[1]) if len(shown) > 1 else len(periods)
    assert shown == periods[::every]
    assert len(shown) >= min(len(periods), MIN_X_LABELS)


def test_thirty_periods_stand_apart_side_by_side() -> None:
    root = draw(node(*SERIES["thirty periods"]))
    periods = [box(t) for t in root.iter("text") if t.get("class") == "chart-period"]
    assert 5 <= len(periods) <= 12
    assert not root.xpath("//text[@class='chart-period'][@transform]")
    for (_, _, p), (_, _, q) in itertools.pairwise(periods):
        assert max(x for x, _ in p) + 8 <= min(x for x, _ in q)


def test_long_period_labels_are_turned_rather_than_left_out() -> None:
    periods = SERIES["long labels"][0]
    root = draw(node(*SERIES["long labels"]))
    turned = [t for t in root.iter("text") if t.get("class") == "chart-period"]
    assert [t.text for t in turned] == periods
    assert all(t.get("transform", "").startswith("rotate(-45 ") for t in turned)


@pytest.mark.parametrize("name", SERIES)
def test_bars_carry_the_pdfs_values_or_none_and_the_unit_is_written_in_full(name: str) -> None:
    periods, values, unit = SERIES[name]
    root = draw(node(periods, values, unit))
    written = labels(root, "value")
    bars = len(root.findall("rect"))
    assert bars in (0, len(values))
    # Worded as the PDF and the DOCX word them, or left out when one does not fit (h167).
    assert written in (([], list(series_numbers(values))) if bars else ([],))
    assert " ".join(labels(root, "unit")) == " ".join(unit.split())
    assert labels(root, "axis") == ["Period"]


def test_the_chart_keeps_its_alternative_text_and_is_the_same_each_time() -> None:
    chart = node(*SERIES["negative"])
    root = draw(chart)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "chart"
    title = root.find("title")
    assert title is not None and title.get("id") == "chart" and title.text == chart.alt
    assert "2015-09: -90,315" in chart.alt
    once = lxml.html.tostring(svg(chart, "chart"))
    assert once == lxml.html.tostring(svg(chart, "chart"))


def test_wrap_breaks_between_words_and_inside_a_word_too_long_for_a_line() -> None:
    assert wrap("referrals", 14, 600) == ["referrals"]
    lines = wrap("a b " + "x" * 200 + " c", 14, 300)
    assert all(width(line, 14) <= 300 for line in lines)
    assert "".join(lines).replace(" ", "") == "ab" + "x" * 200 + "c"


# ------------------------------------------------------------------------ in a real browser

PROBE = """<script>
addEventListener('load', () => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.chart-image')) {
    const vb = svg.viewBox.baseVal, texts = [];
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBBox();
      texts.push([t.getAttribute('class'), t.textContent, r.x, r.y, r.width, r.height,
                  t.getAttribute('transform') || '', +t.getAttribute('font-size')]);
    }
    out.push({view: [vb.width, vb.height], texts});
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
});
</script>"""


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium")
def test_in_chromium_no_label_is_cut_off_or_overlaps_and_none_is_wider_than_measured(
    tmp_path: Path,
) -> None:
    """The browser's own text boxes (in the fonts it has) agree: the widths the layout assumes
    are never too narrow."""
    figures = "".join(
        lxml.html.tostring(svg(node(*series), f"c{k}"), encoding="unicode")
        for k, series in enumerate(SERIES.values())
    )
    (tmp_path / "style.css").write_bytes(stylesheet())
    page = tmp_path / "charts.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="style.css"></head><body><main>{figures}</main>'
        f"{PROBE}</body></html>",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,900",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    m = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert m, done.stderr[-2000:]
    charts = json.loads(html.unescape(m[1]))
    assert len(charts) == len(SERIES)
    for chart, name in zip(charts, SERIES, strict=True):
        boxes: list[Box] = []
        for cls, words, x, y, w, h, transform, size in chart["texts"]:
            assert w <= width(words, size) + 0.01, (name, words)
            corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            boxes.append((cls, words, turn(corners, transform)))
        assert problems(boxes, tuple(chart["view"])) == [], name
