"""A scan far sharper than OCR needs is drawn for OCR at no more than 16 megapixels.

ocrmypdf draws a page at the resolution of its sharpest image: a 1,450-dpi A4 scan became a
204-megapixel bitmap, and under OCR's memory limit pdfium drew nothing, so Tesseract read a
blank page and the build said OCR had found no words on a page full of them."""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from inquiry.exhibits.ocr import add_text_layer
from inquiry.exhibits.ocr_raster import MAX_PIXELS
from inquiry.limits import GiB

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("pdftotext") is None,
    reason="Tesseract and pdftotext (tesseract-ocr, poppler-utils) are needed",
)

A4 = (595.0, 842.0)
WORDS = ["Referral", "waiting", "recovery", "discharge"]


def sharp_scan(width: int, height: int) -> bytes:
    """An A4 page holding one greyscale JPEG of `width` × `height` pixels, a word a line."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=width // 14)
    for i, word in enumerate(WORDS):
        draw.text((width // 8, height // 8 + i * height // 6), word, font=font, fill=0)
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=50)
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=A4)
    picture = pdf.make_stream(
        jpeg.getvalue(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=width,
        Height=height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        Filter=pikepdf.Name.DCTDecode,
    )
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=picture))
    page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def words_where(pdf: bytes) -> dict[str, tuple[float, float]]:
    """Each word of the text layer (as pdftotext reads it) and where it starts on the page."""
    done = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    found: dict[str, tuple[float, float]] = {}
    for line in done.splitlines():
        if "<word " in line:
            attrs = dict(part.split("=", 1) for part in line.split(">")[0].split()[1:])
            word = line.split(">")[1].split("<")[0]
            found[word] = (float(attrs["xMin"].strip('"')), float(attrs["yMin"].strip('"')))
    return found


def test_a_scan_too_sharp_to_draw_whole_within_the_limit_is_read() -> None:
    # 110 megapixels on A4 (1,070 dpi): drawn whole, 0.44 GB in pdfium's bitmap alone.
    width, height = 8_800, 12_450
    assert width * height > 6 * MAX_PIXELS
    ocred = add_text_layer(sharp_scan(width, height), [0], rotate=False, memory=GiB // 2)
    found = words_where(ocred)
    assert set(WORDS) <= set(found), f"OCR read {sorted(found)}"
    # The words lie where the scan draws them, not where a lower resolution would misplace them.
    for i, word in enumerate(WORDS):
        x, y = found[word]
        assert abs(x - A4[0] / 8) < 12, (word, x)
        assert abs(y - (A4[1] / 8 + i * A4[1] / 6)) < 25, (word, y)


def test_a_page_within_the_limit_is_drawn_at_its_own_resolution(tmp_path: Path) -> None:
    from ocrmypdf.helpers import Resolution

    from inquiry.exhibits.ocr_raster import scale

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    path = tmp_path / "a4.pdf"
    pdf.save(path)
    assert scale(path, 1, Resolution(300.0, 300.0), use_cropbox=False) == 1.0
    lowered = scale(path, 1, Resolution(1200.0, 1200.0), use_cropbox=False)
    pixels = (A4[0] / 72 * 1200 * lowered) * (A4[1] / 72 * 1200 * lowered)
    assert MAX_PIXELS * 0.99 < pixels <= MAX_PIXELS


def test_an_image_too_large_to_decode_is_refused_as_too_large_not_damaged() -> None:
    """A 30,000 × 30,000 scan inside a PDF was refused as "damaged beyond repair
    (std::bad_alloc)": qpdf's check ran out of memory decoding it. It is refused as too large,
    with its size and page, before anything decodes it."""
    from inquiry.exhibits.errors import ExhibitError
    from inquiry.exhibits.syntax_check import MAX_IMAGE_PIXELS, check_damage

    side = 16_000  # 256 million pixels of white: 60 KB of Flate
    assert side * side > MAX_IMAGE_PIXELS
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    page = pdf.add_blank_page(page_size=A4)
    picture = pdf.make_stream(
        zlib.compress(b"\xff" * (side * side), 1),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=side,
        Height=side,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=picture))
    page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    data = io.BytesIO()
    pdf.save(data)
    with pikepdf.open(io.BytesIO(data.getvalue())) as document, pytest.raises(ExhibitError) as info:
        check_damage(document, data.getvalue())
    assert info.value.code == "exhibit-too-large"
    assert "16,000 × 16,000 pixels on page 2" in str(info.value), str(info.value)
