"""Drawing a redacted page: the sheet a page is rebuilt on, its boxes and labels, and the page
object emptied to show only that image (see `inquiry.exhibits.redact`)."""

from __future__ import annotations

import io
import math
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf
from PIL import Image, ImageChops, ImageDraw

from inquiry.exhibits.find import Box
from inquiry.picture_font import picture_font
from inquiry.redaction import mark_label

JPEG_QUALITY = 85
MIN_LABEL_PT = 4.0
"""A label smaller than this could not be read: it is left out, the box stays."""


@dataclass
class Sheet:
    """A rebuilt page: its size in points, its pixels per point, and the boxes painted on it
    (in points on the page as seen, padding included) with their codes."""

    width: float
    height: float
    scale: float
    boxes: list[tuple[Box, str | None]] = field(default_factory=list)


def draw_boxes(
    image: Image.Image, sheet: Sheet, boxes: list[tuple[Box, str | None]], *, reading: bool
) -> None:
    """Paint `boxes` (points on the page as seen): for reading blank with a black label, to be
    shown black with a white label."""
    draw = ImageDraw.Draw(image)
    scale = sheet.scale
    for (x0, y0, x1, y1), code in boxes:
        # Pixels: y grows downwards; round outwards so the box covers at least what was asked.
        px = (
            max(0, math.floor(x0 * scale)),
            max(0, math.floor((sheet.height - y1) * scale)),
            min(image.width, math.ceil(x1 * scale)),
            min(image.height, math.ceil((sheet.height - y0) * scale)),
        )
        if px[2] <= px[0] or px[3] <= px[1]:
            continue
        draw.rectangle((px[0], px[1], px[2] - 1, px[3] - 1), fill="white" if reading else "black")
        label(draw, px, mark_label(code), "black" if reading else "white", MIN_LABEL_PT * scale)


def shown(box: Box, width: float, height: float, rotation: int) -> Box:
    """`box` (user space from the visible area's lower-left) on the page as it is seen."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return (y0, width - x1, y1, width - x0)
    if rotation == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if rotation == 270:
        return (height - y1, x0, height - y0, x1)
    return (x0, y0, x1, y1)


def unshown(box: Box, width: float, height: float, rotation: int) -> Box:
    """`box` on the page as it is seen, in user space from the visible area's lower-left: what
    `shown` undoes (`width` and `height` are the visible area's in user space)."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return (width - y1, x0, width - y0, x1)
    if rotation == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if rotation == 270:
        return (y0, height - x1, y1, height - x0)
    return (x0, y0, x1, y1)


def plain(image: Image.Image) -> Image.Image:
    """RGB, or greyscale when no pixel has colour (a smaller image, the same look)."""
    image = image.convert("RGB")
    red, green, blue = image.split()
    if ImageChops.difference(red, green).getbbox() or ImageChops.difference(green, blue).getbbox():
        return image
    return red


def label(
    draw: ImageDraw.ImageDraw, px: tuple[int, int, int, int], text: str, fill: str, min_px: float
) -> None:
    """`text` centred in the box, shrunk to fit; left out if it would be too small to read."""
    width, height = px[2] - px[0], px[3] - px[1]
    size = height * 0.7
    font = picture_font(max(1.0, size))
    length = draw.textlength(text, font=font)
    if length > width * 0.9:
        size *= width * 0.9 / length
        font = picture_font(max(1.0, size))
    if size < min_px:
        return
    centre = ((px[0] + px[2]) / 2, (px[1] + px[3]) / 2)
    draw.text(centre, text, fill=fill, font=font, anchor="mm")


def replace_page(
    pdf: pikepdf.Pdf, page: pikepdf.Dictionary, image: Image.Image, sheet: Sheet
) -> None:
    """Empty the page object and make it a page of the sheet's size showing only `image`. The
    object itself stays, so a link to the page from elsewhere still lands on it, and no such
    link can keep the old page's contents in the file."""
    w, h = pdf_number(sheet.width), pdf_number(sheet.height)
    parent = page.get("/Parent")
    for key in list(page.keys()):
        del page[key]
    page.Type = pikepdf.Name.Page
    if parent is not None:
        page.Parent = parent
    # Every inheritable key is set, so nothing of the page tree's defaults applies.
    page.MediaBox = pikepdf.Array([0, 0, w, h])
    page.CropBox = pikepdf.Array([0, 0, w, h])
    page.Rotate = 0
    xobjects = pikepdf.Dictionary(Im0=image_stream(pdf, image, lossless=True))
    page.Resources = pikepdf.Dictionary(XObject=xobjects)
    page.Contents = pdf.make_stream(f"q {w} 0 0 {h} 0 0 cm /Im0 Do Q\n".encode())


def image_stream(pdf: pikepdf.Pdf, image: Image.Image, *, lossless: bool) -> pikepdf.Stream:
    """`image` as an image XObject: Flate when `lossless` (a reading image, read again later),
    otherwise the smaller of Flate and JPEG."""
    data, codec = (zlib.compress(image.tobytes(), 6), pikepdf.Name.FlateDecode)
    if not lossless:
        data, codec = encode(image)
    return pdf.make_stream(
        data,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=pikepdf.Name.DeviceGray if image.mode == "L" else pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=codec,
    )


def picture(page: pikepdf.Dictionary) -> Image.Image:
    """The image of a rebuilt page, as painted (its reading version is lossless)."""
    stream = page.Resources.XObject.Im0
    assert isinstance(stream, pikepdf.Stream)
    return pikepdf.PdfImage(stream).as_pil_image()


def save(pdf: pikepdf.Pdf) -> bytes:
    """The file's bytes, the same for the same content (a fixed /ID)."""
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def encode(image: Image.Image) -> tuple[bytes, pikepdf.Name]:
    """The smaller of lossless Flate (a page of text: sharp, and usually smaller) and JPEG (a
    photograph); both are the same bytes for the same pixels."""
    flate = zlib.compress(image.tobytes(), 6)
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
    if len(flate) <= len(jpeg.getvalue()):
        return flate, pikepdf.Name.FlateDecode
    return jpeg.getvalue(), pikepdf.Name.DCTDecode


def pdf_number(value: float) -> Decimal | int:
    """A page size as a compact, exact PDF number (the same text in the box and the matrix)."""
    rounded = round(value, 4)
    return int(rounded) if rounded.is_integer() else Decimal(str(rounded))
