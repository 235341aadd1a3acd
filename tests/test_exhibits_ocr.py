"""OCR of exhibit pages without a text layer: real Tesseract, real ocrmypdf, small pages."""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib
from collections.abc import Sequence
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from inquiry.exhibits.ocr import OcrFailed, add_text_layer, ocr_available, pages_without_text
from inquiry.limits import LimitExceeded

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)

LETTER = (
    "Letter from the residents association",
    "The witness Jane Placeholder attended the meeting.",
    "Signed by Robert Example on 4 May 2024.",
)
SIZE = (420.0, 200.0)


# --------------------------------------------------------------------------- building PDFs


def scan_image(
    lines: Sequence[str], size: tuple[float, float] = SIZE, dpi: int = 150
) -> Image.Image:
    """A greyscale 'scan' of `lines`, drawn with Pillow's built-in font (the same on every
    machine), 13 pt at `dpi`."""
    scale = dpi / 72
    image = Image.new("L", (round(size[0] * scale), round(size[1] * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13 * scale)
    for i, line in enumerate(lines):
        draw.text((30 * scale, (30 + 22 * i) * scale), line, font=font, fill=0)
    return image


def add_image_page(pdf: pikepdf.Pdf, image: Image.Image, size: tuple[float, float]) -> None:
    xobject = pdf.make_stream(
        zlib.compress(image.tobytes()),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    content = f"q {size[0]:g} 0 0 {size[1]:g} 0 0 cm /Im0 Do Q\n".encode()
    add_page(pdf, size, content, XObject=pikepdf.Dictionary(Im0=xobject))


def add_text_page(
    pdf: pikepdf.Pdf, lines: Sequence[str], size: tuple[float, float] = SIZE, *, at: float = 30
) -> None:
    """A born-digital page: `lines` in Helvetica 13 pt, from (30, height - at) down."""
    ops = [f"BT /F1 13 Tf 30 {size[1] - at:g} Td"]
    for i, line in enumerate(lines):
        ops.append(
            ("" if i == 0 else "0 -22 Td ") + pikepdf.String(line).unparse().decode() + " Tj"
        )
    ops.append("ET")
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    add_page(pdf, size, "\n".join(ops).encode(), Font=pikepdf.Dictionary(F1=font))


def add_page(
    pdf: pikepdf.Pdf, size: tuple[float, float], content: bytes, **resources: pikepdf.Object
) -> None:
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, *size]),
        Resources=pikepdf.Dictionary({f"/{k}": v for k, v in resources.items()}),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))


def save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def scanned_letter() -> bytes:
    """One image-only page holding `LETTER`."""
    pdf = pikepdf.new()
    add_image_page(pdf, scan_image(LETTER), SIZE)
    return save(pdf)


def pdftotext(pdf: bytes, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        ["pdftotext", "-q", *pages, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def pdfium_text(pdf: bytes, index: int) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return str(document[index].get_textpage().get_text_range())
    finally:
        document.close()


# --------------------------------------------------------------------------- which pages


def mixed() -> bytes:
    """Page 0 text, 1 a scan, 2 blank, 3 a scan with a stray page number drawn as text."""
    pdf = pikepdf.new()
    add_text_page(pdf, ["A born digital page that has text."])
    add_image_page(pdf, scan_image(LETTER), SIZE)
    add_page(pdf, SIZE, b"")
    add_image_page(pdf, scan_image(["Second sheet of the letter."]), SIZE)
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page = pdf.pages[3]
    page.obj.Resources.Font = pikepdf.Dictionary(F1=font)
    page.contents_add(pdf.make_stream(b"BT /F1 9 Tf 400 10 Td (2) Tj ET"))
    return save(pdf)


def test_pages_without_text_finds_scans_not_text_or_blank_pages() -> None:
    assert pages_without_text(mixed()) == [1, 3]


def test_pages_without_text_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(mixed())
    assert pages_without_text(path) == [1, 3]


def test_a_page_with_text_is_returned_untouched_without_running_ocr() -> None:
    pdf = pikepdf.new()
    add_text_page(pdf, ["Nothing to read here: this page has text."])
    data = save(pdf)
    assert add_text_layer(data, [0]) is data


def test_a_damaged_pdf_is_an_error_with_a_message() -> None:
    with pytest.raises(OcrFailed, match="could not be read"):
        pages_without_text(b"%PDF-1.7 not really")


def test_a_page_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(OcrFailed, match="page 5 does not exist"):
        add_text_layer(mixed(), [4])


# --------------------------------------------------------------------------- OCR itself


@pytest.fixture(scope="module")
def ocred() -> tuple[bytes, bytes]:
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    data = mixed()
    return data, add_text_layer(data, [0, 1, 2, 3])


@needs_tesseract
def test_ocr_is_available() -> None:
    assert ocr_available()
    assert not ocr_available("xx-no-such-language")


@needs_tesseract
@needs_poppler
def test_a_scanned_page_becomes_searchable(ocred: tuple[bytes, bytes]) -> None:
    _, out = ocred
    text = pdftotext(out, page=2)
    for words in ("residents association", "Jane Placeholder", "Robert Example"):
        assert words in text
    assert "Jane Placeholder attended" in pdfium_text(out, 1)
    assert pages_without_text(out) == []


@needs_tesseract
@needs_poppler
def test_a_page_with_a_stray_character_is_read_and_keeps_its_text(
    ocred: tuple[bytes, bytes],
) -> None:
    _, out = ocred
    text = pdftotext(out, page=4)
    assert "Second sheet of the letter" in text
    assert "2" in text.replace("Second sheet of the letter.", "")


@needs_tesseract
def test_pages_that_were_not_ocred_keep_their_objects(ocred: tuple[bytes, bytes]) -> None:
    data, out = ocred
    with pikepdf.open(io.BytesIO(data)) as before, pikepdf.open(io.BytesIO(out)) as after:
        assert len(after.pages) == 4
        for index in (0, 2):
            old, new = before.pages[index], after.pages[index]
            assert new.obj.objgen == old.obj.objgen
            assert new.Contents.read_raw_bytes() == old.Contents.read_raw_bytes()
            assert new.obj.Resources.keys() == old.obj.Resources.keys()
        # the scan keeps its page object (links to it still land) and its image; the text layer
        # is added beside it
        assert after.pages[1].obj.objgen == before.pages[1].obj.objgen
        scan = after.pages[1].obj.Resources.XObject
        assert (
            scan.Im0.read_raw_bytes() == before.pages[1].obj.Resources.XObject.Im0.read_raw_bytes()
        )
        assert sorted(scan.keys()) == ["/Im0", "/OCR0"]


@needs_tesseract
def test_the_same_input_gives_the_same_bytes(ocred: tuple[bytes, bytes]) -> None:
    data, out = ocred
    assert add_text_layer(data, [1, 3]) == out
    assert b"OCRmyPDF" not in out  # ocrmypdf's dated metadata is not carried over


@needs_tesseract
def test_ocr_runs_under_a_time_limit() -> None:
    with pytest.raises(
        LimitExceeded, match=r"^OCR .* did not finish within its time limit of 0\.2 s"
    ):
        add_text_layer(scanned_letter(), [0], seconds=0.2)


@needs_tesseract
def test_ocr_runs_under_a_memory_limit() -> None:
    with pytest.raises(LimitExceeded, match=r"^OCR .* ran out of memory \(limit 64 MiB\)"):
        add_text_layer(scanned_letter(), [0], memory=64 * 1024**2)


@needs_tesseract
def test_a_page_ocr_finds_no_words_on_is_still_named() -> None:
    """A scanned PDF page OCR reads nothing on (text too faint or sideways for it) stays
    without text: preparation says so, so the build warns rather than passing over it in
    silence."""
    from inquiry.exhibits.prepare import Options, prepare

    pdf = pikepdf.new()
    add_image_page(pdf, scan_image(LETTER), SIZE)
    picture = Image.new("L", (400, 560), 255)
    ImageDraw.Draw(picture).ellipse((60, 60, 340, 500), fill=90)  # shapes, no words
    add_image_page(pdf, picture, SIZE)
    done = prepare(save(pdf), strip=Options(20.0, ocr="auto", ocr_tools=True))
    assert done.no_text == (2,)
    never = prepare(save(pdf), strip=Options(20.0, ocr="never", ocr_tools=True))
    assert never.no_text == (1, 2)
    # A PNG or JPEG OCR finds no words on is taken for a photograph: nothing to warn of.
    png = io.BytesIO()
    picture.save(png, format="PNG")
    photo = prepare(png.getvalue(), strip=Options(20.0, ocr="auto", ocr_tools=True))
    assert photo.no_text == ()
