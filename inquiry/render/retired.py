"""Where a superseded served number now points: one rule for the index, its pages and bookmarks.

A number reissued with `--reissue` is superseded by the number it was given; when that number has
since been reissued too (A1 → A3 → A4) the reader is sent on to the one still shown, so the
index row, the old pages, their bookmark and the HTML page at the old address all name the same
number. A successor since withdrawn is named as it is (its own row says it was withdrawn).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from inquiry.numbering import Retired


def successors(retired: Sequence[Retired], shown: Collection[str]) -> dict[str, str]:
    """The number now in each superseded number's place, by the superseded number: its
    successor, followed through later reissues while that number is not among `shown` (the
    edition's numbers), stopping at a withdrawn one (or at a loop a hand edit could make)."""
    later = {r.number: r.superseded_by for r in retired if r.superseded_by}
    out: dict[str, str] = {}
    for r in retired:
        if r.state != "superseded" or not r.superseded_by:
            continue
        new = r.superseded_by
        seen = {new}
        while new not in shown and new in later and later[new] not in seen:
            new = later[new]
            seen.add(new)
        out[r.number] = new
    return out
