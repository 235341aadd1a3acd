"""Exhibits in the DOCX: pictures embedded, PDFs described.

A Word document cannot hold a PDF's pages faithfully, so the DOCX stands in for each PDF exhibit
with a page saying what it is, how long, and its SHA-256; the PDF bundle reproduces it in full.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from inquiry.checks.exhibits import resolve, sniff
from inquiry.errors import BuildFailed
from inquiry.model import Exhibit
from inquiry.numbering import Numbered
from inquiry.render.docx.blocks import details
from inquiry.render.docx.context import SEP, Context, bookmark

TEXT_WIDTH_CM = 16.0
MAX_HEIGHT_CM = 18.5  # a page less its heading, caption and details


def _read(ctx: Context, exhibit: Exhibit) -> tuple[Path, bytes]:
    found = resolve(ctx.root, exhibit.file)
    if isinstance(found, str):
        raise BuildFailed(message=f"exhibit is {found}", file=exhibit.file)
    try:
        return found, found.read_bytes()
    except OSError as exc:
        raise BuildFailed(
            message=f"cannot read exhibit: {exc.strerror}", file=exhibit.file
        ) from exc


def _pdf_pages(data: bytes, file: str) -> int:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise BuildFailed(message=f"cannot read the PDF exhibit: {exc}", file=file) from exc


def _fit(data: bytes, file: str) -> tuple[float, float]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError) as exc:
        raise BuildFailed(message=f"cannot read the image exhibit: {exc}", file=file) from exc
    scale = min(TEXT_WIDTH_CM / width, MAX_HEIGHT_CM / height)
    return width * scale, height * scale


def _hash(data: bytes) -> str:
    return f'[{hashlib.sha256(data).hexdigest()}]{{custom-style="Hash"}}'


def exhibits(ctx: Context, numbered: Numbered) -> None:
    """Each exhibit on a page of its own after the item."""
    for n, exhibit in enumerate(numbered.item.exhibits, 1):
        path, data = _read(ctx, exhibit)
        kind = sniff(data[:1024])
        name = ctx.t(SEP.join((numbered.number, f"Exhibit {n}", path.name)))
        ctx.out.heading(3, name, bookmark=f"{bookmark(numbered.number)}_exhibit_{n}", new_page=True)
        if kind == "pdf":
            pages = _pdf_pages(data, exhibit.file)
            details(
                ctx,
                [
                    ("Description", ctx.t(exhibit.description)),
                    ("File", ctx.t(exhibit.file)),
                    ("Pages", ctx.t(str(pages))),
                    ("SHA-256", _hash(data)),
                ],
            )
            ctx.out.styled(
                "Exhibit Note",
                ctx.t(
                    f"This PDF exhibit ({pages} page{'s' * (pages != 1)}) is reproduced in full "
                    f"in the PDF bundle, after item {numbered.number}."
                ),
            )
        elif kind in ("png", "jpeg"):
            width, height = _fit(data, exhibit.file)
            ctx.out.image(
                data,
                f"image/{kind}",
                alt=ctx.t(exhibit.description),
                width_cm=width,
                height_cm=height,
            )
            details(
                ctx,
                [
                    ("File", ctx.t(exhibit.file)),
                    ("SHA-256", _hash(data)),
                ],
            )
        else:
            raise BuildFailed(message="exhibit is not a PDF, PNG or JPEG", file=exhibit.file)
