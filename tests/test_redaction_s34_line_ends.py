"""What `find` cuts and what `search` (the proof) finds agree across line ends (red team h123,
stop 34): `normalise` turned a line end into a space and `normalise_fast` kept it, so a
letter-spaced name with a one-letter word starting the next line was found by the proof but
not cut, and the build could not be made."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inquiry.folding import normalise, normalise_fast
from inquiry.redaction import Matcher

_NAMES = ["Jane Placeholder", "Marjorie Wrenfield", "Wrenfield"]


def test_a_letter_spaced_name_before_a_one_letter_word_is_cut() -> None:
    matcher = Matcher.of(_NAMES)
    for text in (
        "J A N E  P L A C E H O L D E R\nI saw her.",
        "W R E N F I E L D\nA statement",
        "M A R J O R I E  W R E N F I E L D\nZ",
    ):
        cut = matcher.plain(text)
        assert "[REDACTED]" in cut, text
        assert matcher.search(cut) == [], cut


def test_both_foldings_keep_a_line_end() -> None:
    for text in ("a\nb", "Place-\nholder and\nmore", "x -\ny"):
        assert normalise(text)[0].replace("\u2060", "") == normalise_fast(text).replace(
            "\u2060", ""
        ), text


_PIECES = st.sampled_from(
    ["J A N E", "P L A C E H O L D E R", "Jane", "Placeholder", "I", "A", "saw", "her", ".", "-"]
)
_GAPS = st.sampled_from([" ", "  ", "\n", " \n", "-\n", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, _GAPS), min_size=1, max_size=8))
def test_what_find_leaves_the_proof_does_not_find(parts: list[tuple[str, str]]) -> None:
    matcher = Matcher.of(_NAMES)
    text = "".join(p + g for p, g in parts)
    assert matcher.search(matcher.plain(text)) == [], repr(text)
