"""The DOCX bundle: views translated into one pandoc document, converted by one pandoc call.

1. The front matter and every item are translated into pandoc AST (translate.py, front.py,
   items.py): plain text as Str nodes, Markdown fields as their redacted AST with our marks and
   pins translated, styles by name from the reference document, fields and bookmarks as raw
   OpenXML we generate. Pinpoints and page ranges are the PDF bundle's numbers as words.
2. pandoc writes the DOCX with the reference document, sandboxed: in one call, or for a bundle
   too large for pandoc's memory limit in several, whose packages are joined (merge.py).
3. python-docx adds what pandoc cannot: page breaks before the headings that start a page, a
   section per item with its running head, the footer, table header rows, pictures' descriptions,
   the request to update fields, lines ending in a manual break kept unstretched, the
   bundle's language on every style (finish.py, running.py).
4. The zip is rewritten with whole core and extended properties and fixed times and order
   (package.py), and with nothing that reaches outside it (outside.py): no external
   relationship a reference document brought (an attached template, a mail-merge source, a
   linked picture), only the evidence's hyperlinks.
Nothing here decides what the reader sees: the views did, for every format.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry.render.docx.package import package_texts
from inquiry.tempdirs import private

if TYPE_CHECKING:
    from inquiry.render.pdf.layout import Layout
    from inquiry.render.view import Views

__all__ = ["estimate", "package_texts", "render_docx"]

PANDOC_PIECE_BYTES = 8_000_000
"""The most JSON one pandoc call is given (about 300 items of a page each): pandoc needs about
fifteen times that in memory, within its limit (limits.PANDOC_MEMORY). A larger bundle is written
in pieces and joined (merge.py); most bundles take one call."""


def estimate(views: Views, layout: Layout | None = None) -> Layout:
    """Where the DOCX's own pages will probably fall, for its page count's cached result
    (NUMPAGES): as many pages for an item's own text and for the front matter as the PDF gives
    them (the same A4 page and margins), where the PDF was laid out; else a page per 3,500
    characters of an item, three of front matter (more for a long index); and a page per
    exhibit, which the DOCX describes on a page of its own. (The repository's bundle: 28 pages
    in Word or LibreOffice; the estimate said 50 without the PDF's counts.)"""
    from inquiry.render.pdf.layout import Pieces, compute

    rows = sum(len(s.rows) + 1 for s in views.front.index)
    front = 2 + max(1, -(-rows // 30)) + max(1, -(-len(views.front.lines_of_inquiry) // 8))
    pieces = {
        v.id: Pieces(max(1, -(-len(repr(v.sections)) // 7000)), (1,) * len(v.exhibits))
        for v in views.items
    }
    if layout is not None:
        front = layout.front
        for v in views.items:
            placed = layout.items.get(v.id)
            if placed is not None:
                own = min([first for first, _ in placed.exhibits] + [placed.last + 1])
                pieces[v.id] = Pieces(max(1, own - placed.first), (1,) * len(v.exhibits))
    return compute(front, [(v.id, v.number) for v in views.items], pieces)


def render_docx(
    views: Views,
    *,
    dest: Path,
    epoch: int,
    images: Mapping[tuple[str, int], bytes],
    reference: Path,
    layout: Layout | None,
) -> None:
    """Write the bundle DOCX to `dest`, styled by the reference document `reference`.

    `images[(item id, k)]` is the picture to embed for each PNG or JPEG exhibit (already
    redacted and without metadata); `layout` is where the PDF put everything, whose page numbers
    the pinpoints and the index show (None: pinpoints name the item alone, `[A1]`)."""
    import docx

    from inquiry import markdown
    from inquiry.render import wording
    from inquiry.render.docx import finish, front, items, running
    from inquiry.render.docx.chart import chart_png
    from inquiry.render.docx.merge import convert_in_pieces
    from inquiry.render.docx.openxml import item_start
    from inquiry.render.docx.outside import stripped
    from inquiry.render.docx.package import APP, CORE, app_xml, core_xml, normalize
    from inquiry.render.docx.pandoc_ast import json_blocks, json_document
    from inquiry.render.docx.translate import Context

    # NUMPAGES counts this document's pages, never the PDF's: its cached result (what a reader
    # that does not update fields shows) is the DOCX's own count as estimated.
    own_pages = estimate(views, layout).total()
    exhibit_pages = {} if layout is None else {k: v.exhibits for k, v in layout.items.items()}
    ctx = Context(
        numbers=layout, chart_png=chart_png, own_pages=own_pages, exhibit_pages=exhibit_pages
    )
    view = views.front
    # The front matter is one piece, unless its index is several tables (front.py).
    cover, tables = front.cover(ctx, view), front.index(ctx, view)
    lois = front.lines_of_inquiry(ctx, view)
    if len(tables) == 1:
        fronts = [[*cover, *tables[0], *lois]]
    else:
        fronts = [cover + tables[0], *tables[1:], lois]
    pieces = [json_blocks(blocks) for blocks in fronts]
    pieces += [json_blocks(items.item(ctx, item, images)) for item in views.items]
    pieces += [json_blocks(blocks) for blocks in front.annex(ctx, view)]
    meta = {"lang": {"t": "MetaString", "c": view.language}}

    with private("docx") as tmp:

        def write(doc: str, n: int) -> bytes:
            raw = Path(tmp) / f"pandoc-{n}.docx"
            args = ["-f", "json", "-t", "docx", f"--reference-doc={reference}", "-o", str(raw)]
            markdown.run_pandoc(args, doc)
            return raw.read_bytes()

        data = convert_in_pieces(
            pieces,
            write,
            limit=PANDOC_PIECE_BYTES,
            wrap=lambda blocks: json_document(blocks, meta, markdown.API_VERSION),
        )
    document = docx.Document(io.BytesIO(data))

    body = document.element.body
    marks = finish.bookmarked(body)
    finish.page_breaks(marks[name] for name in sorted(ctx.breaks) if name in marks)
    firsts = []
    for item in views.items:
        first = marks[item_start(item.id)]
        if item.first_in_tab:  # the tab's heading above it belongs to its first page
            previous = first.getprevious()
            first = previous if previous is not None else first
        firsts.append(first)
    finish.split_sections(document, firsts)
    restricted = view.restricted
    running.apply(
        document,
        edition=wording.RESTRICTED_BANNER if restricted else view.edition,
        restricted=restricted,
        title=view.title,
        items=[None, *((v.running_head, v.draft) for v in views.items)],
        total=own_pages,
    )
    finish.tables(document)
    finish.numbered_beside(document)
    finish.pictures(document)
    finish.margins(document)
    finish.language(document, view.language)
    finish.direction(document, view.language)
    finish.update_fields_on_open(document)
    finish.keep_broken_lines_unstretched(document)
    finish.facts_kept(document)

    buf = io.BytesIO()
    document.save(buf)
    saved = buf.getvalue()
    parts = {**stripped(saved), CORE: core_xml(view, epoch=epoch), APP: app_xml()}
    data = normalize(saved, epoch=epoch, replace=parts)
    dest.write_bytes(data)
