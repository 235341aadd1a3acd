"""`text-no-glyph`: a text field holding characters typst's embedded fonts cannot draw is a
warning at the field, naming them; and the table behind it agrees with typst itself."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import write_tree

from inquiry.checks import glyphs
from inquiry.problems import Problem
from inquiry.validate import validate

SUBMISSION = """\
title: {title}
inquiry: An inquiry
submitted_by: A coalition
date: 2025-01-15
lines_of_inquiry:
  - {{id: LOI-1, title: Targets, question: How have targets shaped practice?}}
tabs:
  - {{tab: B, title: Testimonies, kinds: [testimony]}}
"""

TM = """\
id: TM-001
kind: testimony
title: {title}
date: 2024-05
lines_of_inquiry: [LOI-1]
summary: {summary}
source: {{title: Post, author: W-01, accessed: 2024-07-01}}
witness: {{reference: W-01, role: Therapist}}
consent:
  publication: public
  basis: Published by the author
paragraphs:
  - First.
  - |
    {second}
statement_of_truth: true
{extra}"""


def run(
    tmp_path: Path,
    *,
    title: str = "A testimony",
    summary: str = "A summary.",
    second: str = "Second.",
    extra: str = "",
    sub_title: str = "A submission",
) -> list[Problem]:
    item = TM.format(title=title, summary=summary, second=second, extra=extra)
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION.format(title=sub_title),
            "evidence/testimonies/TM-001.yaml": item,
        },
    )
    _, report = validate(tmp_path, today=dt.date(2025, 6, 1), probe_exhibits=False)
    assert not report.errors, report.errors
    return [p for p in report.problems if p.code == "text-no-glyph"]


def where(found: list[Problem]) -> list[tuple[str, int, int, str]]:
    return [(p.file, p.line, p.column, p.severity) for p in found]


ITEM = "evidence/testimonies/TM-001.yaml"


def test_chinese_is_a_warning_at_its_field_naming_the_characters(tmp_path: Path) -> None:
    found = run(tmp_path, summary="我们的诊所关闭了 (our clinic closed)")
    assert where(found) == [(ITEM, 6, 10, "warning")]
    message = found[0].message
    assert message.startswith("the PDF's fonts have no glyph for 我 U+6211, 们 U+4EEC, 的 U+7684")
    assert "and 5 more (CJK Unified Ideographs)" in message
    assert "boxes" in message and "search" in message and "DOCX and HTML" in message
    assert found[0].hint is not None and "exhibit" in found[0].hint
    assert "English translation" in found[0].hint


def test_one_warning_per_field_at_each_fields_own_line(tmp_path: Path) -> None:
    found = run(tmp_path, title="诊所 😀", second="Line one.\n    第二 line two 🙂")
    assert where(found) == [(ITEM, 3, 8, "warning"), (ITEM, 14, 5, "warning")]
    assert "(CJK Unified Ideographs, Emoticons)" in found[0].message
    assert "第 U+7B2C, 二 U+4E8C, 🙂 U+1F642" in found[1].message
    assert "U+000A" not in found[1].message, "a line break is not a missing character"


def test_an_escape_in_an_ascii_file_is_read_as_the_character(tmp_path: Path) -> None:
    found = run(tmp_path, summary='"A face \\U0001F600 and \\u6211"')
    assert where(found) == [(ITEM, 6, 10, "warning")]
    assert "😀 U+1F600, 我 U+6211 (Emoticons, CJK Unified Ideographs)" in found[0].message


def test_an_escape_in_a_file_with_other_letters_is_read_too(tmp_path: Path) -> None:
    """A file that holds letters the fonts draw (`—`, `é`) and an escape for one they do not
    (red team h92: the escape was looked for only in a file all ASCII)."""
    found = run(tmp_path, title="Café — a testimony", summary='"A face \\U0001F600 here"')
    assert where(found) == [(ITEM, 6, 10, "warning")]
    assert "😀 U+1F600" in found[0].message


def test_scripts_the_fonts_draw_are_fine(tmp_path: Path) -> None:
    found = run(
        tmp_path,
        title="Café — “naïve” Ωμέγα Жизнь",
        summary="Ελληνικά, русский, Հայերեն, ქართული, עברית, مرحبا بالعالم, Łódź, Ærø, ½ € ±",
        second="Œuvre\u00a0– fi ﬁ æ ß ẞ ğ ș ț ā ǖ and a zero\u200bwidth space",
    )
    assert found == []


def test_devanagari_is_drawn_but_not_shaped(tmp_path: Path) -> None:
    found = run(tmp_path, summary="क्षत्रिय")
    assert where(found) == [(ITEM, 6, 10, "warning")]
    assert "letter by letter, without the joined forms" in found[0].message
    assert "(Devanagari)" in found[0].message and "boxes" not in found[0].message


def test_an_invisible_character_is_named_by_its_code_point(tmp_path: Path) -> None:
    found = run(tmp_path, summary='"Mark on a: a\\u0F71"')  # Tibetan vowel sign AA, no glyph
    assert len(found) == 1
    assert "for U+0F71 (Tibetan)" in found[0].message and "\u0f71" not in found[0].message


def test_submission_yaml_text_is_checked(tmp_path: Path) -> None:
    found = run(tmp_path, sub_title="调查 submission")
    assert where(found) == [("evidence/submission.yaml", 1, 8, "warning")]


def test_redact_strings_are_not_text_of_their_own(tmp_path: Path) -> None:
    found = run(tmp_path, summary="张伟 said so.", extra="redact: [张伟]\n")
    assert where(found) == [(ITEM, 6, 10, "warning")]


def test_ascii_text_without_escapes_is_fine() -> None:
    assert glyphs.problem_text("Plain words, 100% ASCII.") is None


# The table agrees with typst: the sample is typeset again, as the script does for every
# character, and each character's glyph read back.

SAMPLE = "AzÀéñçŠžŁőĳ ΑΩαωάΐ АЯажёћ 我们的诊所 مرحبا 😀🙂 ₹€ fiﬂ"


def coverage_script() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "scripts" / "glyph_coverage.py"
    spec = importlib.util.spec_from_file_location("glyph_coverage", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def typst_says() -> tuple[set[str], set[str]]:
    script = coverage_script()
    covered, boxed = script.classify(sorted(set(SAMPLE) - {" "}))
    return set(covered), set(boxed)


def test_the_table_agrees_with_typst(typst_says: tuple[set[str], set[str]]) -> None:
    covered, boxed = typst_says
    table = glyphs.coverage().covered
    assert {c for c in covered if c not in table} == set()
    assert {c for c in boxed if c in table} == set()
    assert covered | boxed == set(SAMPLE) - {" "}


def test_typst_draws_latin_greek_cyrillic_arabic_but_boxes_cjk_and_emoji(
    typst_says: tuple[set[str], set[str]],
) -> None:
    covered, boxed = typst_says
    assert set("AzÀéñçŠžŁőĳΑΩαωάΐАЯажёћمرحبا₹€fiﬂ") <= covered
    assert boxed == set("我们的诊所😀🙂")


def test_the_text_layer_alone_would_not_tell(tmp_path: Path) -> None:
    """What the reviewer saw, and why the script reads glyphs rather than text: typst gives
    glyph 0 to the first box only in its text layer and marks every later box with an
    /ActualText span, so the first is lost to a search and the rest are still found."""
    import pypdfium2 as pdfium
    import typst

    main = tmp_path / "main.typ"
    main.write_text('#set text(font: "Libertinus Serif")\n我们的诊所', encoding="utf-8")
    pdf = pdfium.PdfDocument(typst.compile(main, font_paths=[], ignore_system_fonts=True))
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "我" not in text and "们的诊所" in text
