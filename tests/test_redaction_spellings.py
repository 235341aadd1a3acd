"""Spellings of a redacted string the matcher must see through (red-team pass 5), and the
innocent text it must leave alone."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from inquiry.folding import normalise, normalise_fast
from inquiry.redaction import Matcher

MATCHER = Matcher.of(
    ["Jane Placeholder", "Siobhán O'Brien", ("Ward 7", "GRO-B"), ("07700 900123", "PI")]
)


def every_dash() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Pd"]


@pytest.mark.parametrize("dash", every_dash())
def test_every_dash_joins_a_name_as_a_hyphen_does(dash: str) -> None:
    text = f"seen by Jane{dash}Placeholder today"
    assert MATCHER.plain(text) == "seen by [REDACTED] today", hex(ord(dash))
    assert MATCHER.search(text)
    assert normalise_fast(dash) == normalise(dash)[0] == "-"


@pytest.mark.parametrize("slash", ["/", "\u2215", "\u2044", "\u29f8", "\u2571", "\uff0f"])
def test_slashes_drawn_as_slashes(slash: str) -> None:
    assert MATCHER.plain(f"Jane{slash}Placeholder") == "[REDACTED]"
    assert MATCHER.search(f"Jane{slash}Placeholder")


@pytest.mark.parametrize(
    "mark", ["'", "\u2019", "\u02bb", "\u02b9", "\u02bd", "\ua78c", "\ua78b", "\u055a", "\u02bc"]
)
def test_apostrophes_drawn_as_apostrophes(mark: str) -> None:
    text = f"ask Siobhan O{mark}Brien"
    assert MATCHER.plain(text) == "ask [REDACTED]", hex(ord(mark))
    assert MATCHER.search(text)


@pytest.mark.parametrize(
    "text",
    ["Jane Q. Placeholder", "Jane Q Placeholder", "jane q.placeholder", "Placeholder, Jane"],
)
def test_a_middle_initial_does_not_hide_a_name(text: str) -> None:
    assert MATCHER.plain(text) == "[REDACTED]"


@pytest.mark.parametrize(
    "text",
    [
        "07700 900123",
        "07700 900 123",
        "07700900123",
        "0770 0900 123",
        "(07700) 900123",
        "07700-900-123",
        "+44 7700 900123",
        "+447700900123",
        "07700+900+123",  # a form or a search address joins its groups with `+`
        "07700/900/123",
        "07700_900_123",
        "07700·900·123",
        "07700,900,123",
    ],
)
def test_a_telephone_number_however_grouped(text: str) -> None:
    assert MATCHER.search(f"call {text} now"), text
    assert "900" not in MATCHER.plain(f"call {text} now")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Ward 70 reopened", "Ward 70 reopened"),
        ("Ward 77", "Ward 77"),
        ("Ward 7.5", "Ward 7.5"),
        ("Ward 7,000", "Ward 7,000"),
        ("on Ward 7.", "on [GRO-B]."),
        ("Ward 7, then", "[GRO-B], then"),
        ("17700 900123", "17700 900123"),
        ("077009001234", "077009001234"),
    ],
)
def test_a_number_is_not_found_inside_a_longer_number(text: str, kept: str) -> None:
    assert MATCHER.plain(text) == kept
    assert bool(MATCHER.search(text)) == ("[" in kept)


@pytest.mark.parametrize(
    "text",
    [
        "J A N E  P L A C E H O L D E R",
        "J A N E P L A C E H O L D E R",
        "signed: J a n e P l a c e h o l d e r.",
        "S I G N E D  B Y  J A N E  P L A C E H O L D E R",
    ],
)
def test_a_letter_spaced_name(text: str) -> None:
    assert MATCHER.search(text)
    out = MATCHER.plain(text)
    assert "[REDACTED]" in out and "P L A" not in out and "l a c" not in out


def test_spaced_letters_that_spell_no_name_are_kept() -> None:
    for text in ["a b c d", "A B C", "1 2 3 4", "Options: a, b or c", "J A N E"]:
        assert MATCHER.plain(text) == text
        assert not MATCHER.search(text)


def test_found_in_the_same_places_by_find_and_search() -> None:
    """`search` (the proof) and `find` (the removal) agree on each new spelling."""
    texts = ["Jane\u2215Placeholder", "O\u02bbBrien Siobhan", "J A N E P L A C E H O L D E R"]
    for text in texts:
        assert len(MATCHER.find(text)) == len(MATCHER.search(text)), text


def test_a_short_name_of_hex_letters_is_not_found_in_digests_or_colours() -> None:
    """`Ada`, `Ed`, `Bea`: a SHA-256 or a colour holds them by chance, between digits."""
    m = Matcher.of(["Ada", "Ed", "Bea"])
    digest = "3ed9f1c2a0b4d5e6f7a8b9c0d1e2f3a4" + "9ada0" + "1bea2" * 5
    for text in [digest, "color: #ed7d31;", 'w:val="0F9ED5"', "#3ada12"]:
        assert not m.search(text), text
        assert m.plain(text) == text
    for text in ["Ed2024 wrote", "Ada1 said", "#Ada", "@bea", "ask Bea", "Ed's"]:
        assert m.search(text), text


def test_a_short_name_is_not_looked_for_inside_handles() -> None:
    """Inside an @handle or an address's name part a name may touch other letters: two letters
    would be found everywhere (`@media`), so there only names of three letters or more are."""
    m = Matcher.of(["Ed", "Ann"])
    assert not m.search("@media print") and not m.search("edsmith@example.org")
    assert m.search("@ed") and m.search("annsmith@example.org") and m.search("Ed said")


def test_a_long_hexadecimal_text_is_read_once() -> None:
    """Each match in a run of hex digits used to walk the whole run: 25,000 `ada`s in 100 KB
    took minutes. The runs are found once per text now (a correctness test on a size that
    only a linear reading gets through)."""
    m = Matcher.of(["Ada", "Ed"])
    text = "ada0" * 50_000
    assert not m.search(text) and not m.find(text)
    assert m.search(text + " Ada said")


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("Will Young", "Will a young person be seen?"),
        ("Mark Price", "we will mark a price"),
        ("Hope Mark", "no hope a mark"),
        ("Ann", "P L A N N I N G"),
        ("Mary", "S U M M A R Y"),
        ("Clara", "D E C L A R A T I O N"),
        ("Tate", "W I T N E S S  S T A T E M E N T"),
        ("Ness", "W I T N E S S  S T A T E M E N T"),
        ("1234", "£12.34 and 12 x 34 and 12/34"),
        ("123456", "12.3456"),
    ],
)
def test_ordinary_words_and_numbers_are_left_alone(entry: str, text: str) -> None:
    """Red-team pass 6: the middle-initial rule took `a` for an initial, letter-spaced runs
    were searched inside words, a short number was found however split."""
    m = Matcher.of([entry])
    assert m.plain(text) == text
    assert not m.search(text)


def test_two_initials_and_a_spaced_name_among_spaced_words() -> None:
    assert MATCHER.plain("Jane Q. R. Placeholder") == "[REDACTED]"
    text = "S I G N E D  B Y  J A N E  P L A C E H O L D E R"
    assert MATCHER.plain(text) == "S I G N E D  B Y  [REDACTED]"


def test_the_domain_of_an_address_whose_name_was_removed_is_read_as_before() -> None:
    """`jane@janesmith.co.uk` with `Jane` listed: the removal leaves `[PI]@janesmith…`, which
    the proof must not take for an @handle (a build could never pass)."""
    m = Matcher.of([("Jane", "PI")])
    out = m.plain("contact jane@janesmith.co.uk")
    assert out == "contact [PI]@janesmith.co.uk"
    assert not m.search(out)
