"""A picture exhibit is shown at no more than 300 dpi (the judiciary's guidance on electronic
bundles), so a 48-megapixel phone photo of a letter is read by OCR instead of refusing the build:
at 1,000 dpi on A4 ocrmypdf could not rasterise the page within its 1 GiB (red-team, stop 28:
`OCR (ocrmypdf with Tesseract) ran out of memory`). A picture at 300 dpi or less keeps its own
pixels, and a JPEG its own compressed data."""

from __future__ import annotations

import io
import shutil

import pikepdf
import pypdfium2 as pdfium
import pytest
from exhibit_helpers import prepared
from PIL import Image, ImageDraw, ImageFont

from inquiry.exhibits.images import MAX_DPI, strip_jpeg_metadata
from inquiry.exhibits.prepare import Options, prepare

USABLE_INCHES = (210 - 40) / 25.4  # A4 portrait within 20 mm margins


def jpeg(image: Image.Image, **options: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=85, **options)  # type: ignore[arg-type]
    return buf.getvalue()


def letter(size: int, mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, (size, size), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size // 25)
    for i, line in enumerate(["Letter to the witness", "PHOTOGRAPHEDWORD appears here"]):
        draw.text((size // 10, size // 10 + i * size // 15), line, font=font, fill="black")
    return image


def page_image(pdf: bytes) -> tuple[int, bytes]:
    """The width and compressed data of the picture on the prepared page."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        [image] = [v for _, v in _xobjects(doc.pages[0].obj) if v.get("/Subtype") == "/Image"]
        return int(image.Width), image.read_raw_bytes()


def _xobjects(obj: pikepdf.Object) -> list[tuple[str, pikepdf.Stream]]:
    out: list[tuple[str, pikepdf.Stream]] = []
    for name, x in obj.get("/Resources", {}).get("/XObject", {}).items():
        out.append((name, x))
        if x.get("/Subtype") == "/Form":
            out += _xobjects(x)
    return out


def test_a_huge_photo_is_shown_at_300_dpi() -> None:
    width, _ = page_image(prepared(jpeg(letter(6000))).pdf)
    assert abs(width - USABLE_INCHES * MAX_DPI) <= 1


def test_a_photo_at_or_under_300_dpi_keeps_its_compressed_data() -> None:
    data = jpeg(letter(1500))  # 224 dpi on the page
    width, raw = page_image(prepared(data).pdf)
    assert width == 1500
    assert raw == strip_jpeg_metadata(data)


def test_a_scaled_cmyk_photo_keeps_its_colours() -> None:
    red = Image.new("CMYK", (4000, 4000), (0, 255, 255, 0))  # red in CMYK
    made = prepared(jpeg(red))
    doc = pdfium.PdfDocument(made.pdf)
    bitmap = doc[0].render(scale=0.2).to_pil().convert("RGB")
    r, g, b = bitmap.getpixel((bitmap.width // 2, bitmap.height // 2))
    assert r > 200 and g < 80 and b < 80, (r, g, b)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_a_48_megapixel_photo_is_read_by_ocr() -> None:
    made = prepare(jpeg(letter(7000)), strip=Options(0.0, "auto", ocr_tools=True))
    assert made.no_text == ()
    doc = pdfium.PdfDocument(made.pdf)
    text = doc[0].get_textpage().get_text_range()
    assert "PHOTOGRAPHEDWORD" in text.replace(" ", "")


def test_a_picture_too_long_on_a_side_is_refused_before_decoding() -> None:
    """1 × 59,000,000 pixels is under MAX_PIXELS, yet decoding it ran out of memory (red-team
    h86): no picture may be more than 30,000 pixels on a side."""
    from inquiry.exhibits.errors import ExhibitError

    buf = io.BytesIO()
    Image.new("L", (1, 40_000), 255).save(buf, format="PNG")
    with pytest.raises(ExhibitError) as refused:
        prepared(buf.getvalue())
    assert refused.value.code == "exhibit-too-large" and "30,000 on a side" in str(refused.value)
