"""PNG and JPEG exhibits: one page each, and never a byte of their metadata.

A picture becomes one A4 page (landscape when it is wider than tall) with the image fitted within
the margins and turned as its EXIF orientation says, at no more than 300 dpi (`MAX_DPI`). A PNG
is decoded and re-encoded from its pixels alone; a JPEG keeps its compressed image data (unless
it is scaled down) but loses every segment that can carry text (EXIF, XMP, comments, ICC
descriptions, Photoshop blocks). The pixel count is checked from the header before anything is
decoded, so a picture that would take gigabytes to decode is refused at once.
"""

from __future__ import annotations

import io
import zlib

import pikepdf
from PIL import Image, ImageOps, UnidentifiedImageError

from inquiry.exhibits.errors import ExhibitError, describe
from inquiry.exhibits.geometry import A4, MM, Matrix, fmt, multiply, num
from inquiry.imagetexts import IMAGE_SEGMENTS, SHORT_SEGMENTS, jpeg_parts

IMAGE_MARGIN = 20 * MM
MAX_PIXELS = 60_000_000
"""The most pixels an image exhibit may have (a 60-megapixel photo decodes to ~180 MB of RGB);
Pillow's own bomb check only fires at twice its limit, so the header is checked first."""
MAX_SIDE = 30_000
"""The most pixels on either side: 2.5 m at 300 dpi, beyond any camera or scanner. A picture of
1 × 59,000,000 pixels is under `MAX_PIXELS`, yet its decoding ran out of memory."""
# Pillow's own check fires while opening, before the size can be read to say what it was; the
# header check in `image_pdf` comes first and refuses anything over MAX_PIXELS before decoding.
Image.MAX_IMAGE_PIXELS = None

MAX_DPI = 300
"""The finest a picture is shown on its page (the judiciary's guidance on electronic bundles: no
more than 300 dpi). A finer one is scaled down to it: a 48-megapixel phone photo of a letter is
1,000 dpi on A4, which OCR cannot rasterise within `limits.OCR_MEMORY` and a viewer is slow to
draw; at 300 dpi its words are as legible. A picture at or under 300 dpi keeps its own pixels
(a JPEG its own compressed data)."""
JPEG_QUALITY = 90

_KEEP_APP = {0xE0: (b"JFIF\0", 14), 0xEE: (b"Adobe", 12)}
"""JPEG application segments kept, cut to their fixed layout, which carries no text: JFIF's
density (its thumbnail dropped) and Adobe's colour transform. Every other APPn (EXIF, XMP,
ICC, Photoshop…), every COM and every segment a decoder does not need is dropped."""


def strip_jpeg_metadata(data: bytes) -> bytes:
    """The JPEG with every segment that is not its image (`imagetexts.IMAGE_SEGMENTS`) removed
    (in every scan of a progressive one) or cut to its fixed layout (JFIF, Adobe, DNL, DRI:
    red team h185 hid a name in a JFIF segment's stated length and in a DNL segment), and
    nothing after its end; the image data untouched."""
    out = bytearray()
    scanned = False
    for marker, start, end in jpeg_parts(data):
        if marker == -1:
            break
        scanned = scanned or marker == 0xDA
        segment = data[start:end]
        if marker in IMAGE_SEGMENTS or marker in (0xD8, 0xD9) or 0xD0 <= marker <= 0xD7:
            out += segment
        elif marker in SHORT_SEGMENTS and len(segment) >= 6:
            out += segment[:2] + b"\x00\x04" + segment[4:6]
        elif marker in _KEEP_APP:
            signature, size = _KEEP_APP[marker]
            payload = segment[4 : 4 + size]
            if payload.startswith(signature) and len(payload) == size:
                if marker == 0xE0:
                    payload = payload[:12] + b"\x00\x00"  # no thumbnail
                out += segment[:2] + (size + 2).to_bytes(2, "big") + payload
    if not scanned:
        raise ValueError("JPEG has no image data")
    return bytes(out)


def _too_large(width: int, height: int) -> ExhibitError:
    limit = f"{MAX_PIXELS:,} pixels, or {MAX_SIDE:,} on a side"
    return ExhibitError(
        f"is an image of {width:,} × {height:,} pixels, over the limit of {limit}",
        code="exhibit-too-large",
    )


def image_pdf(data: bytes, *, jpeg: bool) -> pikepdf.Pdf:
    """One page (landscape when the image is wider than tall) with the image fitted within
    the margins."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            sides = min(width, height), max(width, height)
            if width * height > MAX_PIXELS or sides[0] < 1 or sides[1] > MAX_SIDE:
                raise _too_large(width, height)
            image.load()  # decodes everything, so a truncated file fails here, not in a viewer
            orientation = exif_orientation(image)
            shown: Image.Image = image
            finer = _resolution(image.size, orientation) / MAX_DPI
            if finer > 1:  # a 48-megapixel phone photo: 1,000 dpi on the page
                upright = ImageOps.exif_transpose(image)
                size = (max(1, round(upright.width / finer)), max(1, round(upright.height / finer)))
                shown, orientation = upright.resize(size, Image.Resampling.LANCZOS), 1
                if jpeg:  # read back, as a JPEG file is (an Adobe CMYK one is stored inverted)
                    data = _jpeg_bytes(shown)
                    shown = Image.open(io.BytesIO(data))
            if jpeg:
                pdf, xobject = _jpeg_xobject(data, shown)
            else:
                pdf, xobject = _png_xobject(ImageOps.exif_transpose(shown))
                orientation = 1
    except ExhibitError:
        raise
    except (
        OSError,
        SyntaxError,
        ValueError,
        UnidentifiedImageError,
        zlib.error,
    ) as exc:
        raise ExhibitError(
            f"is not a readable image; it may be truncated or damaged ({describe(exc)})"
        ) from exc
    width, height = _upright(int(xobject.Width), int(xobject.Height), orientation)
    page_w, page_h, scale = _fit(width, height)
    shown_w, shown_h = width * scale, height * scale
    x0, y0 = (page_w - shown_w) / 2, (page_h - shown_h) / 2
    matrix = multiply(exif_matrix(orientation), (shown_w, 0, 0, shown_h, x0, y0))
    content = f"q {fmt(matrix)} cm /Im0 Do Q\n".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, num(page_w), num(page_h)]),
        CropBox=pikepdf.Array([0, 0, num(page_w), num(page_h)]),
        Rotate=0,
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    return pdf


def _upright(width: int, height: int, orientation: int) -> tuple[int, int]:
    # EXIF orientations 5-8 swap the displayed width and height
    return (height, width) if orientation >= 5 else (width, height)


def _fit(width: int, height: int) -> tuple[float, float, float]:
    """The page (landscape when wider than tall) and the points per pixel that fit the picture
    within its margins."""
    page_w, page_h = (A4[1], A4[0]) if width > height else A4
    scale = min((page_w - 2 * IMAGE_MARGIN) / width, (page_h - 2 * IMAGE_MARGIN) / height)
    return page_w, page_h, scale


def _resolution(size: tuple[int, int], orientation: int) -> float:
    """The picture's dots per inch as it is fitted on its page."""
    return 72 / _fit(*_upright(*size, orientation))[2]


def _jpeg_bytes(image: Image.Image) -> bytes:
    """A picture scaled down to `MAX_DPI`, encoded again as a JPEG (no metadata of its own)."""
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
    return buf.getvalue()


def _jpeg_xobject(data: bytes, image: Image.Image) -> tuple[pikepdf.Pdf, pikepdf.Stream]:
    """The JPEG's own compressed data as a DCTDecode image (no recompression, no quality loss),
    without its metadata; Adobe CMYK JPEGs are stored inverted."""
    clean = strip_jpeg_metadata(data)
    spaces = {"L": pikepdf.Name.DeviceGray, "RGB": pikepdf.Name.DeviceRGB}
    pdf = pikepdf.new()
    if image.mode == "CMYK":
        stream = pdf.make_stream(clean, ColorSpace=pikepdf.Name.DeviceCMYK)
        if "adobe" in image.info:
            stream.Decode = pikepdf.Array([1, 0] * 4)
    elif image.mode in spaces:
        stream = pdf.make_stream(clean, ColorSpace=spaces[image.mode])
    else:
        raise ValueError(f"unsupported JPEG colour mode {image.mode}")
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Image
    stream.Width, stream.Height = image.size
    stream.BitsPerComponent = 8
    stream.Filter = pikepdf.Name.DCTDecode
    return pdf, stream


def _png_xobject(image: Image.Image) -> tuple[pikepdf.Pdf, pikepdf.Stream]:
    """A Flate image from any Pillow mode: transparency flattened onto white, 16-bit scaled down."""
    flat = _flatten_mode(image)
    space = {
        "L": pikepdf.Name.DeviceGray,
        "RGB": pikepdf.Name.DeviceRGB,
        "CMYK": pikepdf.Name.DeviceCMYK,
    }[flat.mode]
    pdf = pikepdf.new()
    stream = pdf.make_stream(
        zlib.compress(flat.tobytes(), 9),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=flat.width,
        Height=flat.height,
        ColorSpace=space,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    return pdf, stream


def _flatten_mode(image: Image.Image) -> Image.Image:
    """Reduce an image to L, RGB or CMYK with 8 bits per component and no transparency."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # Pillow clips 16-bit values when converting to L; scale them down instead
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if image.mode == "P" or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        white = Image.new("RGBA", image.size, "white")
        white.alpha_composite(image.convert("RGBA"))
        image = white.convert("RGB")
    if image.mode == "1":
        image = image.convert("L")
    if image.mode not in ("L", "RGB", "CMYK"):
        image = image.convert("RGB")
    return image


def exif_orientation(image: Image.Image) -> int:
    """The EXIF orientation (1-8) a camera recorded; viewers honour it, so the bundle must too."""
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not sink an otherwise good photo
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def exif_matrix(orientation: int) -> Matrix:
    """Maps the unit square of the stored image onto the unit square of the upright image.

    An image XObject fills the unit square with its first row at the top; each EXIF orientation
    is a rotation and/or mirror of that square."""
    return {
        1: (1, 0, 0, 1, 0, 0),
        2: (-1, 0, 0, 1, 1, 0),  # mirrored horizontally
        3: (-1, 0, 0, -1, 1, 1),  # rotated 180
        4: (1, 0, 0, -1, 0, 1),  # mirrored vertically
        5: (0, -1, -1, 0, 1, 1),  # transposed
        6: (0, -1, 1, 0, 0, 1),  # rotated 90 clockwise to view
        7: (0, 1, 1, 0, 0, 0),  # transversed
        8: (0, 1, -1, 0, 1, 0),  # rotated 90 counter-clockwise to view
    }[orientation]
