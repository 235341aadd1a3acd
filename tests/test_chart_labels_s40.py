"""A chart's labels never overlap one another nor leave the chart (red team h164, stop 40).

Before, the PDF wrapped a long period label into lines that ran into the axis title and the
source line, and set labels of adjacent periods edge to edge ("…quite Label number 1…"); the DOCX
cut every label of "April 2000 to March 2001" to the same "April 20…" and pasted the unit over
wide tick labels. Now `render/chart.py`'s `plan_periods` thins the periods or turns them to 45
degrees, for the PDF and the DOCX alike, and the margins grow to hold the widest tick.
"""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from inquiry.render.chart import MAX_X_LABELS, PeriodLabel, apart
from inquiry.render.docx import chart as docx_chart
from inquiry.render.nodes import Chart
from inquiry.render.pdf import chart as pdf_chart

Box = tuple[float, float, float, float]


def node(periods: Sequence[str], values: Sequence[float], unit: str = "referrals") -> Chart:
    return Chart(tuple(periods), tuple(values), unit, "Referrals", "Source: S", "alt")


def clear(a: Box, b: Box) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def check_periods(labels: Sequence[PeriodLabel], width: float, n: int) -> None:
    assert labels, "at least the first period is labelled"
    assert labels[0].index == 0 and len(labels) <= MAX_X_LABELS
    for a, b in itertools.combinations(labels, 2):
        assert apart(a.corners(), b.corners()), (a, b)
    for label in labels:
        x0, _, x1, _ = label.bounds()
        assert x0 >= 0 and x1 <= width, label
    assert len({b.index - a.index for a, b in itertools.pairwise(labels)}) <= 1, "evenly"
    assert labels[-1].index + 2 * (labels[1].index if len(labels) > 1 else 1) > n


labels = st.text(alphabet="abcdefghij KLMNOPQ0123456789-", min_size=1, max_size=40).map(
    lambda s: s.strip() or "x"
)
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
series = st.integers(min_value=1, max_value=260).flatmap(
    lambda n: st.tuples(
        st.lists(labels, min_size=n, max_size=n), st.lists(values, min_size=n, max_size=n)
    )
)
SHAPES = {
    "twelve long": (
        [f"April {2000 + i} to March {2001 + i}" for i in range(12)],
        [1000 + 37 * i for i in range(12)],
    ),
    "sixty forty-character": (
        [f"Quarter {i:02d} of the reporting period xxx" for i in range(60)],
        [10 * i for i in range(60)],
    ),
    "five forty-character": (
        [f"Label number {i} that is quite long indeed!!" for i in range(5)],
        [12.5 * i for i in range(5)],
    ),
    "negative and huge": (
        [f"FY {i}" for i in range(8)],
        [-1234567.89, 3, 1e6, -0.25, 2.5e6, -999999, 7, 12345678.9],
    ),
    "one": (["April 2019 to March 2020"], [1234567.89]),
    "two hundred months": (
        [f"September {2000 + i // 12}" for i in range(200)],
        [1e6 + 5000 * (i % 17) for i in range(200)],
    ),
    "a trillion": ([f"{2000 + i}" for i in range(6)], [1e12, -3e12, 5, 7, 1e12, 2e12]),
}


def check_pdf(periods: Sequence[str], vals: Sequence[float]) -> None:
    g = pdf_chart.geometry(tuple(periods), tuple(vals), "referrals")
    check_periods(g.plan.labels, pdf_chart.WIDTH, len(periods))
    lowest = max(label.bounds()[3] for label in g.plan.labels)
    assert lowest <= g.title_y, "the periods run into the axis title"
    assert g.title_y + pdf_chart.LINE * pdf_chart.SIZE <= g.height
    # The tick labels stand right of the unit and left of the axis.
    assert g.left - pdf_chart.TICK_GAP - g.tick_width >= pdf_chart.LINE * pdf_chart.UNIT_SIZE
    if g.labelled:
        boxes = [g.value_box(i, v) for i, v in enumerate(vals)]
        for a, b in itertools.combinations(boxes, 2):
            assert clear(a, b), (a, b)
        band = min(label.y for label in g.plan.labels)
        assert all(b[1] >= 0 and b[3] <= band for b in boxes)


def check_docx(periods: Sequence[str], vals: Sequence[float]) -> None:
    _, plot_h, plan, _ = docx_chart.layout(node(periods, vals))
    check_periods(plan.labels, docx_chart.WIDTH, len(periods))
    assert plot_h > docx_chart.HEIGHT / 3
    lowest = max(label.bounds()[3] for label in plan.labels)
    assert lowest <= docx_chart.TITLE_TOP, "the periods run into the axis title"
    assert min(label.y for label in plan.labels) >= docx_chart.TOP + plot_h


@pytest.mark.parametrize("name", SHAPES)
def test_the_shapes_a_red_team_drew_lay_out_clear(name: str) -> None:
    periods, vals = SHAPES[name]
    check_pdf(periods, [float(v) for v in vals])
    check_docx(periods, [float(v) for v in vals])


@settings(max_examples=60, deadline=None)
@given(series)
def test_no_two_labels_overlap_in_the_pdf(data: tuple[list[str], list[float]]) -> None:
    check_pdf(*data)


@settings(max_examples=40, deadline=None)
@given(series)
def test_no_two_labels_overlap_in_the_docx(data: tuple[list[str], list[float]]) -> None:
    check_docx(*data)


def test_the_docx_writes_a_trillion_clear_of_the_unit() -> None:
    """The unit's strip was pasted over tick labels wider than the margin."""
    periods, vals = SHAPES["a trillion"]
    left, _, _, _ = docx_chart.layout(node(periods, vals))
    assert left > docx_chart.LEFT
    picture = Image.open(io.BytesIO(docx_chart.chart_png(node(periods, vals))))
    assert picture.size == (docx_chart.WIDTH, docx_chart.HEIGHT)
    assert docx_chart.chart_png(node(periods, vals)) == docx_chart.chart_png(node(periods, vals))


def _words(typst_code: str, tmp: Path) -> list[tuple[str, Box]]:
    """Every word typst draws for the chart, with its box, from the compiled PDF."""
    typst = pytest.importorskip("typst")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    main = tmp / "main.typ"
    main.write_text(
        "#set page(width: 560pt, height: auto, margin: 20pt)\n"
        "#let chart-figure(alt, body) = body\n"
        f"#{{ {typst_code} }}\n",
        encoding="utf-8",
    )
    pdf = tmp / "chart.pdf"
    pdf.write_bytes(typst.compile(main, root=tmp, font_paths=[], ignore_system_fonts=True))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    import lxml.html

    words = []
    for w in lxml.html.fromstring(html.encode()).iter("word"):
        box = tuple(float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
        words.append((w.text_content(), box))
    return words  # type: ignore[return-value]


@pytest.mark.parametrize("name", ["twelve long", "sixty forty-character", "negative and huge"])
def test_the_pdf_axis_title_and_source_stand_clear_of_every_label(
    name: str, tmp_path: Path
) -> None:
    periods, vals = SHAPES[name]
    words = _words(pdf_chart.chart(node(periods, [float(v) for v in vals])), tmp_path)
    assert any(text == "Period" for text, _ in words)
    for (text, box), (other, box2) in itertools.permutations(words, 2):
        if text in ("Period", "Source:"):
            assert clear(box, box2), f"{text!r} overlaps {other!r}"


def test_the_pdf_sets_flat_labels_apart(tmp_path: Path) -> None:
    """Twenty-four months and their values: every word clear of every other."""
    periods = [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(24)]
    words = _words(pdf_chart.chart(node(periods, [float(i) for i in range(24)])), tmp_path)
    assert len(words) > 24
    for (a, box), (b, box2) in itertools.combinations(words, 2):
        assert clear(box, box2), f"{a!r} overlaps {b!r}"
