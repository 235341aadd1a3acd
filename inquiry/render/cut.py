"""Text cut short to fit, with an ellipsis: a chart's labels, a bookmark's title.

A cut may make a redacted string of words that were none: `Daybreak House` cut inside a word to
`Day…` names a witness called Day, `…Royal-Hallamshire-IAPT` cut to `…Royal-Hallam…` one called
Hallam, and a bookmark cut to `…RoyalHallam…` (read as `Royal Hallam`) another (red teams h168,
h171, stop 41's own). The whole text was redacted before it was cut, so what is kept whole is
safe; a cut is made after the most whole words that fit, else after the most of the first
word's parts (`South-Yorkshire-ICB-Royal…`), else inside that part. And no cut is taken that
`shows` a redacted string (the edition matcher's verdict on the words as shown): the next
shorter is, down to the ellipsis alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ELLIPSIS = "…"
TRAILING = " ,;:—–-/"
"""What a cut text does not end in before its ellipsis."""
_PART = re.compile(r"[^\W_]+")
"""A run of letters or digits: a part of a word written with hyphens or slashes."""


def no_name(text: str) -> bool:
    """What a cut that need fear no redacted string asks: never."""
    return False


def heads(text: str) -> list[str]:
    """The beginnings of `text` it may be cut to, best (longest, least cut) first: after
    whole words, then after whole parts of the first word, then inside it."""
    words = text.split(" ")
    out = [" ".join(words[:k]).rstrip(TRAILING) for k in range(len(words) - 1, 0, -1)]
    first = words[0]
    ends = [m.end() for m in _PART.finditer(first)]
    out += [first[:end].rstrip(TRAILING) for end in reversed(ends[:-1])]
    out += [first[:end].rstrip() for end in range(len(first) - 1, 0, -1)]
    return out


def shorten(
    text: str,
    room: float,
    measure: Callable[[str], float],
    shows: Callable[[str], bool] = no_name,
) -> str:
    """`text` as it is when `measure` says it fits `room`; else cut (see the module) to the
    longest beginning that fits with its ellipsis and does not `shows` a redacted string."""
    if measure(text) <= room:
        return text
    for head in heads(text):
        cut = head + ELLIPSIS
        if head and measure(cut) <= room and not shows(cut):
            return cut
    return ELLIPSIS
