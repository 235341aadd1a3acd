"""A redacted name an exhibit splits across a page break is removed (stop 30).

`Notes taken by Jane` at the foot of one page and `Placeholder on the following day` at the
head of the next (or `Jane Place-` / `holder`, or with a page number and a running head between)
is the name as a reader reads it. Each page was searched on its own, so the name stayed in the
public bundle and the build only warned that the string was found nowhere in the exhibit."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_pdf import build_pdf
from test_redaction_hyphen_s29 import helvetica_pages

from inquiry.exhibits.redact import StringRedaction, redact_pdf

FOOT = b"BT /F1 12 Tf 72 100 Td (%s) Tj ET"
HEAD = b"BT /F1 12 Tf 72 760 Td (%s) Tj ET"
PAGE_NUMBER = b" BT /F1 9 Tf 290 40 Td (3) Tj ET"
RUNNING_HEAD = b"BT /F1 9 Tf 72 800 Td (Annual report 2020) Tj ET "

SPLIT = {
    "words": [FOOT % b"Notes taken by Jane", HEAD % b"Placeholder on the following day."],
    "hyphen": [FOOT % b"Notes taken by Jane Place-", HEAD % b"holder on the following day."],
    "past a page number and a running head": [
        FOOT % b"Notes taken by Jane" + PAGE_NUMBER,
        RUNNING_HEAD + HEAD % b"Placeholder on the following day.",
    ],
}


def _texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


@pytest.mark.parametrize("pages", SPLIT.values(), ids=list(SPLIT))
def test_both_parts_are_removed(pages: list[bytes]) -> None:
    result = redact_pdf(
        helvetica_pages(pages), [StringRedaction("Jane Placeholder", "W")], [], ocr=False, dpi=72
    )
    assert result.rebuilt == [1, 2]
    assert [m.page for m in result.marks] == [1, 2]
    assert result.missing == []
    squashed = "".join(_texts(result.pdf)).lower()
    assert "jane" not in squashed and "holder" not in squashed


def test_a_word_of_the_name_at_a_page_break_alone_is_left() -> None:
    """Only the name read on over the break: `Jane` ending one page and a sentence ending
    `Placeholder` on the next are not it."""
    pages = [FOOT % b"Notes taken by Jane", HEAD % b"The weather was fine. Placeholder"]
    pdf = helvetica_pages(pages)
    result = redact_pdf(pdf, [StringRedaction("Jane Placeholder", "W")], [], ocr=False, dpi=72)
    assert result.rebuilt == [] and result.pdf == pdf
    assert result.missing == ["Jane Placeholder"]


def test_the_boxes_cover_the_parts_only() -> None:
    """The page number and the running head between the parts stay readable."""
    from inquiry.exhibits.page_breaks import across_pages
    from inquiry.redaction import Matcher

    pdf = helvetica_pages(SPLIT["past a page number and a running head"])
    found, read = across_pages(pdf, Matcher.of([("Jane Placeholder", "W")]), _texts(pdf))
    assert sorted(found) == [0, 1] and read
    (first,), (second,) = found[0][0][0], found[1][0][0]
    assert first[0] > 150 and 95 < first[1] < 105  # `Jane` after `Notes taken by`, not the 3
    assert second[0] < 80 and 755 < second[1] < 765  # `Placeholder`, not the running head


def test_a_split_name_is_gone_from_the_public_bundle(sample: Path, build_cache: Path) -> None:
    pages = SPLIT["past a page number and a running head"]
    (sample / "evidence/exhibits/report.pdf").write_bytes(helvetica_pages(pages))
    built = build_pdf(sample, sample.parent / "out", cache=build_cache)
    text = subprocess.run(
        ["pdftotext", str(built.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    redactions = json.loads((built.out / "redactions.json").read_text(encoding="utf-8"))
    assert sum((r["item"], r["exhibit"]) == ("SF-001", 1) for r in redactions) == 2, redactions
    squashed = "".join(text.split()).lower()
    assert "placeholder" not in squashed and "takenbyjane" not in squashed
    assert "annualreport2020" in squashed  # what was between the parts stays


SENTENCE = ["The", "notes", "were", "taken", "by", "Dr", "Jane", "Placeholder", "on", "the", "day"]


@settings(max_examples=25, deadline=None)
@given(
    cut=st.sampled_from([6, 7]),  # the page ends before `Jane` or before `Placeholder`
    hyphen=st.integers(min_value=0, max_value=10),  # 0: between words; else inside the next one
    foot=st.booleans(),
    head=st.booleans(),
)
def test_any_split_of_the_name_is_removed(cut: int, hyphen: int, foot: bool, head: bool) -> None:
    assume(cut == 7 or hyphen)  # the name split, not whole on the second page
    before, after = " ".join(SENTENCE[:cut]), " ".join(SENTENCE[cut:])
    if hyphen:
        word = SENTENCE[cut]
        k = 1 + hyphen % (len(word) - 1)
        before, after = f"{before} {word[:k]}-", after[k:]
    pages = [
        FOOT % before.encode() + (PAGE_NUMBER if foot else b""),
        (RUNNING_HEAD if head else b"") + HEAD % after.encode(),
    ]
    result = redact_pdf(
        helvetica_pages(pages), [StringRedaction("Jane Placeholder", "W")], [], ocr=False, dpi=72
    )
    assert result.rebuilt == [1, 2] and result.missing == [], (before, after)


def _column(x: int, top: int, lines: list[str]) -> bytes:
    return b" ".join(
        b"BT /F1 11 Tf %d %d Td (%s) Tj ET" % (x, top - 14 * k, s.encode())
        for k, s in enumerate(lines)
    )


LONG_HEAD = "IN THE MATTER OF THE PUBLIC INQUIRY - WITNESS STATEMENT OF THE COALITION"
FURTHER = {
    # Red team h94, each left in the public bundle with a not-found warning.
    "a blank page between": (
        [FOOT % b"Notes taken by Jane", b"", HEAD % b"Placeholder on the following day."],
        [1, 3],
    ),
    "a page 'intentionally left blank' between": (
        [
            FOOT % b"Notes taken by Jane",
            b"BT /F1 12 Tf 150 420 Td (This page is intentionally left blank) Tj ET",
            HEAD % b"Placeholder on the following day.",
        ],
        [1, 3],
    ),
    "a running head longer than 60 characters": (
        [
            FOOT % b"Notes taken by Jane",
            b"BT /F1 9 Tf 40 800 Td (%s) Tj ET " % LONG_HEAD.encode()
            + HEAD % b"Placeholder on the following day.",
        ],
        [1, 2],
    ),
    "a letterhead of four lines": (
        [
            FOOT % b"Dear Jane",
            _column(72, 800, ["The Coalition", "1 High Street", "Leeds", "LS1 1AA"])
            + HEAD % b"Placeholder, thank you for your letter.",
        ],
        [1, 2],
    ),
    # Red team h96: a footer line over 120 characters, and a footer of five lines.
    "a registration line of 140 characters at the foot": (
        [
            FOOT % b"Notes taken by Jane"
            + b" BT /F1 6 Tf 40 30 Td (%s) Tj ET" % (b"Registered in England No 1234567. " * 4),
            HEAD % b"Placeholder on the following day.",
        ],
        [1, 2],
    ),
    "a footer of five lines": (
        [
            FOOT % b"Notes taken by Jane"
            + b" "
            + _column(72, 80, ["The Coalition", "1 High St", "Leeds", "LS1 1AA", "Tel 0113"]),
            HEAD % b"Placeholder on the following day.",
        ],
        [1, 2],
    ),
    "a name over three pages": (
        [FOOT % b"Notes taken by Jane", HEAD % b"Place-", HEAD % b"holder on the day."],
        [1, 2, 3],
    ),
    "the right column drawn before the left": (
        [
            _column(310, 700, ["right column words"] * 10)
            + b"BT /F1 11 Tf 310 100 Td (taken by Jane) Tj ET "
            + _column(40, 700, ["Left column text runs long across here"] * 44),
            HEAD % b"Placeholder on the following day.",
        ],
        [1, 2],
    ),
}


@pytest.mark.parametrize("name", list(FURTHER))
def test_further_page_break_shapes(name: str) -> None:
    pages, rebuilt = FURTHER[name]
    result = redact_pdf(
        helvetica_pages(pages), [StringRedaction("Jane Placeholder", "W")], [], ocr=False, dpi=72
    )
    assert result.rebuilt == rebuilt and result.missing == [], (result.rebuilt, result.missing)
