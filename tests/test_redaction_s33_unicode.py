"""Characters a reader does not see inside a name (stop 33, red team h112): interlinear
annotation marks (U+FFF9–FFFB, drawn as nothing by browsers, dropped by Word) and enclosing or
nonspacing marks of combining class 0 (U+20DD, U+0489, U+1ABE: `Wrenfield` stays readable)
left the name in every output with the build's proof passing."""

from __future__ import annotations

import unicodedata

import pytest

from inquiry.folding import is_mark, normalise, normalise_fast
from inquiry.folding_chars import INVISIBLE
from inquiry.redaction import Matcher

HIDDEN = ["\ufff9", "\ufffa", "\ufffb", "\u20dd", "\u0489", "\u1abe", "\u0e31", "\u0f71"]


def test_every_format_character_is_invisible_to_matching() -> None:
    missing = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) == "Cf" and chr(cp) not in INVISIBLE
    ]
    assert missing == []


def test_every_nonspacing_or_enclosing_mark_is_a_mark() -> None:
    missing = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) in ("Mn", "Me") and not is_mark(chr(cp))
    ]
    assert missing == []


@pytest.mark.parametrize("hidden", HIDDEN, ids=[f"U+{ord(h):04X}" for h in HIDDEN])
def test_a_name_with_a_hidden_character_inside_is_found_and_cut_whole(hidden: str) -> None:
    matcher = Matcher.of(["Wrenfield"])
    text = f"Named Wren{hidden}field here."
    assert matcher.plain(text) == "Named [REDACTED] here."
    # The proof reads outputs with the fast reading: it must find it too.
    assert "wrenfield" in normalise_fast(text)
    assert "wrenfield" in normalise(text)[0]


def test_ordinary_text_is_unchanged() -> None:
    matcher = Matcher.of(["Wrenfield"])
    for text in ("A wren in the field.", "Wren field day", "Ｗｒｅｎ ｆｉｅｌｄ"):
        assert matcher.plain(text) == text
