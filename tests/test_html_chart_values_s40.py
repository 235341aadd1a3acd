"""The HTML chart writes the values on its bars as the PDF and the DOCX do (h167, stop 40).

Before, the HTML chart wrote each bar's value with `number` ("3", "3.5", "12,345,678.9") where the
PDF and the DOCX write `series_numbers` ("3.0", "3.5", "12,345,678.9"), and a value too wide for
its bar stood upright in the HTML where the PDF and the DOCX leave every value out (the table
after the chart gives them all). A lawyer comparing the editions read different figures. Now the
HTML words them by `series_numbers` and leaves them all out when one does not fit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from inquiry.cli import main
from inquiry.render.docx import chart as docx_chart
from inquiry.render.html.chart import svg
from inquiry.render.nodes import Chart
from inquiry.render.pdf import chart as pdf_chart
from inquiry.render.wording import number, series_numbers
from inquiry.scaffold import init


def node(periods: Sequence[str], values: Sequence[float], unit: str = "referrals") -> Chart:
    alt = "; ".join(f"{p}: {number(v)}" for p, v in zip(periods, values, strict=True))
    return Chart(tuple(periods), tuple(values), unit, "Referrals", "Source: a release", alt)


def years(n: int) -> list[str]:
    return [f"20{10 + k}-{11 + k}" for k in range(n)]


def months(n: int) -> list[str]:
    return [f"{2020 + k // 12}-{k % 12 + 1:02d}" for k in range(n)]


def html_values(chart: Chart) -> list[str]:
    root = lxml.html.fragment_fromstring(lxml.html.tostring(svg(chart, "c"), encoding="unicode"))
    return [t.text or "" for t in root.iter("text") if t.get("class") == "chart-value"]


def pdf_values(chart: Chart) -> list[str]:
    """The values the PDF's typst source writes on the bars: its centred 7 pt string literals
    that are not period labels (the axis title is markup, not a string)."""
    written = re.findall(r'align\(center, text\(size: 7pt, "([^"]*)"\)\)', pdf_chart.chart(chart))
    return [w for w in written if w not in chart.periods]


FITTING: dict[str, tuple[list[str], list[float]]] = {
    "whole and decimal": (years(3), [3, 3.5, 12_345_678.9]),
    "two places": (years(4), [3, 3.25, 1_000, 12.5]),
    "a whole-looking float": (years(3), [43.0, 41.2, 40]),
    "negatives": (years(4), [-5, -1.25, 3, 0]),
    "small decimals": (years(6), [0.0123, 0.013, 0.0137, 0.0144, 0.015, 0.0158]),
}


@pytest.mark.parametrize("name", FITTING)
def test_the_values_on_the_bars_are_worded_as_in_the_pdf(name: str) -> None:
    chart = node(*FITTING[name])
    shown = list(series_numbers(chart.values))
    assert pdf_chart.geometry(chart.periods, chart.values, chart.unit).labelled
    assert docx_chart.layout(chart)[3], "the DOCX writes them too"
    assert pdf_values(chart) == shown
    assert html_values(chart) == shown


def test_three_is_written_three_point_nought_beside_three_and_a_half() -> None:
    assert html_values(node(*FITTING["whole and decimal"])) == ["3.0", "3.5", "12,345,678.9"]


TOO_WIDE: dict[str, tuple[list[str], list[float]]] = {
    "twelve millions with pence": (months(12), [1_235_567.25 + 1000 * k for k in range(12)]),
    "twenty-four hundred thousands": (months(24), [100_000 + 937 * k for k in range(24)]),
    "negative millions": (months(10), [-1_000_000.5 * (k % 3 + 1) for k in range(10)]),
}


@pytest.mark.parametrize("name", TOO_WIDE)
def test_values_too_wide_for_their_bars_are_left_out_as_in_the_pdf_and_the_docx(
    name: str,
) -> None:
    chart = node(*TOO_WIDE[name])
    assert not pdf_chart.geometry(chart.periods, chart.values, chart.unit).labelled
    assert pdf_values(chart) == []
    assert not docx_chart.layout(chart)[3]
    assert html_values(chart) == []
    root = svg(chart, "c")
    assert len(root.findall("rect")) == len(chart.values), "the bars are still drawn"
    title = root.find("title")
    assert title is not None and title.text == chart.alt, "the alternative text is unchanged"


def test_no_value_is_turned_upright() -> None:
    for periods, values in [*FITTING.values(), *TOO_WIDE.values()]:
        root = svg(node(periods, values), "c")
        written = [t for t in root.iter("text") if t.get("class") == "chart-value"]
        assert all(t.get("transform") is None for t in written)


@pytest.mark.parametrize("places", [0, 1, 2])
@pytest.mark.parametrize("digits", range(1, 10))
def test_the_html_writes_values_only_on_charts_whose_pdf_writes_them(
    digits: int, places: int
) -> None:
    """Bars of every count up to a bar chart's limit: where the HTML writes values the PDF
    writes the same strings; where the PDF leaves them out, so does the HTML."""
    for n in range(1, 25):
        base = 10**digits + [0, 0.5, 0.25][places]
        chart = node(months(n), [base + k for k in range(n)])
        html, pdf = html_values(chart), pdf_values(chart)
        assert html in ([], pdf), (n, html, pdf)
        if not pdf:
            assert html == [], n


values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(values | st.integers(-(10**9), 10**9), min_size=1, max_size=24))
def test_any_bar_chart_writes_series_numbers_or_nothing(series: list[float]) -> None:
    chart = node(months(len(series)), series)
    html = html_values(chart)
    assert html in ([], list(series_numbers(chart.values)))
    if html:
        assert pdf_values(chart) == html


# ------------------------------------------------------------------------ in a built bundle


def with_series(text: str, periods: Sequence[str], values: Sequence[float]) -> str:
    """A statistic's YAML `text` with its series replaced by `values` by `periods`."""
    rows = "".join(
        f"  - {{period: {p}, value: {v}}}\n" for p, v in zip(periods, values, strict=True)
    )
    return re.sub(r"series:\n(  - .*\n)+", lambda _: "series:\n" + rows, text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new submission whose statistic ST-001 has the values 3, 3.5 and 12,345,678.9 and whose
    ST-002 has twelve values too wide for their bars, built as a PDF and as HTML."""
    root = tmp_path_factory.mktemp("values") / "submission"
    init(root)
    first = root / "evidence/statistics/ST-001.yaml"
    text = first.read_text(encoding="utf-8")
    first.write_text(with_series(text, *FITTING["whole and decimal"]), encoding="utf-8")
    second = with_series(text, *TOO_WIDE["twelve millions with pence"]).replace("ST-001", "ST-002")
    (root / "evidence/statistics/ST-002.yaml").write_text(second, encoding="utf-8")
    out = root / "out"
    args = ["build", "--root", str(root), "--out", str(out), "--format", "pdf"]
    result = CliRunner().invoke(main, [*args, "--format", "html", "--no-cache"])
    assert result.exit_code == 0, result.output
    return out


def item_page(out: Path, item: str) -> lxml.html.HtmlElement:
    (path,) = (out / "html" / "items").glob(f"*-{item}.html")
    return lxml.html.document_fromstring(path.read_bytes())


def test_the_built_html_writes_the_pdfs_figures_and_keeps_its_table(built: Path) -> None:
    doc = item_page(built, "ST-001")
    (chart,) = doc.xpath("//svg[@role='img']")
    written = chart.xpath(".//text[@class='chart-value']/text()")
    assert written == ["3.0", "3.5", "12,345,678.9"]
    assert written == list(series_numbers([3, 3.5, 12_345_678.9]))
    cells = [c.text_content().strip() for c in doc.xpath("//table//td")]
    assert written == [c for c in cells if c in written], "the table after it says the same"
    assert chart.xpath("./title/text()"), "the alternative text is still there"


def test_the_built_html_leaves_out_values_too_wide_for_their_bars(built: Path) -> None:
    doc = item_page(built, "ST-002")
    (chart,) = doc.xpath("//svg[@role='img']")
    assert chart.xpath(".//text[@class='chart-value']") == []
    assert len(chart.xpath(".//rect")) == 12
    cells = [c.text_content().strip() for c in doc.xpath("//table//td")]
    assert "1,235,567.25" in cells and "1,246,567.25" in cells
