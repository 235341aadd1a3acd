"""The matcher's stand-in for a form that must match nothing was NUL NUL, which the text of a
font's UTF-16 names read as Latin-1 holds: `Li Wu` was found as `\\x00\\x00` in the name table of
typst's own DejaVu Sans Mono (a run beginning `http://`), and an exhibit drawn in it was
refused (`exhibit-redaction`). It is now two lone high surrogates, which no reading gives."""

from __future__ import annotations

import pytest

from inquiry.name_patterns import NEVER
from inquiry.redaction import Entry, Matcher

FONT_TEXT = "http://dejavu.sourceforge.net\x00\x00F\x00o\x00n\x00t\x00s"


@pytest.mark.parametrize("entry", ["Li Wu", "Jo Li", "Ana Wu"])
def test_nul_nul_is_not_a_name(entry: str) -> None:
    matcher = Matcher.of([Entry(entry)])
    assert matcher.find(FONT_TEXT) == []
    assert not matcher.search("\x00\x00" + FONT_TEXT + "\x00\x00")


def test_the_name_itself_is_still_found_there() -> None:
    matcher = Matcher.of([Entry("Li Wu")])
    assert matcher.search("http://example.org/Li Wu\x00\x00")
    assert matcher.search("Signed: Li Wu, nurse.")


def test_never_is_text_no_reading_gives() -> None:
    for word in NEVER:
        assert all(0xD800 <= ord(c) <= 0xDBFF for c in word)
        with pytest.raises(UnicodeEncodeError):
            word.encode("utf-8")
