"""An ocrmypdf plugin (`--plugin` this file, for `inquiry.exhibits.ocr`): a page is rasterised
for OCR at no more than `MAX_PIXELS`.

ocrmypdf rasterises a page at the resolution of its sharpest image, so a 12,000 × 17,000 scan on
an A4 page (1,450 dpi) becomes a 204-megapixel bitmap, 0.8 GB at pdfium's four bytes a pixel.
Under OCR's memory limit pdfium then draws nothing at all: Tesseract reads a blank page, and the
build reported that OCR found no words on a page full of them. Tesseract is never given more
than `MAX_PIXELS` anyway (`--max-ocr-image-mpixels`, which shrinks the bitmap only after it is
drawn): the page is drawn at that size to begin with. Its resolution is lowered with it, and
ocrmypdf reads the resolution from the drawn image to place the words on the page.

This file runs inside ocrmypdf's own process, which cannot be assumed to import `inquiry`: it
imports only ocrmypdf and pikepdf.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import pikepdf
from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins import pypdfium
from ocrmypdf.helpers import Resolution

MAX_PIXELS = 16_000_000
"""The most pixels a page is drawn with for OCR: `--max-ocr-image-mpixels` (16) in
`inquiry.exhibits.ocr`, A4 at about 400 dpi."""


@hookimpl(tryfirst=True)
def rasterize_pdf_page(
    input_file: Path,
    output_file: Path,
    raster_device: str,
    raster_dpi: Resolution[Any],
    pageno: int,
    page_dpi: Resolution[Any] | None,
    rotation: int | None,
    filter_vector: bool,
    stop_on_soft_error: bool,
    options: Any,
    use_cropbox: bool,
) -> Path | None:
    """ocrmypdf's own pypdfium2 rasteriser, at a resolution lowered to fit `MAX_PIXELS`."""
    factor = scale(input_file, pageno, raster_dpi, use_cropbox=use_cropbox)
    if factor < 1.0:
        raster_dpi = Resolution(raster_dpi.x * factor, raster_dpi.y * factor)
        if page_dpi is not None:
            page_dpi = Resolution(page_dpi.x * factor, page_dpi.y * factor)
    result: Path | None = pypdfium.rasterize_pdf_page(
        input_file=input_file,
        output_file=output_file,
        raster_device=raster_device,
        raster_dpi=raster_dpi,
        pageno=pageno,
        page_dpi=page_dpi,
        rotation=rotation,
        filter_vector=filter_vector,
        stop_on_soft_error=stop_on_soft_error,
        options=options,
        use_cropbox=use_cropbox,
    )
    return result


def scale(path: Path, pageno: int, dpi: Resolution[Any], *, use_cropbox: bool) -> float:
    """How much to lower `dpi` (1.0: not at all) for page `pageno` (1-based) of `path` to be
    drawn with at most `MAX_PIXELS`."""
    width, height = _sizes(str(path), use_cropbox)[pageno - 1]
    pixels = width * float(dpi.x) * height * float(dpi.y)
    if pixels <= MAX_PIXELS:
        return 1.0
    return math.sqrt(MAX_PIXELS / pixels) * 0.999  # pdfium rounds each side up


@functools.lru_cache(maxsize=4)
def _sizes(path: str, use_cropbox: bool) -> list[tuple[float, float]]:
    """Each page's size in inches, the file opened once for all its pages (ocrmypdf draws them
    one by one from the same file)."""
    with pikepdf.open(path) as pdf:
        boxes = [page.cropbox if use_cropbox else page.mediabox for page in pdf.pages]
        return [
            (abs(float(b[2]) - float(b[0])) / 72.0, abs(float(b[3]) - float(b[1])) / 72.0)
            for b in boxes
        ]
