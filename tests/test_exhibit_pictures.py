"""A redacted name drawn inside a picture on a page that has text is found and removed.

Found by a red-team pass: a typed letter whose signature block is an image reading the
witness's name was published with the name plainly visible, and no warning — the page had a
text layer, so only the text layer was searched. Each case is an exhibit made by typst with a
PNG in it, prepared as a public build prepares it, and read back as a reader's software reads
it (Tesseract's reading of the rendered page).
"""

from __future__ import annotations

import io
import shutil
import zlib
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import typst
from exhibit_helpers import gray_image
from PIL import Image, ImageDraw, ImageFont

from inquiry.exhibits import ocr as exhibits_ocr
from inquiry.exhibits.pictures import picture_boxes
from inquiry.exhibits.prepare import Options, Prepared, prepare

NAME = "Agatha Thistlewood"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None or not Path(FONT).exists(),
    reason="Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) and DejaVu fonts needed",
)


def signature(tmp: Path, text: str = NAME, *, turn: int = 0, name: str = "sig.png") -> str:
    image = Image.new("RGB", (1200, 200), "white")
    ImageDraw.Draw(image).text((20, 60), text, fill="black", font=ImageFont.truetype(FONT, 60))
    image.rotate(turn, expand=True, fillcolor="white").save(tmp / name)
    return name


def letter(tmp: Path, body: str, *, pages: int = 1) -> bytes:
    source = tmp / "letter.typ"
    page = "This letter has a typed text layer. Signed:\n\n" + body
    source.write_text(
        '#set page(paper: "a4")\n' + "\n#pagebreak()\n".join([page] * pages) + "\n",
        encoding="utf-8",
    )
    return typst.compile(source, ignore_system_fonts=True, font_paths=[], timestamp=0)


def public(data: bytes, *, ocr: str = "auto") -> Prepared:
    tools = shutil.which("tesseract") is not None
    return prepare(data, strip=Options(30.0, ocr, ocr_tools=tools, strings=((NAME, None),)))


@needs_ocr
def test_a_name_in_a_signature_image_on_a_typed_letter_is_removed(tmp_path: Path) -> None:
    sig = signature(tmp_path)
    data = letter(tmp_path, f'#image("{sig}", width: 12cm)')
    result = public(data)
    assert result.marks == ((1, None),)
    text = _read(result.pdf, tmp_path)
    assert "thistlewood" not in text.lower() and "agatha" not in text.lower(), text
    assert "typed text layer" in text  # the page's own words are still there


@needs_ocr
def test_a_sideways_name_in_a_picture_is_removed(tmp_path: Path) -> None:
    sig = signature(tmp_path, turn=90)
    data = letter(tmp_path, f'#image("{sig}", height: 12cm)')
    result = public(data)
    assert len(result.marks) == 1, result.marks
    assert "thistlewood" not in _read(result.pdf, tmp_path, turns=(0, 90, 270)).lower()


@needs_ocr
def test_a_picture_on_every_page_is_read_once_and_redacted_on_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letterhead drawn on every page costs one reading (in four ways up), not one a page."""
    sig = signature(tmp_path)
    data = letter(tmp_path, f'#image("{sig}", width: 12cm)', pages=3)
    read = _count_ocr(monkeypatch)
    result = public(data)
    assert read[0] == 4, read  # one picture, four ways up
    assert [page for page, _ in result.marks] == [1, 2, 3]
    for page in range(3):
        assert "thistlewood" not in _read(result.pdf, tmp_path, page=page).lower()


def test_without_ocr_the_pictures_are_named_as_unsearched(tmp_path: Path) -> None:
    """`--ocr never` (or no Tesseract): the page is named in a warning, never passed over."""
    sig = signature(tmp_path)
    data = letter(tmp_path, f'#image("{sig}", width: 12cm)')
    result = public(data, ocr="never")
    assert result.unsearched == (1,)
    assert result.marks == ()


def test_an_image_exhibit_without_ocr_is_named_as_unsearched(tmp_path: Path) -> None:
    signature(tmp_path)
    result = public((tmp_path / "sig.png").read_bytes(), ocr="never")
    assert result.unsearched == (1,)


def test_which_pictures_are_read(tmp_path: Path) -> None:
    """A picture that could hold a word is listed; a speck is not. A scan that carries its own
    OCR (invisible text over it) is listed: that layer is searched, but a scanner's OCR
    misreads names, and ours reads the picture too. A scan with only visible text on it (a
    Bates number, a form's footer) is listed: that text is not the scan's words."""
    pdf = pikepdf.new()
    sig, dot = _name_png(NAME, (1200, 200), 60), Image.new("L", (20, 20), 0)
    scan = Image.new("L", (600, 800), 255)
    _page(
        pdf,
        b"BT /F1 11 Tf 72 780 Td (Some text here.) Tj ET "
        b"q 283.46 0 0 47.24 72 600 cm /Sig Do Q q 2 0 0 2 72 500 cm /Dot Do Q",
        {"Sig": _image(pdf, sig), "Dot": _image(pdf, dot)},
    )
    words = b" ".join(
        b"BT 3 Tr /F1 11 Tf 72 %d Td (word) Tj ET" % (700 - 10 * i) for i in range(30)
    )
    _page(pdf, b"q 595 0 0 842 0 0 cm /Scan Do Q " + words, {"Scan": _image(pdf, scan)})
    stamp = b"BT /F1 8 Tf 450 20 Td (Bates JS-000123 and a form footer line) Tj ET"
    _page(pdf, b"q 595 0 0 842 0 0 cm /Scan Do Q " + stamp, {"Scan": _image(pdf, scan)})
    data = _bytes(pdf)
    pages = exhibits_ocr.read_pages(data, pictures=True)
    assert len(pages[0].pictures) == 1
    x0, _, x1, _ = pages[0].pictures[0]
    assert abs((x1 - x0) - 283.46) < 1
    assert len(pages[1].pictures) == 1  # a scan with its own OCR: the whole page
    assert len(pages[2].pictures) == 1  # a scan with a stamp only: the whole page
    document = pdfium.PdfDocument(data)
    try:
        assert picture_boxes(document[0]) == pages[0].pictures
    finally:
        document.close()
    assert exhibits_ocr.read_pages(data)[0].pictures == ()  # asked only of a redacting edition


def test_a_letterhead_background_does_not_swallow_a_picture_on_it() -> None:
    """A page-covering background is taken alone: joined with a pasted picture, the two were
    skipped as one scan."""
    pdf = pikepdf.new()
    paper, sig = Image.new("L", (600, 800), 250), _name_png(NAME, (1200, 200), 60)
    words = b" ".join(
        b"BT /F1 11 Tf 72 %d Td (Body text of the letter.) Tj ET" % (700 - 12 * i)
        for i in range(30)
    )
    _page(
        pdf,
        b"q 595 0 0 842 0 0 cm /Paper Do Q q 283 0 0 47 72 300 cm /Sig Do Q " + words,
        {"Paper": _image(pdf, paper), "Sig": _image(pdf, sig)},
    )
    [page] = exhibits_ocr.read_pages(_bytes(pdf), pictures=True)
    assert any(abs((b[2] - b[0]) - 283) < 1 for b in page.pictures), page.pictures


def test_strips_with_hairline_gaps_are_joined() -> None:
    pdf = pikepdf.new()
    strip = Image.new("L", (1250, 16), 0)
    ops = [b"BT /F1 11 Tf 72 780 Td (A typed letter.) Tj ET"]
    for k in range(13):
        ops.append(b"q 300 0 0 3.84 72 %.2f cm /S Do Q" % (650 - k * 4.94))
    _page(pdf, b"\n".join(ops), {"S": _image(pdf, strip)})
    [page] = exhibits_ocr.read_pages(_bytes(pdf), pictures=True)
    assert len(page.pictures) == 1 and page.pictures[0][3] - page.pictures[0][1] > 60


def _read(pdf: bytes, tmp: Path, *, page: int = 0, turns: tuple[int, ...] = (0,)) -> str:
    """Tesseract's reading of a page rendered at 200 dpi, in each of `turns`."""
    import subprocess

    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    out = []
    for turn in turns:
        path = tmp / f"seen-{page}-{turn}.png"
        image.rotate(turn, expand=True).save(path)
        done = subprocess.run(
            ["tesseract", str(path), "-", "-l", "eng"], capture_output=True, text=True, check=True
        )
        out.append(done.stdout)
    return "\n".join(out)


# Found by a second red-team pass: pictures drawn so that no single image object looked like one.


def _name_png(text: str, size: tuple[int, int], font: int) -> Image.Image:
    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).text((20, 20), text, fill=0, font=ImageFont.truetype(FONT, font))
    return image


def _image(pdf: pikepdf.Pdf, image: Image.Image) -> pikepdf.Stream:
    data = zlib.compress(image.tobytes())
    return gray_image(pdf, data, image.size, Filter=pikepdf.Name.FlateDecode)


def _page(pdf: pikepdf.Pdf, content: bytes, xobjects: dict[str, pikepdf.Stream]) -> None:
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=font),
        XObject=pikepdf.Dictionary({"/" + k: v for k, v in xobjects.items()}),
    )
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=resources,
                Contents=pikepdf.Stream(pdf, content),
            )
        )
    )


def _bytes(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


@needs_ocr
def test_a_picture_drawn_in_thin_strips_is_read_whole(tmp_path: Path) -> None:
    """Print drivers draw a picture as strips a few points high: each alone is too thin to hold
    a word, together they show the name."""
    pdf = pikepdf.new()
    picture = _name_png(NAME, (1250, 208), 110)
    xobjects, ops = {}, [b"BT /F1 11 Tf 72 780 Td (A typed letter, page one.) Tj ET"]
    for k in range(0, picture.height, 16):
        strip = picture.crop((0, k, picture.width, min(k + 16, picture.height)))
        high, y = strip.height * 72 / 300, 650 - (k + strip.height) * 72 / 300
        xobjects[f"S{k}"] = _image(pdf, strip)
        ops.append(f"q 300 0 0 {high:.4f} 72 {y:.4f} cm /S{k} Do Q".encode())
    _page(pdf, b"\n".join(ops), xobjects)
    result = public(_bytes(pdf))
    assert len(result.marks) == 1, result.marks
    assert "thistlewood" not in _read(result.pdf, tmp_path).lower()


@needs_ocr
def test_a_scan_whose_text_is_only_a_stamp_is_read(tmp_path: Path) -> None:
    """A Bates number is a text layer, but not the scan's words: the scan is read too."""
    pdf = pikepdf.new()
    scan = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(scan)
    draw.text((120, 200), "Dear Sir,", font=ImageFont.truetype(FONT, 40), fill=0)
    draw.text((120, 300), f"I write about {NAME},", font=ImageFont.truetype(FONT, 40), fill=0)
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q\nBT /F1 8 Tf 450 20 Td (Bates JS-000123) Tj ET"
    _page(pdf, content, {"Im1": _image(pdf, scan)})
    result = public(_bytes(pdf))
    assert len(result.marks) == 1, result.marks
    assert "thistlewood" not in _read(result.pdf, tmp_path).lower()


@needs_ocr
def test_a_scan_whose_own_ocr_misreads_the_name_is_read_again(tmp_path: Path) -> None:
    """A scanner's OCR layer reads `Agatha Thistlewood` as `Agatba Tbistlewood`: searching
    that layer finds nothing, yet the name is in the pixels (a red-team pass published one).
    Our OCR reads the scan too, and the name is boxed."""
    pdf = pikepdf.new()
    scan = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(scan)
    draw.text((120, 200), "Dear Sir,", font=ImageFont.truetype(FONT, 40), fill=0)
    draw.text((120, 300), f"I write about {NAME},", font=ImageFont.truetype(FONT, 40), fill=0)
    misread = "Dear Sir, I write about Agatba Tbistlewood, who cared for my mother at the clinic"
    words = b" ".join(
        b"BT 3 Tr /F1 11 Tf %d %d Td (%s) Tj ET" % (60 + 40 * (i % 10), 700 - 12 * (i // 10), w)
        for i, w in enumerate(
            (misread + " and then some more words of the letter that follow on").encode().split()
        )
    )
    _page(pdf, b"q 595 0 0 842 0 0 cm /Im1 Do Q\n" + words, {"Im1": _image(pdf, scan)})
    result = public(_bytes(pdf))
    assert len(result.marks) == 1, result.marks
    assert "thistlewood" not in _read(result.pdf, tmp_path).lower()


@needs_ocr
def test_a_long_scan_is_read_a_few_pages_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its pictures are never all held at once: read in groups, and each page still redacted."""
    from inquiry.exhibits import pictures

    monkeypatch.setattr(pictures, "GROUP_PIXELS", 1)  # one picture a group
    read = _count_ocr(monkeypatch)
    pdf = pikepdf.new()
    for n in range(3):
        picture = _name_png(f"{NAME} {n}", (1250, 208), 90)
        content = b"BT /F1 11 Tf 72 780 Td (A typed letter.) Tj ET q 300 0 0 50 72 600 cm /Im0 Do Q"
        _page(pdf, content, {"Im0": _image(pdf, picture)})
    result = public(_bytes(pdf))
    assert read[:3] == [4, 4, 4], read  # then the rebuilt pages' own text layer
    assert [page for page, _ in result.marks] == [1, 2, 3]


def test_a_page_of_specks_does_not_hide_a_picture_among_them() -> None:
    """501 dots of a dotted rule made one page-sized box, read as a scan: the name's picture
    in it was never read on its own."""
    pdf = pikepdf.new()
    xobjects = {"Sig": _image(pdf, _name_png(NAME, (1200, 200), 60))}
    ops = [b"BT /F1 11 Tf 72 780 Td (A typed letter.) Tj ET q 300 0 0 50 72 560 cm /Sig Do Q"]
    xobjects["Dot"] = _image(pdf, Image.new("L", (4, 4), 0))
    for i in range(501):
        ops.append(b"q 1 0 0 1 %.2f %.2f cm /Dot Do Q" % ((i % 100) * 5.9, 2 + (i // 100) * 160))
    _page(pdf, b"\n".join(ops), xobjects)
    [page] = exhibits_ocr.read_pages(_bytes(pdf), pictures=True)
    assert [tuple(round(v) for v in b) for b in page.pictures] == [(72, 560, 372, 610)]


def _count_ocr(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of pages of each OCR run from now on (the runs still happen)."""
    read: list[int] = []
    real = exhibits_ocr.add_text_layer

    def counting(pdf: bytes, pages: object, **kwargs: object) -> bytes:
        read.append(len(list(pages)))  # type: ignore[call-overload]
        return real(pdf, pages, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exhibits_ocr, "add_text_layer", counting)
    return read
