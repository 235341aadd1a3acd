"""A witness called Black, Bold, Top or Italic (stop 36, red team h128): the search of each typst
piece's source read typst's own values as text — a chart's axis is drawn `0.6pt + black`, its
title `weight: "bold"`, its labels placed `top + left` and its unit `style: "italic"` — so every
public build of such a witness with a chart was refused, the message blaming the statistic. The
source is now read as typst reads it: its code (names, numbers and lengths, and the strings that
are typst's own values) is not searched; its markup and every other string (a chart's title,
labels and alternate text, a link's address) still are."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from test_pdf import build_pdf
from test_redaction_code_words_s30 import witness_named

from inquiry.proof import piece_leaks
from inquiry.redaction import Matcher
from inquiry.render.nodes import Chart
from inquiry.render.pdf.chart import chart
from inquiry.typst_words import source_text


def _empty_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _found(source: str, name: str) -> bool:
    return bool(piece_leaks(_empty_pdf(), source, Matcher.of([name])))


def _chart(*, title: str = "Referrals", unit: str = "referrals", period: str = "2021") -> str:
    node = Chart(
        periods=(period, "2022", "2023"),
        values=(90.0, -10.0, 110.0),
        unit=unit,
        title=title,
        source="Source: Example Statistics Office",
        alt="Bar chart of referrals by period.",
    )
    return f"#section([Series], {{{chart(node)}}})"


# As `typst_source._block` writes a table: its columns' widths and alignments are strings.
TABLE = (
    '#section([Series], {data-table(("fr", "auto",), ("left", "right",), '
    '(("Period", "Value",), ([#"2021-22"], [#"90"],),))})'
)
PREAMBLE = (
    '#import "template.typ": *\n'
    '#show: setup.with(restricted: none, lang: "en", region: "gb", dir: ltr)\n'
)


@pytest.mark.parametrize(
    "name", ["Black", "Bold", "Top", "Left", "Italic", "Horizon", "Center", "None"]
)
def test_a_charts_code_is_not_searched(name: str) -> None:
    assert not _found(PREAMBLE + _chart(), name)


@pytest.mark.parametrize("name", ["Left", "Right", "Auto", "Fr"])
def test_a_tables_layout_is_not_searched(name: str) -> None:
    assert not _found(PREAMBLE + TABLE, name)


@pytest.mark.parametrize("name", ["Template", "Typ", "Ltr", "Gray", "Lining", "Tabular", "Prose"])
def test_typsts_own_words_are_not_searched(name: str) -> None:
    source = (
        PREAMBLE + '#text(fill: gray, number-type: "lining", number-width: "tabular")[x] '
        '#cite(<key>, form: "prose") $upright(bold(x)) + arrow.r$ #table(align: (auto, right,))'
    )
    assert not _found(source, name)


@pytest.mark.parametrize(
    "source",
    [
        _chart(title="Referrals received by Mr Black"),  # the chart's title
        _chart(unit="black cabs"),  # its unit, drawn in italic
        _chart(period="Black"),  # a period's label
        'chart-figure("Bar chart of calls to Mr Black", block({}))',  # alternate text
        "[Mr Black said so]",
        '#"Mr Black said so"',
        '#text(weight: "bold", "Mr Black")',
        '#text(style: "Black")[x]',  # not a style typst has: a string of the evidence
        '#text("black")',
        "#figure(caption: [Black], rect())",
        '#box(image("x.png", alt: "Black"))',
        '#link("https://example.org/mr-black")[the page]',
        "#link(<black>)[the page]",
        '$upright("Mr Black") + x$',
        "`Black`",
        "```\nfill: black\n```",
        '#data-table(("fr",), ("left",), (("Black",), ([x],),))',  # a table's header
        '#data-table(("black",), ("left",), (("x",), ([x],),))',  # not a width typst has
        "#emph[Mr Black]#strong[said]",
        '[#"a]"] Mr Black',  # a bracket in a string closes nothing
        '#facts((("Name", [#"Smith] #text(fill: black)[Black"]),))',
        "#link(<café-black>)[the page]",  # a label, its letters not all ASCII
        '#text("unclosed Black',  # not typst we write: only names of calls and arguments blanked
    ],
)
def test_shown_text_is_still_searched(source: str) -> None:
    assert _found(PREAMBLE + source, "Black"), source_text(PREAMBLE + source)


def test_code_after_a_string_holding_brackets_is_read_as_code() -> None:
    assert not _found(PREAMBLE + '[#"a]" #"[b"] #text(fill: black)[x] $#"]"$ `[`', "Black")


def test_the_chart_says_what_its_strings_say() -> None:
    words = " ".join(source_text(_chart(title="Mr Jones", period="Q1")).split())
    assert "Mr Jones" in words and '"Q1"' in words and "Bar chart of referrals" in words
    shown = "mr jones q referrals source example statistics office bar chart of by period series"
    assert set(re.findall(r"[a-z]+", words.lower())) == set(shown.split(" "))


@pytest.mark.parametrize("name", ["Black", "Bold", "Italic", "Top"])
def test_a_witness_named_as_a_typst_value_is_built_with_a_chart(
    tmp_path: Path, build_cache: Path, name: str
) -> None:
    root = witness_named(tmp_path, name)
    statistic = root / "evidence/statistics/ST-001.yaml"
    figures = statistic.read_text(encoding="utf-8")
    assert "series:" in figures and "measure: Referrals received\n" in figures
    figures = figures.replace("measure: Referrals received\n", f"measure: Calls to Mr {name}\n")
    statistic.write_text(figures.replace("period: 2022-23", f"period: {name} 22"), "utf-8")
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    words = subprocess.run(
        ["pdftotext", str(built.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(words.split())
    assert name not in words and "Mr [REDACTED] said so." in flat
    assert "Calls to Mr [REDACTED]" in flat and "[REDACTED] 22" in flat
