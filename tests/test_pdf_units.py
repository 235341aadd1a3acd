"""The pieces of the PDF renderer that need no bundle: escaping, redaction, formats, chart axes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from inquiry.render.pdf.chart import axis_for, chart, nice_step, tick_label
from inquiry.render.pdf.redact import MARK, Redactor
from inquiry.render.pdf.typst_code import Code, lit, short_title, value
from inquiry.render.pdf.typst_source import _redaction_marks
from inquiry.render.wording import long_date, number, short_date

HOSTILE = [
    '#import "x": *',
    "] ) } [ ( {",
    'a "quoted" \\ backslash',
    "<label> @ref $x^2$ *bold* _it_ `raw`",
    "line one\nline two\ttab",
    "control \x01 and \x7f",
    "// not a comment /* nor this */",
]


def _typst_text(source: str, tmp_path: Path) -> str:
    import typst

    (tmp_path / "t.typ").write_text(source, encoding="utf-8")
    pdf = typst.compile(tmp_path / "t.typ", root=tmp_path, ignore_system_fonts=True, timestamp=0)
    assert isinstance(pdf, bytes)
    (tmp_path / "t.pdf").write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_string_literals_show_hostile_text_exactly(tmp_path: Path) -> None:
    source = "\n".join(f"#text({lit(s)})\n#parbreak()" for s in HOSTILE[:4])
    text = _typst_text(source, tmp_path)
    for s in HOSTILE[:4]:
        assert s in text


def test_literal_escapes() -> None:
    assert lit('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert lit("\x01") == '"\\u{1}"'
    assert lit("£ — é") == '"£ — é"'


def test_values_become_typst_code() -> None:
    assert value({"a": [1, "x"], "b": None, "c": True}) == '(a: (1, "x", ), b: none, c: true)'
    assert value(()) == "()"
    assert value({}) == "(:)"
    assert value(Code("redacted()")) == "redacted()"
    assert value(("one",)) == '("one", )', "a one-element array stays an array"


def test_dates_as_precise_as_the_evidence() -> None:
    assert long_date("2025-06-01") == "1 June 2025"
    assert long_date("2025-06") == "June 2025"
    assert long_date("2025") == "2025"
    assert short_date("2025-12-31") == "31 Dec 2025"


def test_numbers() -> None:
    assert number(60.0) == "60"
    assert number(1234567) == "1,234,567"
    assert number(12.5) == "12.5"
    assert number(-0.25) == "-0.25"


def test_short_titles_cut_at_a_word() -> None:
    assert short_title("short") == "short"
    cut = short_title("word " * 30, 20)
    assert cut.endswith("…") and len(cut) <= 20 and "wor…" not in cut


def test_redactor_matches_case_and_spacing_and_longest_first() -> None:
    r = Redactor(["Jane Placeholder", "Jane"])
    assert r.plain("Ask JANE  placeholder or jane.") == "Ask [REDACTED] or [REDACTED]."
    assert r.markdown("Jane\nPlaceholder said") == f"{MARK} said"
    assert r.split("x Jane y") == ["x ", None, " y"]
    assert not Redactor([])
    assert Redactor([]).plain("Jane") == "Jane"


def test_redaction_marks_in_markup_and_in_raw() -> None:
    out = _redaction_marks(f"My {MARK}(x) said `{MARK}` and {MARK}.com")
    assert out == "My #redacted();(x) said `[REDACTED]` and #redacted();.com"


def test_nice_axes() -> None:
    assert nice_step(120) == 50
    assert nice_step(7) == 2
    assert nice_step(0.3) == pytest.approx(0.1)
    axis = axis_for([90, 100, 110, 120])
    assert (axis.low, axis.high, axis.step) == (0, 150, 50)
    assert axis.ticks() == [0, 50, 100, 150]
    negative = axis_for([-3, 4])
    assert negative.low < -3 and negative.high >= 4
    assert axis_for([5, 5]).high >= 5
    assert tick_label(0.5, 0.1) == "0.5"
    assert tick_label(2000, 500) == "2,000"


def test_chart_is_bars_up_to_the_limit_and_a_line_with_a_table_beyond() -> None:
    bars = chart(["a", "b"], [1, 2], unit="people", measure="M", source="S")
    assert "rect(" in bars and "curve(" not in bars
    periods = [f"P{i}" for i in range(40)]
    line = chart(periods, list(range(40)), unit="u", measure="M", source="S")
    assert "curve(" in line and '"P39", "39"' in line
    assert '"Source: S"' in line


def test_redaction_spans_markdown_emphasis_and_curly_apostrophes() -> None:
    r = Redactor(["Jane Placeholder", "O'Brien"])
    assert "Placeholder" not in r.markdown("Ask Jane *Placeholder* about it.")
    assert "Placeholder" not in r.markdown("Ask **Jane**\nPlaceholder about it.")
    assert "Brien" not in r.markdown("Dr O\u2019Brien agreed.")
    assert r.markdown("Ask Jane *Placeholder* about it.").count(MARK) == 1
