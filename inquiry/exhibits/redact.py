"""Redaction of exhibits that removes, never covers.

A black box drawn over text that can still be copied out is the classic redaction failure, so a
page with anything to redact is not edited: it is replaced. The page is rendered to pixels, the
boxes are painted into those pixels with their reason code, and a new page holding only that
image takes the old page's place; then OCR gives it a fresh text layer, read from a copy with
the boxes blank and the codes in black (so the layer has the words around each box and the codes,
and OCR's reading of the box itself cannot garble them). What OCR still finds of a redacted string
on the rebuilt page is boxed in a further round. Nothing of the original page (its text, fonts,
images, annotations) is left in the file, nor the document's outline, info or metadata. Pages
with nothing to redact are kept as they are, and so are their objects.

Strings are found through the page's text layer (born digital, or added by OCR beforehand) with
the bundle's own matcher, so an exhibit hides a name exactly where the bundle's text would.

Coordinates are PDF points in the page's own user space (as the page is stored, before any
/Rotate), measured from the lower-left corner of its visible area (the CropBox, inside the
MediaBox). For an upright page, which is every page made from a PNG or JPEG, that is the page as
it is seen. OCR's rotation of a sideways scan changes only /Rotate, so it moves nothing.
"""

from __future__ import annotations

import io
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFont

from inquiry.exhibits import ocr as exhibits_ocr
from inquiry.exhibits.find import Box, PageSurvey, RedactionFailed, open_pdfium, survey
from inquiry.redaction import Entry, Matcher, mark_label

MAX_PIXELS = 40_000_000
"""A rebuilt page never has more pixels than this: a poster-sized page is drawn at a lower dpi."""
STRING_PAD = 1.5
"""Points added around a found string's box: glyphs overshoot their boxes, and antialiasing
spreads a glyph's edge into the next pixel."""
MIN_LABEL_PT = 4.0
"""A label smaller than this could not be read: it is left out, the box stays."""
JPEG_QUALITY = 85
CHECK_ROUNDS = 2
"""After OCR, a rebuilt page is searched again; what OCR still reads there is boxed too."""


StringRedaction = Entry
"""Hide every occurrence of `text` in the exhibit's text layer; the mark names `code`."""


@dataclass(frozen=True)
class RegionRedaction:
    """Hide `box` = (x0, y0, x1, y1) of 1-based `page` (see the module's note on coordinates)."""

    page: int
    box: Box
    code: str | None = None


@dataclass(frozen=True)
class Mark:
    """One redaction made: its 1-based page and reason code, never what was hidden."""

    page: int
    code: str | None


@dataclass(frozen=True)
class RedactResult:
    """The redacted PDF; a mark per string occurrence and per region; the strings found nowhere
    (to be warned about); the 1-based pages rebuilt from pixels; and the rebuilt pages on which
    OCR still read a redacted string after every round (left without a text layer, to be
    checked by eye: a warning)."""

    pdf: bytes
    marks: list[Mark]
    missing: list[str]
    rebuilt: list[int] = field(default_factory=list)
    unverified: list[int] = field(default_factory=list)


Paint = tuple[Box, str | None, float]
"""One box to paint: where (user space), the code its label names, the padding around it."""


# --------------------------------------------------------------------------- redacting


def redact_pdf(
    pdf: bytes,
    strings: Sequence[StringRedaction],
    regions: Sequence[RegionRedaction],
    *,
    dpi: int = 300,
    ocr: bool,
    language: str = "eng",
    texts: Sequence[str] | None = None,
) -> RedactResult:
    """Rebuild from pixels every page of `pdf` holding one of `strings` or `regions`, boxed and
    labelled with the code, then (when `ocr` and the tools are installed) OCR those pages.
    The same input gives the same bytes. Raises `RedactionFailed` for a region off the exhibit
    or a page pdfium cannot render; from OCR, `exhibits_ocr.OcrFailed` or `LimitExceeded`.
    `texts`, when given, is each page's extracted text already read (`exhibits_ocr.read_pages`):
    then only the pages holding a string, or a region, are read again."""
    matcher = Matcher.of((s.text, s.code) for s in strings)
    if texts is None:
        pages = survey(pdf, matcher)
    else:
        wanted = {
            i for i, text in enumerate(texts) if matcher.search(text) or matcher.words_present(text)
        }
        wanted |= {r.page - 1 for r in regions if 1 <= r.page <= len(texts)}
        pages = survey(pdf, matcher, wanted) if wanted else []
        pages = [
            pages[i] if i in wanted else PageSurvey(text, [], (0.0, 0.0))
            for i, text in enumerate(texts)
        ]
    plan = [_paints(page.hits) for page in pages]
    marks = [Mark(n, code) for n, page in enumerate(pages, start=1) for _, code in page.hits]
    for region in regions:
        plan[_check_region(region, [page.size for page in pages])].append(
            (region.box, region.code, 0.0)
        )
        marks.append(Mark(region.page, region.code))
    texts = [page.text for page in pages]
    affected = [i for i, paints in enumerate(plan) if paints]
    if not affected:
        return RedactResult(pdf, [], _missing(strings, texts))
    # Each rebuilt page exists in two versions: the one OCR reads, with the boxes blank and the
    # labels in black (so the text layer has the words around a box, and the codes, and nothing
    # else), and the one shown, with opaque black boxes and white labels. The shown image goes
    # in last, under the text layer read from the other.
    reading, sheets = _rebuild(pdf, {i: plan[i] for i in affected}, dpi=dpi)
    unverified: list[int] = []
    for attempt in range(CHECK_ROUNDS + 1):
        if not (ocr and exhibits_ocr.ocr_available(language)):
            break
        ocred = exhibits_ocr.add_text_layer(reading, affected, language=language, rotate=False)
        again = survey(ocred, matcher, affected)
        texts += [again[i].text for i in affected]
        more = {i: _paints(again[i].hits) for i in affected if again[i].hits}
        if not more:
            reading = ocred
            break
        if attempt == CHECK_ROUNDS:
            # Never ship a text layer that still holds a string: these pages stay image-only.
            unverified = [i + 1 for i in sorted(more)]
            break
        # A hit over a box already painted is the same occurrence, found again.
        marks += [
            Mark(i + 1, code)
            for i in more
            for boxes, code in again[i].hits
            if not any(_overlap(a, b) for a in boxes for b, _ in sheets[i].boxes)
        ]
        reading = _add_boxes(reading, more, sheets)
    marks.sort(key=lambda m: m.page)
    pdf = _show(reading, sheets)
    return RedactResult(pdf, marks, _missing(strings, texts), [i + 1 for i in affected], unverified)


def _paints(hits: list[tuple[list[Box], str | None]]) -> list[Paint]:
    return [(box, code, STRING_PAD) for boxes, code in hits for box in boxes]


def _check_region(region: RegionRedaction, sizes: Sequence[tuple[float, float]]) -> int:
    """The region's 0-based page; a region off the exhibit is an error, never ignored."""
    if not 1 <= region.page <= len(sizes):
        raise RedactionFailed(
            f"a region is on page {region.page}, but the exhibit has {len(sizes)}"
        )
    x0, y0, x1, y1 = region.box
    width, height = sizes[region.page - 1]
    if not (x0 < x1 and y0 < y1):
        raise RedactionFailed(f"the region on page {region.page} has no area: {list(region.box)}")
    if x1 <= 0 or y1 <= 0 or x0 >= width or y0 >= height:
        raise RedactionFailed(
            f"the region {list(region.box)} lies outside page {region.page}"
            f" ({width:g} × {height:g} pt)"
        )
    return region.page - 1


def _missing(strings: Sequence[StringRedaction], texts: list[str]) -> list[str]:
    """The strings found on no page, each once, in the order given."""
    out: list[str] = []
    # A NUL between pages: no name runs on from one page to the next.
    whole = " \x00 ".join(texts)
    for s in strings:
        one = Matcher.of([(s.text, s.code)])
        if one and s.text not in out and not one.search(whole):
            out.append(s.text)
    return out


# --------------------------------------------------------------------------- rebuilding


@dataclass
class _Sheet:
    """A rebuilt page: its size in points, its pixels per point, and the boxes painted on it
    (in points on the page as seen, padding included) with their codes."""

    width: float
    height: float
    scale: float
    boxes: list[tuple[Box, str | None]] = field(default_factory=list)


def _rebuild(
    pdf: bytes, plan: dict[int, list[Paint]], *, dpi: int
) -> tuple[bytes, dict[int, _Sheet]]:
    """`pdf` with each page in `plan` replaced by its reading image (see `redact_pdf`)."""
    document = open_pdfium(pdf)
    images: dict[int, Image.Image] = {}
    sheets: dict[int, _Sheet] = {}
    try:
        for index, paints in plan.items():
            page = document[index]
            try:
                images[index], sheets[index] = _render(page, paints, dpi=dpi)
            finally:
                page.close()
    finally:
        document.close()
    with pikepdf.open(io.BytesIO(pdf)) as out:
        for index, image in images.items():
            _replace_page(out, out.pages[index].obj, image, sheets[index])
        # Catalogue-level text (outline titles, document info, XMP, structure) may hold a
        # redacted string too, and no page needs it: only the page tree is kept.
        for key in list(out.Root.keys()):
            if key not in ("/Type", "/Pages"):
                del out.Root[key]
        if "/Info" in out.trailer:
            del out.trailer["/Info"]
        return _save(out), sheets


def _render(page: pdfium.PdfPage, paints: list[Paint], *, dpi: int) -> tuple[Image.Image, _Sheet]:
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
    sheet = _Sheet(width, height, scale)
    for box, code, pad in paints:
        x0, y0, x1, y1 = _shown(box, right - left, top - bottom, rotation)
        sheet.boxes.append(((x0 - pad, y0 - pad, x1 + pad, y1 + pad), code))
    image = _plain(image)
    _draw(image, sheet, sheet.boxes, reading=True)
    return image, sheet


def _add_boxes(pdf: bytes, more: dict[int, list[Paint]], sheets: dict[int, _Sheet]) -> bytes:
    """The reading pages in `more` with more boxes, and their OCR text layers gone (so OCR
    reads them again). A rebuilt page is upright with its origin at 0, 0: its user space is
    the page as seen."""
    with pikepdf.open(io.BytesIO(pdf)) as out:
        for index, paints in more.items():
            sheet, page = sheets[index], out.pages[index].obj
            image = _picture(page)
            new = [((x0 - p, y0 - p, x1 + p, y1 + p), code) for (x0, y0, x1, y1), code, p in paints]
            sheet.boxes += new
            _draw(image, sheet, new, reading=True)
            _replace_page(out, page, image, sheet)
        return _save(out)


def _show(pdf: bytes, sheets: dict[int, _Sheet]) -> bytes:
    """Each rebuilt page's reading image swapped for the image shown: every box black, every
    label white. Nothing else changes, the OCR text layer included."""
    with pikepdf.open(io.BytesIO(pdf)) as out:
        for index, sheet in sheets.items():
            page = out.pages[index].obj
            image = _picture(page)
            _draw(image, sheet, sheet.boxes, reading=False)
            page.Resources.XObject.Im0 = _image_stream(out, image, lossless=False)
        return _save(out)


def _draw(
    image: Image.Image, sheet: _Sheet, boxes: list[tuple[Box, str | None]], *, reading: bool
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
        _label(draw, px, mark_label(code), "black" if reading else "white", MIN_LABEL_PT * scale)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _shown(box: Box, width: float, height: float, rotation: int) -> Box:
    """`box` (user space from the visible area's lower-left) on the page as it is seen."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return (y0, width - x1, y1, width - x0)
    if rotation == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if rotation == 270:
        return (height - y1, x0, height - y0, x1)
    return (x0, y0, x1, y1)


def _plain(image: Image.Image) -> Image.Image:
    """RGB, or greyscale when no pixel has colour (a smaller image, the same look)."""
    image = image.convert("RGB")
    red, green, blue = image.split()
    if ImageChops.difference(red, green).getbbox() or ImageChops.difference(green, blue).getbbox():
        return image
    return red


def _label(
    draw: ImageDraw.ImageDraw, px: tuple[int, int, int, int], text: str, fill: str, min_px: float
) -> None:
    """`text` centred in the box, shrunk to fit; left out if it would be too small to read."""
    width, height = px[2] - px[0], px[3] - px[1]
    size = height * 0.7
    font = ImageFont.load_default(size=max(1.0, size))
    length = draw.textlength(text, font=font)
    if length > width * 0.9:
        size *= width * 0.9 / length
        font = ImageFont.load_default(size=max(1.0, size))
    if size < min_px:
        return
    centre = ((px[0] + px[2]) / 2, (px[1] + px[3]) / 2)
    draw.text(centre, text, fill=fill, font=font, anchor="mm")


def _replace_page(
    pdf: pikepdf.Pdf, page: pikepdf.Dictionary, image: Image.Image, sheet: _Sheet
) -> None:
    """Empty the page object and make it a page of the sheet's size showing only `image`. The
    object itself stays, so a link to the page from elsewhere still lands on it, and no such
    link can keep the old page's contents in the file."""
    w, h = _num(sheet.width), _num(sheet.height)
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
    xobjects = pikepdf.Dictionary(Im0=_image_stream(pdf, image, lossless=True))
    page.Resources = pikepdf.Dictionary(XObject=xobjects)
    page.Contents = pdf.make_stream(f"q {w} 0 0 {h} 0 0 cm /Im0 Do Q\n".encode())


def _image_stream(pdf: pikepdf.Pdf, image: Image.Image, *, lossless: bool) -> pikepdf.Stream:
    """`image` as an image XObject: Flate when `lossless` (a reading image, read again later),
    otherwise the smaller of Flate and JPEG."""
    data, codec = (zlib.compress(image.tobytes(), 6), pikepdf.Name.FlateDecode)
    if not lossless:
        data, codec = _encode(image)
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


def _picture(page: pikepdf.Dictionary) -> Image.Image:
    """The image of a rebuilt page, as painted (its reading version is lossless)."""
    stream = page.Resources.XObject.Im0
    assert isinstance(stream, pikepdf.Stream)
    return pikepdf.PdfImage(stream).as_pil_image()


def _save(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _encode(image: Image.Image) -> tuple[bytes, pikepdf.Name]:
    """The smaller of lossless Flate (a page of text: sharp, and usually smaller) and JPEG (a
    photograph); both are the same bytes for the same pixels."""
    flate = zlib.compress(image.tobytes(), 6)
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
    if len(flate) <= len(jpeg.getvalue()):
        return flate, pikepdf.Name.FlateDecode
    return jpeg.getvalue(), pikepdf.Name.DCTDecode


def _num(value: float) -> Decimal | int:
    """A page size as a compact, exact PDF number (the same text in the box and the matrix)."""
    rounded = round(value, 4)
    return int(rounded) if rounded.is_integer() else Decimal(str(rounded))


__all__ = [
    "Mark",
    "RedactResult",
    "RedactionFailed",
    "RegionRedaction",
    "StringRedaction",
    "redact_pdf",
]
