"""The words a DOCX package's parts hold that its XML text does not show.

`inquiry.proof` reads each part's text and attributes; a reference document a coalition brings
(`templates/reference.docx`) can also carry words where those readings do not look: in XML
comments, processing instructions and CDATA sections (which a reading of the markup takes for
tags), in a part saved as UTF-16, and in files its parts point to that are not PNG or JPEG
pictures (a GIF or EMF logo, an SVG bullet, a text file). pandoc and python-docx copy such
parts into the bundle as they are (red team h184), so the proof reads them here.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

_MARKUP = re.compile(r"<!--(.*?)-->|<\?(.*?)\?>|<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_DECLARED = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.-]+)[\"']")


def part_text(raw: bytes) -> str:
    """A part's characters, by its byte-order mark or its XML declaration (UTF-8 otherwise):
    a part saved as UTF-16 read as UTF-8 is noise."""
    for mark, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(mark):
            return raw.decode(encoding, errors="replace")
    if raw[:2] in (b"<\x00", b"\x00<"):  # UTF-16 without a mark
        return raw.decode("utf-16-le" if raw[1] == 0 else "utf-16-be", errors="replace")
    declared = _DECLARED.match(raw)
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("utf-8", errors="replace")


def markup_texts(xml: str) -> str:
    """The text of a part's comments, processing instructions and CDATA sections."""
    return "\n".join(next(g for g in m.groups() if g is not None) for m in _MARKUP.finditer(xml))


def other_file_texts(raw: bytes) -> Iterator[tuple[str, str]]:
    """A file of the package that is not XML, a PNG or a JPEG (a GIF, an EMF, an SVG, text): as
    Latin-1, and as UTF-16 at either alignment (how Windows metafiles write their words)."""
    yield "latin-1", raw.decode("latin-1")
    for start in (0, 1):
        yield f"utf-16 at {start}", raw[start:].decode("utf-16-le", errors="replace")


__all__ = ["markup_texts", "other_file_texts", "part_text"]
