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
from xml.sax.saxutils import escape

from docx.document import Document
from docx.oxml import parse_xml

from inquiry.render import wording
from inquiry.render.docx import openxml

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REFERENCES = {
    f"{{{openxml.W_NS}}}{tag}" for tag in ("headerReference", "footerReference", "titlePg")
}
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
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


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


def _part(document: Document, kind: str, n: int, runs: str, style: str) -> str:
    """A new header or footer part holding one paragraph of `runs`; its relationship id.
    Parts are named and related here, by number: python-docx's own way looks through every
    part for a free name each time, which grows with the square of the items."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.parts.hdrftr import FooterPart, HeaderPart

    tag = "hdr" if kind == "header" else "ftr"
    xml = (
        f'<w:{tag} xmlns:w="{openxml.W_NS}" xmlns:r="{_R_NS}"><w:p><w:pPr>'
        f'<w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p></w:{tag}>'
    )
    cls, content_type, reltype = (
        (HeaderPart, CT.WML_HEADER, RT.HEADER)
        if kind == "header"
        else (FooterPart, CT.WML_FOOTER, RT.FOOTER)
    )
    part = cls(
        PackURI(f"/word/inq-{kind}{n}.xml"), content_type, parse_xml(xml), document.part.package
    )
    rid = f"rIdInq{kind.title()}{n}"
    document.part.rels.add_relationship(reltype, part, rid)
    return rid


def _reference(kind: str, rid: str) -> Any:
    return parse_xml(
        f'<w:{kind}Reference xmlns:w="{openxml.W_NS}" xmlns:r="{_R_NS}" w:type="default" '
        f'r:id="{rid}"/>'
    )


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
    draft, or None for the front matter) and the footer, given to the first section and
    inherited by the others."""
    body = document.element.body
    sections = body.findall(f".//{{{openxml.W_NS}}}sectPr")
    if len(sections) != len(items):
        raise ValueError(f"{len(sections)} sections for {len(items)} running heads")
    # Whatever headers and footers the reference document had are replaced.
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith(("/header", "/footer")):
            document.part.drop_rel(rel.rId)
    before, between = wording.PAGE_N_OF_M
    footer = _part(
        document,
        "footer",
        1,
        _run(before)
        + openxml.field("PAGE", "1")
        + _run(between)
        + openxml.field("NUMPAGES", f"{total}"),
        "Footer",
    )
    for i, (sect, entry) in enumerate(zip(sections, items, strict=True)):
        for old in list(sect):
            if old.tag in _REFERENCES:
                sect.remove(old)
        runs = head_xml(
            edition=edition,
            restricted=restricted,
            title=title,
            item=entry[0] if entry else None,
            draft=bool(entry and entry[1]),
        )
        sect.insert(0, _reference("header", _part(document, "header", i + 1, runs, "Header")))
        if i == 0:
            sect.insert(1, _reference("footer", footer))
