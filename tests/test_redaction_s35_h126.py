"""Stop 35, red team h126, on the stop's own redaction changes: look-alikes read through every
character folding takes for nothing (bidirectional isolates, variation selectors, tags, marks of
any script), inside paths with only backslashes or ideographic full stops, letter-spaced with
two look-alikes in a row or thin spaces; a negation is only `n't`; marked small capitals and
Latin Extended-G; and the words holding a look-alike found in one pass (a chain of words broken
across lines was searched from each of its words: quadratic)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inquiry import drawn_chars
from inquiry.redaction import Matcher

NAMES = ["Marjorie Wrenfield", "Wrenfield", "Booth", "Moore", "Justin"]


def _cut(text: str) -> bool:
    matcher = Matcher.of(NAMES)
    return "[REDACTED]" in matcher.plain(text) and bool(matcher.search(text))


def test_a_look_alike_is_read_through_whatever_folding_takes_for_nothing() -> None:
    for between in ["\u2066", "\u202a", "\u061c", "\ufe0f", "\U000e0041", "\ufff9", "\u180e"]:
        assert _cut(f"said Wrenf{between}1eld"), repr(between)
    for mark in ["\u0483", "\u064b", "\u05b4", "\u0e31", "\u302a", "\U000e0100"]:
        assert _cut(f"said Wr3{mark}nfield"), repr(mark)


def test_a_drawn_name_in_a_path_of_backslashes_or_an_ideographic_host() -> None:
    assert _cut("C:\\Users\\JWrenf1eld\\Docs")
    assert _cut("jwrenf1eld\u3002com")


def test_letter_spaced_with_look_alikes_in_a_row_or_thin_spaces() -> None:
    assert _cut("LOI-4 B 0 0 T H")
    assert _cut("ab 1 cd M 0 0 R E")
    assert _cut("M\u2009\u2070\u2009O\u2009R\u20093")
    assert _cut("W\u2009R\u2009E\u2009N\u2009F\u20091\u2009E\u2009L\u2009D")


def test_only_a_negation_is_left_after_a_name() -> None:
    assert _cut("Wrenfield't")
    assert _cut("Wrenfields't")
    assert not _cut("Boothn't")  # a name ending in n is all `n't` spares


def test_marked_small_capitals_and_latin_extended_g() -> None:
    for text in ["Wrenfie\U0001df11d", "Wrenfie\u1d0cd", "J\u1d7estin", "WRENF\u1d7bELD"]:
        assert _cut(text), text


def test_a_chain_of_words_broken_across_lines_is_read_once() -> None:
    text = "x1y " + "a-\n" * 20_000 + "a. Wrenf1-\neld"  # 60 KB; at ce4bfbe, about 35 s
    assert _cut(text)


_PIECES = st.sampled_from(
    [*"ab1l0I|!-\n \t\r", "\u200b", "\u0301", "\u2009", "x1", "-\n", "- \n ", "Wrenf", "eld"]
)


@settings(max_examples=400)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_words_read_are_those_a_search_of_every_word_finds(text: str) -> None:
    beside, word, _ = drawn_chars.words()
    expected = [
        (m.start(), m.end()) for m in word.finditer(text) if beside.search(text, m.start(), m.end())
    ]
    found = [(m.start(), m.end()) for m in drawn_chars.look_words(text, beside, word)]
    assert found == expected
