"""Running heads and the page footer.

Every page's header gives the edition and the bundle's title (shortened at a word, never cut
inside one); an item's pages add, at the right, a STYLEREF field to the "Item Reference" character
style, which shows `A1 · SF-001` from the item's heading. Each item is a section of its own whose
header holds that field with the item's own reference as its cached result, so a reader that does
not compute STYLEREF (LibreOffice before 24.2) still names the right item on every page. The
footer, shared by all sections, gives `Page N of M` from PAGE and NUMPAGES fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document
from docx.oxml import parse_xml
from inquiry.render import wording
from inquiry.render.docx import openxml

HEADER_CHARS = 104
"""About how many characters of the header style fit across the text block (17 cm at 8.5 pt)."""


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut at a word boundary with an ellipsis. A first
    word longer than `limit` is kept whole (the line then wraps): a word is never cut."""
    if len(text) <= limit:
        return text
    words = text.split()
    out = words[0]
    for word in words[1:]:
        if len(out) + 1 + len(word) + 1 > limit:
            break
        out += " " + word
    return out.rstrip(",;:—–-· ") + "…"


def _run(text: str, *, bold: bool = False) -> str:
    from xml.sax.saxutils import escape

    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _fill(part: Any, xml: str, style: str) -> None:
    """Replace a header's or footer's paragraphs with one paragraph of runs `xml`."""
    element = part._element
    for child in list(element):
        element.remove(child)
    paragraph = parse_xml(
        f'<w:p xmlns:w="{openxml.W_NS}"><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{xml}</w:p>'
    )
    element.append(paragraph)


def head_xml(*, edition: str, restricted: bool, title: str, item: str | None, draft: bool) -> str:
    """The runs of one header: edition and title, then (on an item's pages) the item."""
    right = ""
    if item is not None:
        right = (
            openxml.tab()
            + (_run(f"{wording.DRAFT} · ", bold=True) if draft else "")
            + openxml.field('STYLEREF "Item Reference"', item, style="Running Item")
        )
    room = HEADER_CHARS - len(edition) - 3 - (len(item) + 10 if item else 0)
    return _run(edition, bold=restricted) + _run(" · " + shorten(title, max(room, 20))) + right


def apply(
    document: Document,
    *,
    edition: str,
    restricted: bool,
    title: str,
    items: Sequence[tuple[str, bool] | None],
    total: int,
) -> None:
    """Headers for each section (`items[i]`: the section's item reference and whether it is a
    draft, or None for the front matter) and the footer, set once on the first section."""
    sections = list(document.sections)
    if len(sections) != len(items):
        raise ValueError(f"{len(sections)} sections for {len(items)} running heads")
    for i, (section, entry) in enumerate(zip(sections, items, strict=True)):
        section.different_first_page_header_footer = False
        header = section.header
        header.is_linked_to_previous = False
        xml = head_xml(
            edition=edition,
            restricted=restricted,
            title=title,
            item=entry[0] if entry else None,
            draft=bool(entry and entry[1]),
        )
        _fill(header, xml, "Header")
        footer = section.footer
        if i == 0:
            footer.is_linked_to_previous = False
            before, between = wording.PAGE_N_OF_M
            xml = (
                _run(before)
                + openxml.field("PAGE", "1")
                + _run(between)
                + openxml.field("NUMPAGES", f"{total}")
            )
            _fill(footer, xml, "Footer")
        else:
            footer.is_linked_to_previous = True
