"""Stop 35, red team h124: names written with Latin letters that carry a stroke, hook, bar or
tilde Unicode does not decompose (`Wrenfieɫd`), with raised, lowered or mathematical digits
for letters (`Wr𝟑nfield`), and a one-word name before a negation's `'t` (`don't` is not Don)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from inquiry.drawn_chars import DIGIT_FORMS
from inquiry.folding import normalise, normalise_fast
from inquiry.look_alikes import LOOK_ALIKES
from inquiry.redaction import Matcher

NAMES = ["Marjorie Wrenfield", "Wrenfield", "Quillon"]


@pytest.mark.parametrize(
    "text",
    [
        "Wrenfieɫd",
        "Quiƚƚon",
        "Wrenƒield",
        "Wrɇnfield",
        "Quiŀlon",
        "Marjoɍie Wrenfield",
        "WRENFIEȽD",
        "Wrenfieꝉd",
        # Digits drawn like letters, in every form that decomposes to them.
        "Wr𝟑nfield",
        "M𝟒rjorie Wrenfield",
        "Wr³nfield",
        "Wr₃nfield",
        "Wrenf𝟏eld",
        "Wr３nfield",
        "Wr3\u0301nfield",
        "JusticeForWr𝟑nfield",
    ],
)
def test_a_name_with_a_marked_letter_or_digit_is_cut(text: str) -> None:
    matcher = Matcher.of(NAMES)
    out = matcher.plain(f"said {text} today")
    assert out.startswith("said ") and out.endswith("[REDACTED] today"), text
    assert not re.search("[Nn]f|[IiLlꝉȽɫƚŀ]on|[Mm].?rj", out), out
    assert matcher.search(f"said {text} today"), text


def test_every_latin_letter_with_something_drawn_on_it_reads_as_the_letter() -> None:
    marked = re.compile("LATIN (?:SMALL|CAPITAL) LETTER ([A-Z]) WITH (?!SMALL LETTER)")
    blocks = [(0x80, 0x2AF), (0x1D00, 0x1DBF), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xABFF)]
    checked = 0
    for first, last in blocks:
        for cp in range(first, last + 1):
            ch = chr(cp)
            named = marked.match(unicodedata.name(ch, ""))
            if named is None or ch in LOOK_ALIKES:
                continue  # read as what it looks like, in the look-alike reading
            folded, _ = normalise(ch)
            assert folded[:1] == named.group(1).lower(), (ch, unicodedata.name(ch), folded)
            assert normalise_fast(ch) == folded, ch
            checked += 1
    assert checked > 500


def test_letters_unicode_names_as_two_stay_two() -> None:
    assert normalise("ǅemal ǈubo")[0] == "dzemal ljubo"


def test_the_digits_read_are_every_form_that_decomposes_to_them() -> None:
    for digit, forms in DIGIT_FORMS.items():
        expected = {digit} | {
            chr(cp)
            for cp in range(0x80, 0x20000)
            if unicodedata.normalize("NFKD", chr(cp)) == digit
            and "CIRCLED" not in unicodedata.name(chr(cp), "")
        }
        assert set(forms) == expected, digit


def test_raised_and_lowered_digits_in_formulas_and_units_are_left() -> None:
    text = "x² + y³ = z⁴, H₂O, CO₂, 10⁵ Pa, m³ and 𝟑 items, Wr𝟑𝟑𝟑nfield"
    matcher = Matcher.of(NAMES)
    assert matcher.plain(text) == text


def test_a_one_word_name_before_a_negation_is_left() -> None:
    matcher = Matcher.of(["Don", "Can", "Won", "Jane Don"])
    text = "I don’t know; we can't; it WON'T; Don't"
    assert matcher.plain(text) == text
    assert matcher.search(text) == []
    for cut in ("Don's car", "Don'll come", "Don, said", "Jane Don't", "Don'tell"):
        assert matcher.plain(cut).startswith("[REDACTED]"), cut
