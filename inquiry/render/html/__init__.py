"""The HTML edition: a static site with the same content, numbers, wording and redaction as the PDF.

`render_html(views, …)` translates the views (render/view.py) into `index.html` (cover, index,
lines of inquiry), one page per item under `items/` (and one at the old address of each served
number since withdrawn or superseded, saying so), a stylesheet and the prepared exhibits under
`exhibits/` (each a tagged PDF: every page a figure with alternate text, stamped and captioned as
in the bundle). Nothing is loaded from another host and no script is needed to read anything;
pages meet WCAG 2.1 AA (tests/test_html.py runs axe-core over them in Chromium). The bytes
depend only on the views, the layout, the stamps' pieces and `epoch` (each file's modification
time).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from inquiry.pdf_file import save
from inquiry.render.html import fields, pages
from inquiry.render.html.blocks import exhibit_name
from inquiry.render.html.site import Site, legend, page_name
from inquiry.render.nodes import NumberedParagraphs, Prose, RetiredRow, Rich
from inquiry.render.pdf.layout import Layout
from inquiry.render.pdf.stamps import Sheet
from inquiry.render.pdf.structure import Figure
from inquiry.render.richtext import Store
from inquiry.render.view import Views


@dataclass(frozen=True)
class Copy:
    """An exhibit's copy: the prepared PDF it is made from, what it is (for its tags), its
    caption's place among the bundle's exhibits and, when the bundle's page numbers are known,
    the page its first page is in the bundle (None: not stamped)."""

    source: Path
    figure: Figure
    caption: int
    first: int | None


@dataclass(frozen=True)
class Stamps:
    """The bundle's glyph sheet, read once for every copy, and by caption the parts a narrow
    strip may leave out (see `stamps.stamp_alone`)."""

    sheet: Sheet
    spare: Sequence[frozenset[int]]


def _tagged_copy(copy: Copy, dest: Path, language: str, stamps: Stamps | None) -> None:
    """The prepared exhibit (untagged: the bundle tags it as it places it) written as a tagged
    PDF of its own, so a screen reader opening it from its item's page hears what it is; its
    pages stamped and captioned as the bundle's are, so that a page printed from it says whose
    exhibit it is, where the bundle holds it, and that it is restricted or a draft."""
    import pikepdf

    from inquiry.render.pdf.stamps import stamp_alone
    from inquiry.render.pdf.structure import tag_exhibit

    with pikepdf.open(copy.source) as pdf:
        pages = range(1, len(pdf.pages) + 1)
        figure = copy.figure
        tag_exhibit(pdf, Figure(figure.label, figure.description, pages), language=language)
        if stamps is not None and copy.first is not None:
            stamp_alone(pdf, stamps.sheet, copy.caption, stamps.spare, copy.first)
        save(
            pdf,
            dest,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )


def stylesheet() -> bytes:
    """The edition's stylesheet (screen and print), without its comments: they are ours, not
    the reader's, and a comment's words (`redaction marks`) must not stand in the way of a
    witness whose name is one of them."""
    css = resources.files(__package__).joinpath("style.css").read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/\n?", "", css, flags=re.DOTALL).encode("utf-8")


def render_html(
    views: Views,
    *,
    dest: Path,
    epoch: int,
    exhibits: Mapping[tuple[str, int], Path],
    layout: Layout | None,
    pdf_name: str | None,
    cache: Store | None = None,
    glyphs: Path | None = None,
) -> list[Path]:
    """Write the edition into `dest`; return the files written, in a stable order.

    `exhibits` maps (item id, k) to the prepared PDF of the item's k-th exhibit; `layout` gives
    the PDF's page numbers (without it, pinpoints show the item alone, `[A1]`); `pdf_name` is the
    PDF bundle's file name beside `dest`, for links to its pages (None: no such links);
    `glyphs` the PDF's compiled stamp and caption pieces (`PdfResult.glyphs`), with which, and
    the layout, each exhibit's copy is stamped as the bundle stamps its pages."""
    items = views.items
    names = {v.id: page_name(v.number, v.id) for v in items}
    sections = [*views.front.index, *(x for s in views.front.supplements for x in s.index)]
    retired = [(x, r) for x in sections for r in x.rows if isinstance(r, RetiredRow)]
    old_names = {r.number: page_name(r.number, r.id) for _, r in retired}
    meanings = legend(views.front)
    site = Site(
        names,
        {v.id: v.number for v in items},
        layout,
        pdf_name,
        retired=old_names,
        meanings=meanings,
    )
    riches = [r for v in items for sec in v.sections for b in sec.blocks for r in _riches(b)]
    rich = fields.write(riches, cache) if riches else {}

    written: dict[Path, bytes] = {dest / "style.css": stylesheet()}
    written[dest / "index.html"] = pages.front_page(views.front, site).encode("utf-8")
    for i, view in enumerate(items):
        html = pages.item_page(
            views.front,
            view,
            site.at(1),
            rich,
            previous=items[i - 1] if i else None,
            following=items[i + 1] if i + 1 < len(items) else None,
        )
        written[dest / "items" / names[view.id]] = html.encode("utf-8")
    for section, row in retired:
        # A served link to a withdrawn or superseded item still lands, on what became of it.
        html = pages.retired_page(views.front, section, row, site.at(1))
        written[dest / "items" / old_names[row.number]] = html.encode("utf-8")
    copies = _copies(views, dest, exhibits, layout)

    for path, data in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    with contextlib.ExitStack() as stack:
        stamps = None
        if glyphs is not None and layout is not None:
            import pikepdf

            from inquiry.render.pdf.stamps import spared

            listed = [e for v in items for e in v.exhibits]
            sheet = Sheet(stack.enter_context(pikepdf.open(glyphs)), len(listed))
            stamps = Stamps(sheet, [spared(e.caption[0], e.caption[2]) for e in listed])
        for path, copy in copies.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            _tagged_copy(copy, path, views.front.language, stamps)
    out = sorted([*written, *copies])
    for path in out:
        os.utime(path, (epoch, epoch))
    return out


def _copies(
    views: Views, dest: Path, exhibits: Mapping[tuple[str, int], Path], layout: Layout | None
) -> dict[Path, Copy]:
    """Each exhibit's copy under `exhibits/`, by the path it is written to."""
    listed = [(v, e) for v in views.items for e in v.exhibits]
    copies: dict[Path, Copy] = {}
    for k, (v, e) in enumerate(listed):
        first = layout.items[v.id].exhibits[e.index - 1][0] if layout is not None else None
        figure = Figure(f"Exhibit {e.index} of {v.number} ({v.id})", e.description.plain(), ())
        path = dest / "exhibits" / exhibit_name(v.number, e.index)
        copies[path] = Copy(exhibits[(v.id, e.index)], figure, k, first)
    return copies


def _riches(block: object) -> list[Rich]:
    if isinstance(block, Prose):
        return [block.rich]
    if isinstance(block, NumberedParagraphs):
        return list(block.paragraphs)
    return []


__all__ = ["render_html", "stylesheet"]
