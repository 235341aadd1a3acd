"""Stop 41, red team h171 L4: a sign that folding reads as letters, glued to a name's start or
end (`Priya Hallam™`, `Priya Hallamᵃ`, `™Priya Hallam`), hid the name in every public output:
compatibility normalisation wrote `hallamtm`, `hallama`, with no boundary after the name.
Such a sign (`folding_chars.glued_symbols`: a symbol decomposing to letters, a letter written
raised, lowered, circled or squared) at a word's start or end is now also read as a boundary
(`name_readings.glued_readings`); the reading that finds one inside a name (`Hᵃllam`) stays.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from output_helpers import built_with_summary, output_texts

from inquiry.redaction import Matcher

NAME = "Priya Hallam"
SIGNS = "™℠℡ªºᵃᵇⁿ㏒ⓐⅡ🄰"


def _signs(last: int = 0x110000) -> list[str]:
    """Every sign `glued_symbols` should hold, read from Unicode here: one that decomposes to
    Latin, Greek, Cyrillic, Armenian or Hebrew letters, and is no letter or is one written
    raised, lowered, circled or squared."""
    out = []
    for cp in range(0xA0, last):
        ch = chr(cp)
        decomposed = unicodedata.normalize("NFKD", ch)
        letters = [c for c in decomposed if c.isalpha()]
        if decomposed == ch or not letters or max(map(ord, letters)) >= 0x600:
            continue
        form = unicodedata.decomposition(ch).split(" ")[0]
        if (
            form in ("<super>", "<sub>", "<circle>", "<square>")
            or unicodedata.category(ch)[0] != "L"
        ):
            out.append(ch)
    return out


_SOME_SIGNS = _signs(0x20000)


def _left(text: str) -> bool:
    """Whether `text`, the name cut, still holds the surname's letters."""
    return "hallam" in re.sub(r"[\W_]", "", Matcher.of([NAME]).plain(text).casefold())


@pytest.mark.parametrize("sign", SIGNS)
@pytest.mark.parametrize(
    "shape",
    [
        "Our manager, Priya Hallam{}, posted this.",
        "Letter to Priya Hallam{} \u2014 sent",
        "{}Priya Hallam said so",
        "Hallam{}, Priya",
        "Priya Hallam\u200b{}.",
        "Priya Hallam\u0301{}.",
    ],
)
def test_a_sign_glued_to_the_name_is_no_letter_of_it(shape: str, sign: str) -> None:
    text = shape.format(sign)
    matcher = Matcher.of([NAME])
    assert matcher.search(text), text
    assert not _left(text), matcher.plain(text)
    if not shape.startswith("Hallam"):  # after the name, not between its words
        assert sign in matcher.plain(text)  # the sign is not the name's: it stays


def test_a_raised_letter_inside_the_name_is_still_its_letter() -> None:
    matcher = Matcher.of([NAME])
    for text in ("Priya H\u1d43llam", "Priya Hallam\u1d43\u1d47 wrote", "\u1d43Priya Hallam\u2122"):
        assert matcher.search(text), text
        assert not _left(text), matcher.plain(text)
    assert matcher.plain("Dear Priya H\u1d43llam,") == "Dear [REDACTED],"


def test_signs_by_ordinary_words_cut_nothing() -> None:
    matcher = Matcher.of([NAME, "Tm", "Will Day"])
    said = "The Trust\u2122 will open\u1d43 every day at nine; Priya Hallam\u2122 chairs."
    assert matcher.plain(said) == (
        "The Trust\u2122 will open\u1d43 every day at nine; [REDACTED]\u2122 chairs."
    )


@settings(max_examples=200, deadline=None)
@given(
    sign=st.sampled_from(_SOME_SIGNS),
    lead=st.booleans(),
    count=st.integers(1, 2),
    after=st.sampled_from([",", ".", " said", "", " \u2014"]),
)
def test_every_glued_sign_at_either_end(sign: str, lead: bool, count: int, after: str) -> None:
    signs = sign * count
    text = f"To {signs}Priya Hallam{after}" if lead else f"To Priya Hallam{signs}{after}"
    assert not _left(text), (text, Matcher.of([NAME]).plain(text))


def test_the_signs_are_every_one_in_unicode() -> None:
    # `glued_symbols` reads `GLUED_RANGES` only (quickly); none stands outside them.
    from inquiry.folding_chars import glued_symbols

    assert glued_symbols() == frozenset(_signs())
    assert set(SIGNS) <= glued_symbols()


def test_a_public_build_hides_a_name_with_a_glued_sign_in_every_output(tmp_path: Path) -> None:
    said = "Our manager, Priya Hallam\u2122, posted this; see the letter to Priya Hallam\u1d43."
    out = built_with_summary(tmp_path / "repo", said, [NAME])
    for name, shown in output_texts(out).items():
        assert "hallam" not in re.sub(r"[\W_]", "", shown.casefold()), name
