"""An image exhibit as a picture for the DOCX, drawn from its prepared page.

The DOCX shows the same picture the PDF shows: drawn from the prepared (sanitised and, in the
public edition, redacted) page rather than copied from the original file, so a redaction box is
never missing from one format and nothing of the file's own metadata travels with it.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops

from inquiry.render.pdf.stamps import STRIP

DPI = 150


def picture(prepared: Path, kind: str) -> bytes:
    """The first page of a prepared exhibit, without its strip, as JPEG (photos) or PNG."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(prepared))
    try:
        page = pdf[0]
        placed = _placed(page)
        # The picture where the page places it, its own white edges and all; else (a page
        # rebuilt from pixels by redaction, one image over the whole page) the page less its
        # strip, cut to what is not white: the page's white margins are the PDF's.
        crop = (0.0, float(STRIP), 0.0, 0.0) if placed is None else placed
        bitmap = page.render(scale=DPI / 72, crop=crop, may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()
    if placed is None:
        box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
        if box is not None:
            image = image.crop(box)
    buf = io.BytesIO()
    if kind == "jpeg":
        image.save(buf, format="JPEG", quality=88, optimize=False)
    else:
        image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _placed(page: object) -> tuple[float, float, float, float] | None:
    """How far the page's one image lies from each edge (left, bottom, right, top, in points,
    as pdfium's `render(crop=)` takes them), when the page holds one image that does not
    cover it whole; else None."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    assert isinstance(page, pypdfium2.PdfPage)
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    if len(images) != 1:
        return None
    left, bottom, right, top = images[0].get_bounds()
    x0, y0, x1, y1 = page.get_bbox()  # the visible page, strip included
    edges = (
        max(0.0, left - x0),
        max(float(STRIP), bottom - y0),
        max(0.0, x1 - right),
        max(0.0, y1 - top),
    )
    if (
        edges[0] + edges[2] + edges[3] + (edges[1] - STRIP) < 1.0
        or min(right - left, top - bottom) < 1.0
    ):
        return None  # the whole page: one rebuilt from pixels
    return edges
