"""Ordered lists in Markdown fields labelled as the PDF labels them: `(a)`, `iv)`, `(3)`.

Pandoc's HTML keeps a list's numbering style and start (`<ol type="a" start="3">`) but not its
delimiter, so a browser showed `(a)` as `a.` and an example list `(@)` as `1.`. Before pandoc
writes a field, each ordered list is wrapped in a div naming its style, delimiter and start
(`mark`); after, every item is given its label as text, made as typst makes the PDF's (pandoc's
typst writer: `#set enum(numbering: "(a)", start: 3)`), and the browser's own marker is turned
off (`label`). The label is the item's first words, so a screen reader reads it once, and
copying an item copies its label, as from the PDF; the list stays a list (`role="list"`: Safari
drops the semantics of a list whose markers are hidden).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from lxml.html import HtmlElement

from inquiry.render.html import site as s
from inquiry.render.nodes import Rich

WRAPPER = "data-inquiry-list"
"""The attribute of the div that carries a list's numbering through pandoc: style, delimiter,
start (`LowerAlpha TwoParens 3`)."""
LABEL = "list-label"
_STYLES = frozenset(
    ("DefaultStyle", "Example", "Decimal", "LowerAlpha", "UpperAlpha", "LowerRoman", "UpperRoman")
)
_DELIMITERS = {"DefaultDelim": ("", "."), "Period": ("", "."), "OneParen": ("", ")")}
_DELIMITERS["TwoParens"] = ("(", ")")
_ROMAN = (
    ("M\u0305", 1_000_000), ("D\u0305", 500_000), ("C\u0305", 100_000), ("L\u0305", 50_000),
    ("X\u0305", 10_000), ("V\u0305", 5_000), ("I\u0305V\u0305", 4_000), ("M", 1000), ("CM", 900),
    ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40), ("X", 10),
    ("IX", 9), ("V", 5), ("IV", 4), ("I", 1),
)  # fmt: skip
"""Typst's roman numerals (`numbering("I", n)`): a bar over a numeral multiplies it by 1,000."""
MARGIN = 2.5
"""The stylesheet's margin of a labelled list (`ol.labelled`), in em: a label and `GAP`."""
GAP = 0.5
"""Between a label and its item (the stylesheet's `.list-label` margin, and some to spare)."""
_ADVANCE = {ch: 0.3 for ch in "ijlI"} | {ch: 0.4 for ch in "().ftr"} | {"\u0305": 0.0}
_ADVANCE |= {ch: 1.0 for ch in "mwMW"}


def mark(riches: Sequence[Rich]) -> list[Rich]:
    """Each field with its ordered lists wrapped in a div naming their numbering, under a key
    that also names this code (pandoc's output for the field is cached under it)."""
    return [replace(r, blocks=_wrapped(r.blocks), key=f"{r.key}|{_code()}") for r in riches]


@cache
def _code() -> str:
    from inquiry.cache_keys import code_digest

    return "lists-" + code_digest(__name__)[:16]


def _wrapped(node: Any) -> Any:
    if isinstance(node, list):
        return [_wrapped(x) for x in node]
    if not isinstance(node, dict):
        return node
    if node.get("t") == "OrderedList":
        (start, style, delim), items = node["c"]
        numbering = f"{style['t']} {delim['t']} {start}"
        inner = {"t": "OrderedList", "c": [[start, style, delim], _wrapped(items)]}
        return {"t": "Div", "c": [["", [], [[WRAPPER, numbering]]], [inner]]}
    return {k: _wrapped(v) for k, v in node.items()}


def number(n: int, style: str, delimiter: str) -> str:
    """Item `n`'s label in a list of this pandoc style and delimiter, as typst writes it."""
    before, after = _DELIMITERS.get(delimiter, ("", "."))
    if style in ("LowerAlpha", "UpperAlpha") and n >= 1:
        digits = ""
        while n:
            n, r = divmod(n - 1, 26)
            digits = chr(ord("a") + r) + digits
        counter = digits.upper() if style == "UpperAlpha" else digits
    elif style in ("LowerRoman", "UpperRoman") and n >= 1:
        numerals = ""
        for numeral, value in _ROMAN:
            count, n = divmod(n, value)
            numerals += numeral * count
        counter = numerals.lower() if style == "LowerRoman" else numerals
    else:  # decimal, example and default lists (and a count no other style can write)
        counter = str(n)
    return f"{before}{counter}{after}"


def label(root: HtmlElement) -> None:
    """Every list `mark` wrapped: its items labelled, its markers off, its wrapper gone."""
    for div in list(root.iter("div")):
        found = _numbering(div)
        ol = div[0] if len(div) == 1 else None
        parent = div.getparent()
        if found is None or ol is None or ol.tag != "ol" or parent is None:
            continue
        start, style, delimiter = found
        ol.set("class", " ".join([*(ol.get("class") or "").split(), "labelled"]))
        ol.set("role", "list")
        items = [x for x in ol if x.tag == "li"]
        labels = [number(start + k, style, delimiter) for k in range(len(items))]
        # The items start after the widest label, as the PDF's do (and no label runs off the
        # page's edge): the stylesheet's margin fits `(iv)` or `12.`; a wider one widens it.
        widest = max(map(_width, labels), default=0.0) + GAP
        wide = f"; padding-inline-start: {widest:.2f}em" if widest > MARGIN else ""
        ol.set("style", f"list-style-type: none{wide}")
        for li, text in zip(items, labels, strict=True):
            _prefix(li, s.el("span", {"class": LABEL}, text))
        ol.tail = div.tail
        parent.replace(div, ol)


def _width(text: str) -> float:
    """About how wide `text` is, in em, in a common sans-serif (DejaVu Sans, erring wide)."""
    return sum(_ADVANCE.get(ch, 0.64 if ch.islower() or ch.isdigit() else 0.8) for ch in text)


def _numbering(div: HtmlElement) -> tuple[int, str, str] | None:
    parts = (div.get(WRAPPER) or "").split()
    if len(parts) != 3 or parts[0] not in _STYLES or parts[1] not in _DELIMITERS:
        return None
    if not parts[2].isdigit():
        return None
    return int(parts[2]), parts[0], parts[1]


def _prefix(li: HtmlElement, span: HtmlElement) -> None:
    """The label first in the item: in its first paragraph when it starts with one (so it sits
    on that paragraph's first line), else before whatever starts it."""
    first = li[0] if len(li) else None
    if not (li.text or "").strip() and first is not None and first.tag == "p":
        li = first
    rest = (li.text or "").lstrip()
    span.tail = " " + rest if rest or len(li) else None
    li.text = None
    li.insert(0, span)
