"""Stop 41, red team h171 L3: a name with one word spelled out letter by letter (`Priya
H-A-L-L-A-M`, `Hallam, P R I Y A`) was in every public output. A letter-spaced run was read
with its letters together but searched alone, never with the words beside it; and a run of two
spelled words with different gaps (`P R I Y A H-A-L-L-A-M`) was read as other words. Now each
run is also read in place as the words it spells (`name_spaced.spelled_readings`), each
stretch of one gap one word, so it makes a name with the words around it, and the whole name,
its spelled part too, is cut.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from output_helpers import built_with_summary, output_texts

from inquiry.redaction import Matcher

NAME = "Priya Hallam"


def _left(text: str) -> str:
    """What `text` still shows of the name once cut: its words' letters, however spaced."""
    shown = re.sub(r"[\W_]", "", Matcher.of([NAME]).plain(text).casefold())
    return ",".join(w for w in ("priya", "hallam") if w in shown)


@pytest.mark.parametrize(
    "text",
    [
        "Priya H-A-L-L-A-M",
        "Priya H A L L A M",
        "Priya H.A.L.L.A.M.",
        "P-R-I-Y-A Hallam",
        "Ms Priya H A L L A M",
        "Hallam, P R I Y A",
        "HALLAM, Ms P R I Y A",
        "Priya (H-A-L-L-A-M)",
        "P R I Y A H-A-L-L-A-M",
        "P-R-I-Y-A H A L L A M",
        "P.R.I.Y.A. H-A-L-L-A-M",
        "Priya H. A. L. L. A. M.",
        "Priya\nH-A-L-L-A-M",
        "P\u2013R\u2013I\u2013Y\u2013A HALLAM",
        "Priya H A L L A M I said",
        "I said Priya H A L L A M a witness",
    ],
)
def test_a_word_spelled_out_beside_the_others_is_the_name(text: str) -> None:
    matcher = Matcher.of([NAME])
    assert matcher.search(text), text
    assert _left(text) == "", matcher.plain(text)


def test_the_mark_stands_for_the_whole_name_spelled_part_too() -> None:
    matcher = Matcher.of([NAME])
    said = "The witness, Priya H-A-L-L-A-M, gave evidence; so did P R I Y A H-A-L-L-A-M."
    assert matcher.plain(said) == "The witness, [REDACTED], gave evidence; so did [REDACTED]."
    [hit] = matcher.find("Dear Hallam, P R I Y A: thank you.")
    assert "Dear Hallam, P R I Y A: thank you."[hit.start : hit.end] == "Hallam, P R I Y A"


def test_a_spelled_name_is_found_in_a_long_text() -> None:
    # The run is read with the words around it wherever it stands, not only near the start.
    before = "The witness told the panel about the ward and the rota. " * 6
    for name in ("Priya H-A-L-L-A-M", "Hallam, P R I Y A", "P R I Y A H-A-L-L-A-M"):
        text = f"{before}{name} said so. {before}"
        assert Matcher.of([NAME]).plain(text) == f"{before}[REDACTED] said so. {before}"


def test_spelled_acronyms_beside_ordinary_words_are_kept() -> None:
    # No entry spells them: only the name is cut, not `N H S`, `I-A-P-T` or `U.K.`.
    matcher = Matcher.of([NAME, "Will Day", "Sam Price"])
    said = (
        "The N H S and I-A-P-T teams in the U.K. will meet every day; Priya H A L L A M "
        "chairs, the price is A B C."
    )
    assert matcher.plain(said) == (
        "The N H S and I-A-P-T teams in the U.K. will meet every day; [REDACTED] "
        "chairs, the price is A B C."
    )


_GAPS = st.sampled_from([" ", "-", ".", ". ", "\u2013", " - ", "\u00b7", "/", " / "])
_WORDS = st.sampled_from(["The", "witness", "said", "on", "Monday", "that", "we", "met"])


@settings(max_examples=400, deadline=None)
@given(
    before=st.lists(_WORDS, max_size=3),
    after=st.lists(_WORDS, max_size=3),
    spelled=st.sampled_from([(True, False), (False, True), (True, True)]),
    gaps=st.tuples(_GAPS, _GAPS),
    upper=st.booleans(),
    surname_first=st.booleans(),
)
def test_any_word_spelled_with_any_gap_is_found(
    before: list[str],
    after: list[str],
    spelled: tuple[bool, bool],
    gaps: tuple[str, str],
    upper: bool,
    surname_first: bool,
) -> None:
    words = ["Priya", "Hallam"]
    if spelled == (True, True) and gaps[0] == gaps[1]:
        gaps = (gaps[0], "-" if gaps[0] != "-" else ".")  # one gap all through: read together
    written = [
        gap.join(word.upper() if upper else word) if spell else word
        for word, spell, gap in zip(words, spelled, gaps, strict=True)
    ]
    name = f"{written[1]}, {written[0]}" if surname_first else " ".join(written)
    text = " ".join([*before, name, *after]) + "."
    assert _left(text) == "", (text, Matcher.of([NAME]).plain(text))


def test_a_public_build_hides_a_spelled_surname_in_every_output(tmp_path: Path) -> None:
    said = (
        "The N H S manager Priya H-A-L-L-A-M signed; the I-A-P-T lead wrote to Hallam, "
        "P R I Y A, and to P R I Y A H-A-L-L-A-M in the U.K."
    )
    out = built_with_summary(tmp_path / "repo", said, [NAME])
    for name, shown in output_texts(out).items():
        letters = re.sub(r"[\W_]", "", shown.casefold())
        assert "hallam" not in letters and "priya" not in letters, name
        assert "I-A-P-T" in shown and "N H S" in shown, name
