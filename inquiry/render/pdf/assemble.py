"""From typst's PDF to the bundle: exhibits drawn in, links made explicit, bookmarks, metadata.

Exhibit pages are drawn into the placeholder pages typst made, never inserted, so every link,
page label and structure element typst wrote still points at the right page object. Named
destinations are replaced by explicit `[page /XYZ left top null]` arrays, which every reader
resolves the same way and which cannot go stale.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from inquiry.errors import BuildFailed
from inquiry.render.pdf.exhibits import PreparedExhibit, place_page
from inquiry.render.pdf.typst_source import STRIP


@dataclass(frozen=True)
class Mark:
    """A bookmark: its title, its 1-based page and the bookmarks beneath it."""

    title: str
    page: int
    children: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str


@dataclass(frozen=True)
class Placement:
    """An exhibit and the 1-based bundle page of its first placeholder page."""

    exhibit: PreparedExhibit
    first_page: int


def assemble(
    typst_pdf: bytes,
    *,
    placements: Sequence[Placement],
    outline: Sequence[Mark],
    metadata: Metadata,
    epoch: int,
    dest: Path,
    tick: Callable[[], None] = lambda: None,
) -> int:
    """Write the finished bundle to `dest`; return its page count."""
    pdf = pikepdf.open(io.BytesIO(typst_pdf))
    for placement in placements:
        _place(pdf, placement)
        tick()
    _explicit_destinations(pdf)
    _outline(pdf, outline)
    _catalog(pdf)
    _metadata(pdf, metadata, epoch)
    if "/ID" in pdf.trailer:
        del pdf.trailer["/ID"]
    pdf.save(
        dest,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
    )
    return len(pdf.pages)


def _place(pdf: pikepdf.Pdf, placement: Placement) -> None:
    exhibit = placement.exhibit
    for i, (w, h) in enumerate(exhibit.sizes):
        index = placement.first_page - 1 + i
        if index >= len(pdf.pages):
            raise BuildFailed(message="the bundle has fewer pages than its exhibits need")
        page = pdf.pages[index]
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        if abs((x1 - x0) - w) > 0.5 or abs((y1 - y0) - (h + STRIP)) > 0.5:
            raise BuildFailed(
                message=f"page {index + 1} is not the placeholder for its exhibit page",
                file=exhibit.file,
            )
        place_page(pdf, page, exhibit, i, box=(x0, y0 + STRIP, x1, y1))


def _xyz(page: pikepdf.Page) -> Array:
    """Top left of `page` at the reader's current zoom."""
    box = page.mediabox
    return Array([page.obj, Name.XYZ, float(box[0]), float(box[3]), None])


def _normal(dest: pikepdf.Object) -> Array | None:
    """An explicit destination with a null zoom (typst writes 0, which some readers take as 0%)."""
    if not isinstance(dest, Array) or len(dest) < 2:
        return None
    if dest[1] == Name.XYZ and len(dest) == 5:
        zoom = dest[4]
        return Array([dest[0], Name.XYZ, dest[2], dest[3], None if zoom == 0 else zoom])
    return Array(list(dest))


def _explicit_destinations(pdf: pikepdf.Pdf) -> None:
    """Replace every named destination in a link by the explicit array it names."""
    named: dict[str, pikepdf.Object] = {}
    names = pdf.Root.get("/Names")
    if isinstance(names, Dictionary) and "/Dests" in names:
        for key, target in pikepdf.NameTree(names.Dests).items():
            if isinstance(target, Dictionary) and "/D" in target:
                target = target.D
            named[key.decode("latin-1") if isinstance(key, bytes) else key] = target
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", Array()):
            if annot.get("/Subtype") != Name.Link:
                continue
            action = annot.get("/A")
            if isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
                annot.Dest = action.D
                del annot["/A"]
            if "/Dest" not in annot:
                continue
            dest: pikepdf.Object | None = annot.Dest
            if isinstance(dest, pikepdf.String | Name):
                key = str(dest)[1:] if isinstance(dest, Name) else str(dest)
                dest = named.get(key)
            explicit = _normal(dest) if dest is not None else None
            if explicit is None:
                raise BuildFailed(message=f"a link on page {number} leads nowhere")
            annot.Dest = explicit
    if isinstance(names, Dictionary) and "/Dests" in names:
        del names["/Dests"]
        if not names.keys():
            del pdf.Root["/Names"]


def _outline(pdf: pikepdf.Pdf, marks: Sequence[Mark]) -> None:
    def items(level: Iterable[Mark]) -> list[OutlineItem]:
        out = []
        for mark in level:
            item = OutlineItem(mark.title, _xyz(pdf.pages[mark.page - 1]))
            item.children.extend(items(mark.children))
            out.append(item)
        return out

    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(items(marks))


def _catalog(pdf: pikepdf.Pdf) -> None:
    """Page labels equal to the page numbers; open on page 1 at 100% with the bookmarks shown."""
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    first = pdf.pages[0]
    pdf.Root.OpenAction = Array([first.obj, Name.XYZ, None, None, 1])
    pdf.Root.PageMode = Name.UseOutlines


def _metadata(pdf: pikepdf.Pdf, meta: Metadata, epoch: int) -> None:
    when = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    pdf_date = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    info = pdf.docinfo
    info.Title = meta.title
    info.Author = meta.author
    info.Subject = meta.subject
    info.Keywords = meta.keywords
    info.CreationDate = pdf_date
    info.ModDate = pdf_date
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = meta.title
        xmp["dc:creator"] = [meta.author]
        xmp["dc:description"] = meta.subject
        xmp["pdf:Keywords"] = meta.keywords
        xmp["xmp:CreateDate"] = when.isoformat()
        xmp["xmp:ModifyDate"] = when.isoformat()
        xmp["xmp:MetadataDate"] = when.isoformat()
