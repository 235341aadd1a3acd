"""The few pieces of WordprocessingML we write ourselves: fields and bookmarks.

pandoc writes everything else. Each function returns raw OpenXML for a pandoc `RawInline`, built
only from our own names and numbers (bookmark names come from item ids, which validation restricts
to `[A-Z]-[0-9]`), and every value is escaped all the same, so no text of the evidence can ever
become markup here.
"""

from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape, quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAME_BAD = re.compile(r"[^A-Za-z0-9_]")
_MAX_NAME = 40  # Word ignores longer bookmark names


def _name(raw: str) -> str:
    name = _NAME_BAD.sub("_", raw)
    if len(name) > _MAX_NAME:
        name = name[:27] + "_" + hashlib.sha256(raw.encode()).hexdigest()[:12]
    return name


def item_start(item_id: str) -> str:
    """The bookmark on an item's heading: index rows and pinpoints point at it."""
    return _name(f"item_{item_id}")


def item_end(item_id: str) -> str:
    """The bookmark at the end of an item's last page (its exhibits included)."""
    return _name(f"item_{item_id}_end")


def exhibit_start(item_id: str, k: int) -> str:
    """The bookmark on the heading of an item's k-th exhibit."""
    return _name(f"item_{item_id}_x{k}")


def bookmark_start(name: str, ident: int) -> str:
    return f'<w:bookmarkStart w:id="{ident}" w:name={quoteattr(name)}/>'


def bookmark_end(ident: int) -> str:
    return f'<w:bookmarkEnd w:id="{ident}"/>'


def _run(inner: str, rpr: str) -> str:
    return f"<w:r>{rpr}{inner}</w:r>"


def _rpr(style: str | None, hidden: bool = False) -> str:
    parts = (f'<w:rStyle w:val="{escape(style)}"/>' if style else "") + (
        "<w:vanish/>" if hidden else ""
    )
    return f"<w:rPr>{parts}</w:rPr>" if parts else ""


def _code(text: str, rpr: str) -> str:
    return _run(f'<w:instrText xml:space="preserve">{escape(text)}</w:instrText>', rpr)


def _char(kind: str, rpr: str) -> str:
    return _run(f'<w:fldChar w:fldCharType="{kind}"/>', rpr)


def field(instruction: str, cached: str, *, style: str | None = None) -> str:
    """A complex field (`PAGE`, `PAGEREF name \\h`, …) showing `cached` until it is updated."""
    rpr = _rpr(style)
    return (
        _char("begin", rpr)
        + _code(f" {instruction} ", rpr)
        + _char("separate", rpr)
        + _run(f'<w:t xml:space="preserve">{escape(cached)}</w:t>', rpr)
        + _char("end", rpr)
    )


def pageref(name: str, cached: int, *, style: str | None = None) -> str:
    """The page a bookmark is on."""
    return field(f"PAGEREF {name} \\h", str(cached), style=style)


def pageref_plus(name: str, offset: int, cached: int, *, style: str | None = None) -> str:
    """The page `offset` pages after a bookmark's: `{ = {PAGEREF name} + offset }`.

    Word computes it. The nested PAGEREF is hidden text: Word still evaluates it (field codes are
    never shown), and a reader that does not compute formulas (LibreOffice up to 7.x) shows the
    outer field's cached result instead of running the two numbers together.
    """
    rpr = _rpr(style)
    inner = _rpr(style, hidden=True)
    return (
        _char("begin", rpr)
        + _code(" = ", rpr)
        + _char("begin", inner)
        + _code(f" PAGEREF {name} \\h ", inner)
        + _char("separate", inner)
        + _run(f"<w:t>{cached - offset}</w:t>", inner)
        + _char("end", inner)
        + _code(f" + {offset} \\# 0 ", rpr)
        + _char("separate", rpr)
        + _run(f"<w:t>{cached}</w:t>", rpr)
        + _char("end", rpr)
    )


def tab() -> str:
    return "<w:r><w:tab/></w:r>"
