"""Stop 36: the drawn reading's test for a look-alike letter-spaced among letters finds the
letters standing alone once, not in every window, and the camel-case reading's expressions start
with the capital they cut. These tests hold the fast paths to what they replace."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from inquiry import name_readings as readings

_PIECES = st.sampled_from(
    [
        *"aAbIlLpxW 1|!0345.-/_*:\n\t",
        "\u00a0",
        "\u2009",
        "\u00e9",
        "²",
        "line ",
        "Exhibit",
        "F 1 E",
        "J A N 3",
        "W/R/E/N/F/1/E/L/D",
        "| A N E",
        "B 0 0 T H",
        "page 1 of",
        "JUSTICEFOR",
        "WRENF1ELD",
        "JaneSmith",
        "ŠimkováX",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


def _old_spaced_look(text: str) -> bool:
    """Stop 35's `_spaced_look`: every window searched for a letter standing alone."""
    reach = readings._SPACED_REACH
    for m in readings._LOOK_ALONE.finditer(text):
        low, high = max(0, m.start() - reach), m.end() + reach
        if readings._ONE_LETTER.search(text, low, high) and readings._SPACED_LOOK.search(
            text, low, high
        ):
            return True
    return False


@settings(max_examples=1500)
@given(_TEXTS)
def test_spaced_look_is_what_searching_every_window_finds(text: str) -> None:
    assert readings._spaced_look(text) == _old_spaced_look(text)


def test_spaced_look_counts_a_letter_the_window_cuts_off_its_word() -> None:
    # The window after `5` ends inside `Eq`: its `E` is alone in the window, as the search of
    # the window (with an end position) took it, and `1 0 E` is read there.
    text = "5" + "-" * 11 + "1 0 Eq"
    assert readings._spaced_look(text) and _old_spaced_look(text)
    assert readings._spaced_look("F 1 E") and not readings._spaced_look("page 1 of 4")


_OLD_CAMEL = re.compile(f"(?<=[{readings._case_class(False)}])[{readings._case_class(True)}]")
_OLD_CAPS = re.compile(r"(?<![^\W\d_])[A-Z](?:[A-Z]|[01345|](?=[A-Z])){11,119}(?![^\W\d_])")


@settings(max_examples=1000)
@given(_TEXTS)
def test_camel_expressions_find_what_the_look_behind_first_ones_found(text: str) -> None:
    assert [m.span() for m in readings._CAMEL_CUT.finditer(text)] == [
        m.span() for m in _OLD_CAMEL.finditer(text)
    ]
    assert [m.span() for m in readings._CAPS_RUN.finditer(text)] == [
        m.span() for m in _OLD_CAPS.finditer(text)
    ]
