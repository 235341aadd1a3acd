"""Letters typed for the one they are drawn like inside a name (stop 33, red team h112): in
a sans-serif font `WrenfieId` (a capital I) is `Wrenfield` to a reader, and `Wrenfie1d` nearly
so; both were left in every output."""

from __future__ import annotations

from inquiry.name_patterns import drawn_reading
from inquiry.redaction import Matcher


def test_a_name_with_a_letter_drawn_alike_is_cut() -> None:
    matcher = Matcher.of(["Wrenfield", "Jo Rowe"])
    text = "WrenfieId, Wrenfie1d and Wrenfie|d met Jo R0we."
    assert matcher.plain(text) == "[REDACTED], [REDACTED] and [REDACTED] met [REDACTED]."
    assert {s for s, _ in matcher.search(text)} == {"Wrenfield", "Jo Rowe"}


def test_the_reading_keeps_every_other_character_and_the_length() -> None:
    text = "McIntyre, iPhone, Row 10, A1 B2, COVID-19, version2, R0we, WrenfieId"
    reading = drawn_reading(text)
    assert reading is not None and len(reading) == len(text)
    assert reading == "Mclntyre, iPhone, Row 10, A1 B2, COVID-19, version2, Rowe, Wrenfield"
    assert drawn_reading("No such letters here, 2024 and A4.") is None


def test_ordinary_text_with_digits_is_left() -> None:
    matcher = Matcher.of(["Wrenfield", "Jo Rowe"])
    for text in ("Model 1a, file0x, A1B2C3, version2, Row 10", "McIntyre and iPhone"):
        assert matcher.plain(text) == text


def test_a_word_ending_in_hexadecimal_letters_is_still_a_word() -> None:
    """h117: `e1d2024` is a hexadecimal run, but inside `Wrenfie1d2024` it is no digest."""
    matcher = Matcher.of(["Wrenfield"])
    assert matcher.plain("the Wrenfie1d2024 campaign") == "the [REDACTED]2024 campaign"
    assert matcher.plain("sha 3ed9f1c2a0b4d5e6 and #ed7d31") == "sha 3ed9f1c2a0b4d5e6 and #ed7d31"
