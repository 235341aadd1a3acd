"""Pages rebuilt as pictures of themselves (for `inquiry.exhibits.redact`): each rendered as it is
seen with its boxes painted in for reading (blank, the code in black), boxes added in a later
round, and at the end the picture shown swapped in (every box black, every label white). Nothing
of the original page is kept, nor the catalogue's outline, info or metadata."""

from __future__ import annotations

import io
import math

import pikepdf
import pypdfium2 as pdfium
from PIL import Image

from inquiry.exhibits.find import Box, RedactionFailed, open_pdfium
from inquiry.exhibits.redact_pages import (
    Sheet,
    draw_boxes,
    image_stream,
    picture,
    plain,
    replace_page,
    save,
    shown,
)

MAX_PIXELS = 40_000_000
"""A rebuilt page never has more pixels than this: a poster-sized page is drawn at a lower dpi."""
Paint = tuple[Box, str | None, float]
"""One box to paint: where (user space), the code its label names, the padding around it."""


def rebuild(
    pdf: bytes, plan: dict[int, list[Paint]], *, dpi: int
) -> tuple[bytes, dict[int, Sheet]]:
    """`pdf` with each page in `plan` replaced by its reading image (see `redact.redact_pdf`)."""
    document = open_pdfium(pdf)
    images: dict[int, Image.Image] = {}
    sheets: dict[int, Sheet] = {}
    try:
        for index, paints in plan.items():
            page = document[index]
            try:
                images[index], sheets[index] = render(page, paints, dpi=dpi)
            finally:
                page.close()
    finally:
        document.close()
    with pikepdf.open(io.BytesIO(pdf)) as out:
        for index, image in images.items():
            replace_page(out, out.pages[index].obj, image, sheets[index])
        # Catalogue-level text (outline titles, document info, XMP, structure) may hold a
        # redacted string too, and no page needs it: only the page tree is kept.
        for key in list(out.Root.keys()):
            if key not in ("/Type", "/Pages"):
                del out.Root[key]
        if "/Info" in out.trailer:
            del out.trailer["/Info"]
        return save(out), sheets


def render(page: pdfium.PdfPage, paints: list[Paint], *, dpi: int) -> tuple[Image.Image, Sheet]:
    """The page rendered as seen (CropBox, /Rotate), at up to `dpi` and `MAX_PIXELS`, with the
    boxes drawn for reading; and its sheet."""
    left, bottom, right, top = page.get_bbox()
    rotation = page.get_rotation()
    width, height = right - left, top - bottom
    if rotation in (90, 270):
        width, height = height, width
    scale = min(dpi / 72, math.sqrt(MAX_PIXELS / max(width * height, 1e-6)))
    while math.ceil(width * scale) * math.ceil(height * scale) > MAX_PIXELS:  # pdfium rounds up
        scale *= 0.99
    try:
        image = page.render(scale=scale, draw_annots=True, may_draw_forms=False).to_pil()
    except Exception as exc:  # pdfium reports failures in several ways; none may escape
        raise RedactionFailed(f"a page could not be rendered ({exc})") from exc
    sheet = Sheet(width, height, scale)
    for box, code, pad in paints:
        x0, y0, x1, y1 = shown(box, right - left, top - bottom, rotation)
        sheet.boxes.append(((x0 - pad, y0 - pad, x1 + pad, y1 + pad), code))
    image = plain(image)
    draw_boxes(image, sheet, sheet.boxes, reading=True)
    return image, sheet


def add_boxes(pdf: bytes, more: dict[int, list[Paint]], sheets: dict[int, Sheet]) -> bytes:
    """The reading pages in `more` with more boxes, and their OCR text layers gone (so OCR
    reads them again). A rebuilt page is upright with its origin at 0, 0: its user space is
    the page as seen."""
    with pikepdf.open(io.BytesIO(pdf)) as out:
        for index, paints in more.items():
            sheet, page = sheets[index], out.pages[index].obj
            image = picture(page)
            new = [((x0 - p, y0 - p, x1 + p, y1 + p), code) for (x0, y0, x1, y1), code, p in paints]
            sheet.boxes += new
            draw_boxes(image, sheet, new, reading=True)
            replace_page(out, page, image, sheet)
        return save(out)


def show_boxes(pdf: bytes, sheets: dict[int, Sheet]) -> bytes:
    """Each rebuilt page's reading image swapped for the image shown: every box black, every
    label white. Nothing else changes, the OCR text layer included."""
    with pikepdf.open(io.BytesIO(pdf)) as out:
        for index, sheet in sheets.items():
            page = out.pages[index].obj
            image = picture(page)
            draw_boxes(image, sheet, sheet.boxes, reading=False)
            page.Resources.XObject.Im0 = image_stream(out, image, lossless=False)
        return save(out)
