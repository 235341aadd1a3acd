"""A code of letters and digits is found however it is grouped (red team s32): `AB123456C` (a
National Insurance number), `BS14DJ` (a postcode) and `AB12CDE` (a car's registration) listed
left `AB 12 34 56 C`, `BS1 4DJ` and `AB12 CDE` in every output, since the entry was one word
and no gap could fall inside it. A gap may now fall where letters meet digits and between
digits; a short code (`A1`, `M6`) is still found only as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools
from test_redaction_s32_links import found, write_testimony

from inquiry.redaction import Matcher

ENTRIES = [
    {"text": "AB123456C", "code": "PI"},
    {"text": "BS14DJ", "code": "PI"},
    {"text": "AB12CDE", "code": "PI"},
]
TEXTS = [
    "Her National Insurance number is AB 12 34 56 C.",
    "She lives at BS1 4DJ, near the station.",
    "The car, AB12 CDE, was parked outside.",
    "Written again: ab-123-456-c and bs1-4dj.",
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("codes32") / "repo", paragraphs=TEXTS, redact=ENTRIES
    )
    return build_edition(root, tmp_path_factory.mktemp("codes32-out") / "out", build_cache)


@needs_tools
def test_a_code_however_grouped_is_in_no_output(edition: Edition, tmp_path: Path) -> None:
    leaks = found(edition, tmp_path, ["AB123456C", "BS14DJ", "AB12CDE"])
    assert leaks == {}, {k: v[:4] for k, v in leaks.items()}
    page = next((edition.out / "html/items").glob("*TM-032*.html")).read_text("utf-8")
    assert page.count("[PI]") >= 5, page


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("A1", "see table a 1 and a-1"),  # too short to be a code
        ("M6", "junction M 6"),
        ("BS14DJ", "BS14DJX and XBS14DJ and BS140DJ"),  # never inside a longer code
        ("AB12CDE", "AB123CDE"),
    ],
)
def test_a_short_code_or_a_longer_one_is_left(entry: str, text: str) -> None:
    assert Matcher.of([entry]).plain(text) == text


@pytest.mark.parametrize(
    "text",
    ["\u0410\u0412 12 34 56 C", "A\u0412123456\u0421"],  # Cyrillic А, В, С
)
def test_a_code_with_look_alike_letters_however_grouped(text: str) -> None:
    assert Matcher.of(["AB123456C"]).plain(text) == "[REDACTED]"
