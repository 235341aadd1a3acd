"""Where a redacted string was found in a text, and the spans found joined and widened so that
no fragment of a name is left beside its mark (see `inquiry.redaction.Matcher.find`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from inquiry.folding import is_mark
from inquiry.folding_chars import INVISIBLE


@dataclass(frozen=True)
class Hit:
    """Where a redacted string was found: `text[start:end]`, and its code."""

    start: int
    end: int
    code: str | None


def merged(hits: Sequence[Hit]) -> list[Hit]:
    """Hits in order, overlapping ones joined (the two readings of a text may both find a
    name, or find overlapping ones)."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            last = out[-1]
            out[-1] = Hit(last.start, max(last.end, hit.end), last.code)
        else:
            out.append(hit)
    return out


_CLOSING = re.compile(r"[.\s]{0,2}\)")


def widened(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """Take invisible characters touching a hit with it, so no fragment of a name is left."""
    out = []
    for hit in hits:
        start, end = hit.start, hit.end
        while start > 0 and text[start - 1] in INVISIBLE:
            start -= 1
        while end < len(text) and (text[end] in INVISIBLE or is_mark(text[end])):
            end += 1
        # A bracket the name opened closes with it: `O'Brien (Sr.)` leaves no `.)` behind.
        opened = text.count("(", start, end) - text.count(")", start, end)
        while opened > 0 and (close := _CLOSING.match(text, end)) is not None:
            end, opened = close.end(), opened - 1
        out.append(Hit(start, end, hit.code))
    return out


# fmt: off
_NEGATED = frozenset((
    "don", "can", "won", "shan", "ain", "isn", "aren", "wasn", "weren", "doesn", "didn", "hasn",
    "haven", "hadn", "couldn", "wouldn", "shouldn", "mustn", "needn", "mightn", "daren", "oughtn",
))
# fmt: on
"""The words `n't` makes a negation of."""


def negated(m: re.Match[str]) -> bool:
    """Whether a match is a word `n't` negates, before its `'t` (`don't`, `can't`, `won't` are
    not Don, Can or Won; `Don's`, `Quillon't`, `Ian't` are the names: stop 35, red teams h124,
    h126, h127)."""
    end = m.end()
    if not m.string.startswith("'t", end) or m.string[end + 2 : end + 3].isalpha():
        return False
    return m.group().casefold() in _NEGATED
