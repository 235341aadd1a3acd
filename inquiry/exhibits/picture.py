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
        bitmap = pdf[0].render(scale=DPI / 72, crop=(0, STRIP, 0, 0), may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()
    # The page's white margins are the PDF's, not the picture's.
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box is not None:
        image = image.crop(box)
    buf = io.BytesIO()
    if kind == "jpeg":
        image.save(buf, format="JPEG", quality=88, optimize=False)
    else:
        image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
