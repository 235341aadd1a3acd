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
    """The bookmark on an item's heading: index rows and pinpoints link to it."""
    return _name(f"item_{item_id}")


def exhibit_start(item_id: str, k: int) -> str:
    """The bookmark on the heading of an item's k-th exhibit."""
    return _name(f"item_{item_id}_x{k}")


def bookmark_start(name: str, ident: int) -> str:
    return f'<w:bookmarkStart w:id="{ident}" w:name={quoteattr(name)}/>'


def bookmark_end(ident: int) -> str:
    return f'<w:bookmarkEnd w:id="{ident}"/>'


def _run(inner: str, rpr: str) -> str:
    return f"<w:r>{rpr}{inner}</w:r>"


def _rpr(style: str | None) -> str:
    return f'<w:rPr><w:rStyle w:val="{escape(style)}"/></w:rPr>' if style else ""


def _code(text: str, rpr: str) -> str:
    return _run(f'<w:instrText xml:space="preserve">{escape(text)}</w:instrText>', rpr)


def _char(kind: str, rpr: str) -> str:
    return _run(f'<w:fldChar w:fldCharType="{kind}"/>', rpr)


def field(instruction: str, cached: str, *, style: str | None = None) -> str:
    """A complex field (`PAGE`, `NUMPAGES`, …) showing `cached` until it is updated."""
    rpr = _rpr(style)
    return (
        _char("begin", rpr)
        + _code(f" {instruction} ", rpr)
        + _char("separate", rpr)
        + _run(f'<w:t xml:space="preserve">{escape(cached)}</w:t>', rpr)
        + _char("end", rpr)
    )


def tab() -> str:
    return "<w:r><w:tab/></w:r>"
