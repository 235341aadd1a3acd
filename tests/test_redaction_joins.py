"""Red-team stop 25: characters between or inside a name's words that a reader does not take
for a break, and the matcher did (a hair space inside a word, a bullet between two words,
letters spaced with dots or dashes). Each spelling must be cut by `find` (what the views use)
and seen by `search` (what the output proof uses)."""

from __future__ import annotations

import pytest

from inquiry.redaction import Matcher

MATCHER = Matcher.of(["Quorvath", ("Zoë Blanchflower", "PI")])
BETWEEN = ["•", "⋅", "∙", "‧", "⦁", "・", "|", "~", "\\", "[", "]", "*", "{"]


@pytest.mark.parametrize("space", ["\u200a", "\u2006", "\u2008", "\u2009", "\u202f"])
def test_a_narrow_space_inside_a_word_does_not_hide_it(space: str) -> None:
    text = f"Ms Quor{space}vath said"
    assert MATCHER.plain(text) == "Ms [REDACTED] said", hex(ord(space))
    assert [s for s, _ in MATCHER.search(text)] == ["Quorvath"]


@pytest.mark.parametrize("space", ["\u2009", "\u202f"])
def test_a_narrow_space_between_words_still_joins_them(space: str) -> None:
    text = f"by Zoë{space}Blanchflower and a thin{space}space elsewhere, Quorvath"
    assert MATCHER.plain(text) == f"by [PI] and a thin{space}space elsewhere, [REDACTED]"
    found = MATCHER.search(text)
    assert sorted(s for s, _ in found) == ["Quorvath", "Zoë Blanchflower"], found


@pytest.mark.parametrize("mark", BETWEEN)
def test_any_mark_between_the_words_joins_them(mark: str) -> None:
    for text in (f"Zoë{mark}Blanchflower", f"Zoë {mark} Blanchflower"):
        assert MATCHER.plain(f"by {text}.") == "by [PI].", (mark, text)
        assert MATCHER.search(text), (mark, text)


@pytest.mark.parametrize(
    "text",
    ["Q-U-O-R-V-A-T-H", "Q.U.O.R.V.A.T.H.", "q·u·o·r·v·a·t·h", "Z.O.Ë. B.L.A.N.C.H.F.L.O.W.E.R."],
)
def test_letters_spaced_with_marks(text: str) -> None:
    assert "[" in MATCHER.plain(text) and not any(c in MATCHER.plain(text) for c in "QqZ")
    assert MATCHER.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Zoë, Blanchflower's colleague",  # a comma is a break between two people
        "U.S.A. and e.g. and i.e.",
        "Quor vath",  # two words: a space a reader sees
        "Zoë 2 Blanchflower",
        "Zoë: Blanchflower",  # Zoë speaking to Blanchflower (a transcript)
        "Zoë; Blanchflower",
        "Zoë? Blanchflower",
        "Zoë & Blanchflower",  # two people (`Rose & Hill Street` is a street)
        "Zoë = Blanchflower",
        "Zoë > Blanchflower",
        "Zoë #Blanchflower",
        'Zoë "Blanchflower"',
        "Zoë\x00Blanchflower",  # a separator between two texts the matcher must not read across
    ],
)
def test_what_is_left_alone(text: str) -> None:
    assert MATCHER.plain(text) == text
    assert not MATCHER.search(text)


def test_a_name_is_not_read_across_two_pages_of_an_exhibit() -> None:
    """Pages are joined with a NUL for the search of what an exhibit's redaction found: no name
    runs on from one page to the next in that join (red-team stop 25: a NUL had become a gap
    between a name's words). A name a page break splits is found by reading across the break
    itself (`inquiry.exhibits.page_breaks.across_pages`), which adds what it read to the texts."""
    from types import SimpleNamespace

    from inquiry.exhibits.redact import _missing

    texts = ["Notes taken by Jane", "Smith on the following day."]
    wanted = [SimpleNamespace(text="Jane Smith", code=None)]
    assert _missing(wanted, texts) == ["Jane Smith"]  # type: ignore[arg-type]
