"""How wide a line of text is drawn, so that a chart can make room for its labels.

A page cannot measure its text without a script, so the chart is laid out with widths worked out
here, from the advance widths of DejaVu Sans (regular and oblique, whichever is wider): the widest
face the stylesheet names, and the one browsers fall back to on Linux. System UI faces, Noto Sans,
Liberation Sans and Arial draw narrower, so a label given this much room fits in any of them.
"""

from __future__ import annotations

import unicodedata

_WIDTHS = {
    0.275: "'",
    0.278: "ijl",
    0.295: "IJ",
    0.318: " ,.\u2019\u2018\u00b7",
    0.337: "/:;\\|",
    0.352: "f",
    0.361: "-",
    0.39: "()[]",
    0.392: "t",
    0.401: "!",
    0.411: "r",
    0.46: '"',
    0.5: "*_`\u2013\u00b0",
    0.518: "\u201c\u201d",
    0.521: "s",
    0.525: "z",
    0.531: "?",
    0.55: "c",
    0.557: "L",
    0.575: "F",
    0.579: "k",
    0.592: "vxy",
    0.603: "P",
    0.611: "TY",
    0.612: "o",
    0.613: "a",
    0.615: "e\u00e9",
    0.632: "E",
    0.634: "hnu",
    0.635: "Sbdgpq",
    0.636: "$0123456789{}\u00a3\u20ac",
    0.656: "K",
    0.684: "AV",
    0.685: "XZ",
    0.686: "B",
    0.695: "R",
    0.698: "C",
    0.732: "U",
    0.748: "N",
    0.752: "H",
    0.77: "D",
    0.775: "G",
    0.78: "&",
    0.787: "OQ",
    0.818: "w",
    0.838: "#+<=>^~\u2212",
    0.863: "M",
    0.95: "%",
    0.974: "m",
    0.989: "W",
    1.0: "@\u2014\u2026",
}
EM = {ch: width for width, chars in _WIDTHS.items() for ch in chars}
"""Advance widths in em of the characters charts mostly hold (DejaVu Sans)."""
OTHER = 1.0
"""Any other character: an em, as wide as a CJK ideograph and wider than almost every letter."""
SAFETY = 1.04
"""Room for kerning and hinting to round up rather than down."""
LINE = 1.17
"""DejaVu Sans' ascent plus descent, in em: the height a line of text takes."""
ASCENT = 0.93
"""From the top of the tallest glyph to the baseline, in em."""


def em_width(text: str) -> float:
    """The width of `text` on one line, in em."""
    total = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue  # drawn over the letter before it
        total += EM.get(ch, OTHER)
    return total * SAFETY


def width(text: str, size: float) -> float:
    """The width of `text` drawn at font size `size`, in the same units as `size`."""
    return em_width(text) * size
