"""Exhibit redaction removes, never covers: born-digital and scanned pages, regions, labels."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from exhibit_helpers import gray_image, helvetica, image_bytes
from PIL import Image
from test_exhibits_ocr import (
    LETTER,
    SIZE,
    add_image_page,
    add_text_page,
    pdftotext,
    save,
    scan_image,
    scanned_letter,
)

from inquiry.exhibits import find as exhibits_find
from inquiry.exhibits import rebuild as exhibits_rebuild
from inquiry.exhibits import redact as exhibits_redact
from inquiry.exhibits.find import Box, find_strings
from inquiry.exhibits.ocr import add_text_layer
from inquiry.exhibits.redact import (
    Mark,
    RedactionFailed,
    RegionRedaction,
    StringRedaction,
    redact_pdf,
)
from inquiry.redaction import Matcher

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)
needs_tools = pytest.mark.skipif(
    shutil.which("tesseract") is None
    or shutil.which("pdftotext") is None
    or not shutil.which("qpdf"),
    reason="needs Tesseract (tesseract-ocr), pdftotext (poppler-utils) and qpdf",
)

NAME = "Jane Placeholder"
GRO_B = [StringRedaction(NAME, "GRO-B")]
REGION = RegionRedaction(1, (250.0, 20.0, 400.0, 70.0), "GRO-C")
"""Below the letter's three lines, on blank paper: every pixel in it is the redaction's."""
SCALE = 2.0  # renders for pixel checks: 144 dpi


# --------------------------------------------------------------------------- exhibits


def born_digital() -> bytes:
    """Page 1 names the witness (and a note on it and the title do too); page 2 does not, but
    links to page 1."""
    pdf = pikepdf.new()
    add_text_page(pdf, LETTER)
    add_text_page(pdf, ["A second page that names nobody."])
    note = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=pikepdf.Array([380, 150, 400, 170]),
        Contents=pikepdf.String(f"Ask {NAME} about this"),
    )
    pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(note)])
    link = pikepdf.Dictionary(  # from page 2 to page 1: must not keep page 1's old contents
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([30, 150, 100, 170]),
        Dest=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit]),
    )
    pdf.pages[1].obj.Annots = pikepdf.Array([pdf.make_indirect(link)])
    pdf.docinfo["/Title"] = f"Letter about {NAME}"
    return save(pdf)


def leaks(pdf: bytes, secret: str) -> list[str]:
    """Where `secret` can still be read in `pdf`: its text, any decoded stream or string, in
    Latin-1 or UTF-16, in qpdf's uncompressed rewrite too."""
    needles = [secret.lower().encode(enc) for enc in ("latin-1", "utf-16-be", "utf-16-le")] + [
        secret.split()[-1].lower().encode("latin-1")
    ]
    found = []
    if secret.lower() in pdftotext(pdf).lower():
        found.append("pdftotext")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for obj in doc.objects:
            blobs = [obj.unparse()] if not isinstance(obj, pikepdf.Stream) else []
            if isinstance(obj, pikepdf.Stream):
                blobs.append(obj.stream_dict.unparse())
                try:
                    blobs.append(obj.read_bytes())
                except pikepdf.PdfError:
                    blobs.append(obj.read_raw_bytes())
            found += [f"object {obj.objgen}" for b in blobs if any(n in b.lower() for n in needles)]
        if any(n in doc.trailer.unparse().lower() for n in needles):
            found.append("trailer")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp, "in.pdf"), Path(tmp, "out.pdf")
        source.write_bytes(pdf)
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", source, target], check=False)
        qdf = target.read_bytes()
    assert qdf.startswith(b"%PDF")
    if any(n in qdf.lower() for n in needles):
        found.append("qpdf --qdf")
    return found


def render(pdf: bytes, index: int) -> tuple[Image.Image, float]:
    """Page `index` as seen, in greyscale, and its height in points."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        return page.render(scale=SCALE).to_pil().convert("L"), page.get_height()
    finally:
        document.close()


def pixel(image: Image.Image, height: float, x: float, y: float) -> int:
    """The grey level at point (x, y) of a page `height` points high (origin bottom left)."""
    value = image.getpixel((int(x * SCALE), int((height - y) * SCALE)))
    assert isinstance(value, int)
    return value


def assert_box_blacked_out(image: Image.Image, height: float, box: Box, *, label: bool) -> None:
    """Black at the box's edges and corners; its middle band black with (if `label`) some white
    label pixels, and no grey text-like mixture elsewhere."""
    x0, y0, x1, y1 = box
    a0, b0, a1, b1, middle = x0 + 1, y0 + 1, x1 - 1, y1 - 1, (y0 + y1) / 2
    for x, y in [(a0, b0), (a1, b1), (a0, b1), (a1, b0), (a0, middle), (a1, middle)]:
        assert pixel(image, height, x, y) < 40, (box, x, y)
    crop = image.crop(
        (
            int(x0 * SCALE) + 2,
            int((height - y1) * SCALE) + 2,
            int(x1 * SCALE) - 2,
            int((height - y0) * SCALE) - 2,
        )
    )
    histogram = crop.histogram()
    dark, light = sum(histogram[:64]), sum(histogram[192:])
    assert dark / sum(histogram) > 0.6
    assert (light > 10) == label, (box, light)


# --------------------------------------------------------------------------- finding


def test_find_strings_gives_the_line_box_of_each_occurrence() -> None:
    found = find_strings(born_digital(), Matcher.of([(NAME, "GRO-B"), ("nobody", None)]))
    assert [(f.page, f.code) for f in found] == [(1, "GRO-B"), (2, None)]
    x0, y0, x1, y1 = found[0].box
    # Helvetica 13 pt on the second line, whose baseline is at 200 - 30 - 22 = 148
    assert 80 < x0 < 110 and 180 < x1 < 220, found[0].box
    assert y0 < 148 < y1 and y1 - y0 < 20


def test_find_strings_uses_the_matcher_rules() -> None:
    pdf = pikepdf.new()
    add_text_page(pdf, ["Signed: JANE-PLACEHOLDER, and Jane", "Placeholder again."])
    found = find_strings(save(pdf), Matcher.of([(NAME, None)]))
    # the second occurrence runs over a line end: one box per line
    assert [f.page for f in found] == [1, 1, 1]
    assert found[1].box[1] > found[2].box[1]


def test_a_string_found_in_the_text_but_not_located_stops_the_exhibit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page's text is searched as a reader extracts it; locating then reads it character by
    character. Should the two ever disagree, the name is never left in place unreported."""
    monkeypatch.setattr(exhibits_find, "_locate", lambda textpage, matcher: [])
    with pytest.raises(RedactionFailed, match="could not be located"):
        find_strings(born_digital(), Matcher.of([(NAME, None)]))


def test_a_survey_keeps_the_text_a_reader_extracts() -> None:
    pdf = pikepdf.new()
    add_text_page(pdf, ["Nothing to find here.", "Nor here."])
    (page,) = exhibits_find.survey(save(pdf), Matcher.of([(NAME, None)]))
    assert page.hits == []
    assert "Nothing to find here." in page.text and "Nor here." in page.text


def test_texts_already_read_give_the_same_redaction() -> None:
    """Preparation reads each page's text once, for OCR and redaction both: handing redaction
    those texts changes nothing in what it makes (only which pages pdfium reads again)."""
    from inquiry.exhibits.ocr import read_pages

    pdf = born_digital()
    texts = [page.text for page in read_pages(pdf)]
    assert NAME in texts[0] and NAME not in texts[1]
    strings = [*GRO_B, StringRedaction("Nobody Atall")]
    fresh = redact_pdf(pdf, strings, [REGION], dpi=72, ocr=False)
    given = redact_pdf(pdf, strings, [REGION], dpi=72, ocr=False, texts=texts)
    assert given == fresh
    assert given.marks and given.missing == ["Nobody Atall"]
    # a region alone, on a page naming nobody, is still checked against that page's size
    with pytest.raises(RedactionFailed, match="outside page 2"):
        redact_pdf(
            pdf,
            [],
            [RegionRedaction(2, (900.0, 900.0, 950.0, 950.0), None)],
            ocr=False,
            texts=texts,
        )


# --------------------------------------------------------------------------- born digital


@pytest.fixture(scope="module")
def redacted_born() -> exhibits_redact.RedactResult:
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    return redact_pdf(
        born_digital(), [*GRO_B, StringRedaction("Nobody Atall")], [REGION], dpi=150, ocr=True
    )


@needs_tools
def test_a_redacted_string_is_gone_from_text_and_every_stream(
    redacted_born: exhibits_redact.RedactResult,
) -> None:
    assert leaks(born_digital(), NAME)  # the check can fail
    assert leaks(redacted_born.pdf, NAME) == []


@needs_tools
def test_the_rebuilt_page_is_searchable_again_and_the_other_page_untouched(
    redacted_born: exhibits_redact.RedactResult,
) -> None:
    text = " ".join(pdftotext(redacted_born.pdf, page=1).split())
    assert "residents association" in text and "Robert Example" in text
    # OCR read the page with the boxes blank and the codes in black: the codes are searchable
    assert "The witness [GRO-B] attended the meeting." in text
    assert "[GRO-C]" in text
    with (
        pikepdf.open(io.BytesIO(born_digital())) as before,
        pikepdf.open(io.BytesIO(redacted_born.pdf)) as after,
    ):
        new = after.pages[0].obj
        assert sorted(new.keys()) == [
            "/Contents",
            "/CropBox",
            "/MediaBox",
            "/Parent",
            "/Resources",
            "/Rotate",
            "/Type",
        ]
        assert sorted(new.Resources.XObject.keys()) == ["/Im0", "/OCR0"]
        assert "/Font" not in new.Resources
        assert b"Helvetica" not in new.Resources.XObject.OCR0.unparse(resolved=True)
        kept = after.pages[1]
        assert kept.Contents.read_raw_bytes() == before.pages[1].Contents.read_raw_bytes()
        assert kept.obj.Annots[0].Dest[0].objgen == new.objgen  # the link still lands
        assert "/Title" not in after.docinfo


@needs_tools
def test_pixels_under_each_box_are_black_and_the_codes_drawn(
    redacted_born: exhibits_redact.RedactResult,
) -> None:
    image, height = render(redacted_born.pdf, 0)
    (box,) = [f.box for f in find_strings(born_digital(), Matcher.of([(NAME, None)]))]
    assert_box_blacked_out(image, height, box, label=True)
    assert_box_blacked_out(image, height, REGION.box, label=True)
    # just outside the region, the paper is white again
    x0, y0, x1, y1 = REGION.box
    for x, y in [
        (x0 - 3, (y0 + y1) / 2),
        (x1 + 3, (y0 + y1) / 2),
        ((x0 + x1) / 2, y1 + 3),
        ((x0 + x1) / 2, y0 - 3),
    ]:
        assert pixel(image, height, x, y) > 200, (x, y)


@needs_tools
def test_marks_and_missing_strings_are_reported(
    redacted_born: exhibits_redact.RedactResult,
) -> None:
    assert redacted_born.marks == [Mark(1, "GRO-B"), Mark(1, "GRO-C")]
    assert redacted_born.missing == ["Nobody Atall"]
    assert redacted_born.rebuilt == [1]
    assert redacted_born.unverified == []


@needs_tesseract
def test_the_same_input_gives_the_same_bytes(redacted_born: exhibits_redact.RedactResult) -> None:
    again = redact_pdf(
        born_digital(), [*GRO_B, StringRedaction("Nobody Atall")], [REGION], dpi=150, ocr=True
    )
    assert again.pdf == redacted_born.pdf


# --------------------------------------------------------------------------- scanned


@needs_tools
def test_a_name_in_a_scanned_letter_is_removed_after_ocr() -> None:
    scan = add_text_layer(scanned_letter(), [0])
    assert leaks(scan, NAME)  # OCR made the name findable
    result = redact_pdf(scan, GRO_B, [], dpi=150, ocr=True)
    assert result.marks == [Mark(1, "GRO-B")] and result.missing == []
    assert leaks(result.pdf, NAME) == []
    assert "The witness [GRO-B] attended the meeting." in " ".join(pdftotext(result.pdf).split())
    image, height = render(result.pdf, 0)
    (box,) = [f.box for f in find_strings(scan, Matcher.of([(NAME, None)]))]
    assert_box_blacked_out(image, height, box, label=True)


@needs_tools
def test_what_ocr_still_reads_on_a_rebuilt_page_is_boxed_in_another_round(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = exhibits_find.line_boxes
    calls = []

    def first_misses(textpage: object, indices: Iterable[int]) -> list[Box]:
        calls.append(indices)
        boxes = real(textpage, indices)
        # the first time, a box one line too high: the name stays visible in the pixels
        return [(a, b + 22, c, d + 22) for a, b, c, d in boxes] if len(calls) == 1 else boxes

    monkeypatch.setattr(exhibits_find, "line_boxes", first_misses)
    result = redact_pdf(born_digital(), GRO_B, [], dpi=150, ocr=True)
    assert len(calls) == 2  # found again by OCR on the rebuilt page
    assert leaks(result.pdf, NAME) == []
    assert "residents" not in pdftotext(result.pdf, page=1)  # the misplaced box covered it
    assert {m.code for m in result.marks} == {"GRO-B"} and result.unverified == []
    image, height = render(result.pdf, 0)
    (box,) = [f.box for f in find_strings(born_digital(), Matcher.of([(NAME, None)]))]
    assert_box_blacked_out(image, height, box, label=True)


@needs_tools
def test_a_page_ocr_still_reads_a_string_on_is_left_without_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exhibits_redact, "CHECK_ROUNDS", 0)
    monkeypatch.setattr(exhibits_find, "line_boxes", lambda *_: [(300.0, 10.0, 310.0, 20.0)])
    result = redact_pdf(born_digital(), GRO_B, [], dpi=150, ocr=True)
    assert result.unverified == [1]
    assert pdftotext(result.pdf, page=1).strip() == ""
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert sorted(pdf.pages[0].obj.Resources.XObject.keys()) == ["/Im0"]


def test_a_scan_without_a_text_layer_reports_the_string_missing() -> None:
    result = redact_pdf(scanned_letter(), GRO_B, [], dpi=72, ocr=False)
    assert result.missing == [NAME] and result.marks == [] and result.rebuilt == []


# --------------------------------------------------------------------------- regions


def rotated_cropped() -> bytes:
    """A page whose user space is offset (MediaBox from 100, 100; CropBox 10 pt inside it) and
    shown turned a quarter clockwise."""
    pdf = pikepdf.new()
    add_image_page(pdf, scan_image([]), SIZE)
    page = pdf.pages[0].obj
    page.MediaBox = pikepdf.Array([100, 100, 100 + SIZE[0], 100 + SIZE[1]])
    page.CropBox = pikepdf.Array([110, 110, 90 + SIZE[0], 90 + SIZE[1]])
    page.Contents = pdf.make_stream(f"q {SIZE[0]:g} 0 0 {SIZE[1]:g} 100 100 cm /Im0 Do Q".encode())
    page.Rotate = 90
    return save(pdf)


def test_a_region_lands_where_declared_on_a_rotated_cropped_page() -> None:
    box = (20.0, 30.0, 45.0, 130.0)  # user space, from the CropBox's lower-left corner
    result = redact_pdf(rotated_cropped(), [], [RegionRedaction(1, box, None)], dpi=72, ocr=False)
    image, height = render(result.pdf, 0)
    width = image.width / SCALE
    assert (round(width), round(height)) == (SIZE[1] - 20, SIZE[0] - 20)  # turned upright
    # a quarter turn clockwise: user x runs down the page, user y runs right
    shown = (box[1], height - box[2], box[3], height - box[0])
    assert_box_blacked_out(image, height, shown, label=True)
    x0, y0, x1, y1 = shown
    for x, y in [
        (x0 - 3, (y0 + y1) / 2),
        (x1 + 3, (y0 + y1) / 2),
        ((x0 + x1) / 2, y1 + 3),
        ((x0 + x1) / 2, y0 - 3),
    ]:
        assert pixel(image, height, x, y) > 200, (x, y)


def test_a_label_that_does_not_fit_is_left_out_but_the_box_stays() -> None:
    box = (100.0, 100.0, 108.0, 104.0)
    result = redact_pdf(
        scanned_letter(), [], [RegionRedaction(1, box, "GRO-D")], dpi=150, ocr=False
    )
    image, height = render(result.pdf, 0)
    assert_box_blacked_out(image, height, box, label=False)


def test_a_huge_page_is_drawn_with_fewer_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exhibits_rebuild, "MAX_PIXELS", 100_000)
    result = redact_pdf(scanned_letter(), [], [REGION], dpi=300, ocr=False)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        image = pdf.pages[0].obj.Resources.XObject.Im0
        assert int(image.Width) * int(image.Height) <= 100_000
        assert [float(v) for v in pdf.pages[0].MediaBox] == [0, 0, *SIZE]


@pytest.mark.parametrize(
    ("region", "message"),
    [
        (RegionRedaction(2, (0, 0, 10, 10), None), "on page 2, but the exhibit has 1"),
        (RegionRedaction(1, (10, 10, 10, 20), None), "has no area"),
        (RegionRedaction(1, (421, 0, 500, 10), None), "lies outside page 1 (420 × 200 pt)"),
    ],
)
def test_a_region_off_the_exhibit_is_an_error(region: RegionRedaction, message: str) -> None:
    with pytest.raises(RedactionFailed, match=re.escape(message)):
        redact_pdf(scanned_letter(), [], [region], ocr=False)


def test_nothing_to_redact_leaves_the_exhibit_as_it_was() -> None:
    data = born_digital()
    result = redact_pdf(data, [StringRedaction("Somebody Else")], [], ocr=False)
    assert result.pdf is data and result.missing == ["Somebody Else"]


def test_without_ocr_the_rebuilt_page_has_no_text_and_is_still_deterministic() -> None:
    first = redact_pdf(born_digital(), GRO_B, [], dpi=100, ocr=False)
    assert first.pdf == redact_pdf(born_digital(), GRO_B, [], dpi=100, ocr=False).pdf
    assert first.rebuilt == [1]
    with pikepdf.open(io.BytesIO(first.pdf)) as pdf:
        assert sorted(pdf.pages[0].obj.Resources.XObject.keys()) == ["/Im0"]


# --------------------------------------------------------------------------- hidden places


def hidden_names_pdf(*, key: bool = False) -> bytes:
    """One page that shows only "Visible words." and hides the witness's name where no reader
    sees it: a form never drawn, an image's XMP, a font's names, a layer's name, marked-content
    properties, /PieceInfo; with `key`, also as the name a font is drawn under."""
    pdf = pikepdf.new()
    squashed = NAME.replace(" ", "")
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/" + squashed + "-Bold"),
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    unused = pdf.make_stream(
        f"BT /F1 12 Tf 10 10 Td ({NAME}) Tj ET".encode(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 100, 100],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
    )
    xmp = pdf.make_stream(f"<x:xmpmeta><dc:creator>{NAME}</dc:creator></x:xmpmeta>".encode())
    image = gray_image(pdf, b"\x80" * 4, (2, 2), Metadata=xmp)
    layer = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String(f"Layer by {NAME}"))
    )
    fname = "/" + squashed if key else "/F1"
    content = (
        f"/OC /L0 BDC /Span /P0 BDC BT {fname} 12 Tf 72 700 Td (Visible words.) Tj ET EMC EMC "
        "q 50 0 0 50 72 600 cm /Im0 Do Q"
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Contents=pdf.make_stream(content.encode()),
        Resources=pikepdf.Dictionary(
            Font=pikepdf.Dictionary({fname: font}),
            XObject=pikepdf.Dictionary(Im0=image, Fx9=unused),
            Properties=pikepdf.Dictionary(
                L0=layer, P0=pikepdf.Dictionary(Author=pikepdf.String(NAME))
            ),
        ),
        PieceInfo=pikepdf.Dictionary(App=pikepdf.Dictionary(Private=pikepdf.String(NAME))),
    )
    pdf.pages.append(pikepdf.Page(page))
    return save(pdf)


def test_a_name_hidden_where_no_reader_sees_it_is_gone_from_the_prepared_exhibit() -> None:
    from inquiry.exhibits.prepare import Options, prepare
    from inquiry.proof import pdf_leaks

    data = hidden_names_pdf()
    assert leaks(data, NAME), "the check can fail"
    matcher = Matcher.of([NAME])
    assert pdf_leaks(data, "in", matcher), "the proof sees the hidden places"
    prepared = prepare(data, strip=Options(28.0, ocr="never", strings=((NAME, None),)))
    assert leaks(prepared.pdf, NAME) == []
    assert pdf_leaks(prepared.pdf, "out", matcher) == []
    assert "Visible words." in pdftotext(prepared.pdf)
    unredacted = prepare(data, strip=Options(28.0, ocr="never"))
    assert "Visible words." in pdftotext(unredacted.pdf)
    with pikepdf.open(io.BytesIO(unredacted.pdf)) as doc:  # sanitised whatever the edition
        streams = [o for o in doc.objects if isinstance(o, pikepdf.Stream)]
        assert not any(
            "/Metadata" in s.stream_dict or "/PieceInfo" in s.stream_dict for s in streams
        )


def test_a_name_that_cannot_be_removed_refuses_the_exhibit() -> None:
    """Bytes in a content stream that spell the name but are drawn as other glyphs (a font
    whose encoding maps every letter to a space): no reader's text holds the name, so the page
    is not redacted, yet anyone reading the stream finds it. It cannot be cut out without
    rewriting what the page draws: the exhibit is refused."""
    from inquiry.exhibits.errors import ExhibitError
    from inquiry.exhibits.prepare import Options, prepare

    pdf = pikepdf.new()
    blanks = pikepdf.Array([65, *[pikepdf.Name.space] * 58])
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Dictionary(Differences=blanks),
    )
    content = f"BT /F1 12 Tf 72 700 Td (Visible words.) Tj /F2 12 Tf ({NAME}) Tj ET"
    data = helvetica_page(pdf, content, fonts={"/F2": font})
    assert NAME.lower() not in pdftotext(data).lower()
    with pytest.raises(ExhibitError) as caught:
        prepare(data, strip=Options(28.0, ocr="never", strings=((NAME, None),)))
    assert caught.value.code == "exhibit-redaction"
    assert NAME not in str(caught.value) and "Placeholder" not in str(caught.value)


def test_pdf_vocabulary_is_not_a_name() -> None:
    """A redacted surname that is also a word of PDF's own vocabulary or a standard font's name
    (`Page`, `Image`, `Roman` as in Times-Roman) refuses nothing and changes no picture or font."""
    from inquiry.exhibits.prepare import Options, prepare

    data = hidden_names_pdf()
    plain = prepare(data, strip=Options(28.0, ocr="never"))
    for word in ("Page", "Image", "Parent", "Count", "Font", "Type", "Helvetica"):
        made = prepare(data, strip=Options(28.0, ocr="never", strings=((word, None),)))
        assert made.pdf == plain.pdf, word


def helvetica_page(
    pdf: pikepdf.Pdf,
    content: str,
    *,
    fonts: dict[str, pikepdf.Object] | None = None,
    **resources: pikepdf.Object,
) -> bytes:
    """`pdf` with one A4 page drawing `content`, Helvetica as /F1 (and `fonts`), saved."""
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Contents=pdf.make_stream(content.encode()),
        Resources=pikepdf.Dictionary(
            Font=pikepdf.Dictionary({"/F1": helvetica(), **(fonts or {})}), **resources
        ),
    )
    pdf.pages.append(pikepdf.Page(page))
    return save(pdf)


def _truetype_with_name(words: str) -> bytes:
    """The bytes of a font program whose `name` table holds `words` (UTF-16, as Windows
    writes it): only the table directory and that table, which is all the search reads."""
    text = words.encode("utf-16-be")
    name = (
        (0).to_bytes(2, "big")
        + (1).to_bytes(2, "big")
        + (18).to_bytes(2, "big")
        + bytes.fromhex("0003 0001 0409 0004")
        + len(text).to_bytes(2, "big")
        + (0).to_bytes(2, "big")
        + text
    )
    directory = b"\x00\x01\x00\x00" + (1).to_bytes(2, "big") + bytes(6)
    record = b"name" + bytes(4) + (12 + 16).to_bytes(4, "big") + len(name).to_bytes(4, "big")
    return directory + record + name


def embedded_names_pdf() -> bytes:
    """A page that draws "Visible words." and an image, hiding the name where formats keep
    text: a content-stream comment, a JPEG's comment and what follows its end (the JPEG
    wrapped in Flate too), an ICC-like profile's UTF-16 text, a font program's name table and
    a JPEG 2000 file's XML box."""
    import zlib

    jpeg = image_bytes(Image.new("L", (8, 8), 128), "JPEG")
    comment = f"Photo of {NAME}".encode()
    jpeg = jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]
    jpeg += f"Taken by {NAME}".encode()
    pdf = pikepdf.new()
    photo = gray_image(pdf, zlib.compress(jpeg), (8, 8))
    photo.stream_dict.Filter = pikepdf.Array([pikepdf.Name.FlateDecode, pikepdf.Name.DCTDecode])
    profile = pdf.make_stream(b"\x00" * 64 + f"Profile by {NAME}".encode("utf-16-be"), N=1)
    xml = f"<x>{NAME}</x>".encode()
    jp2 = (12).to_bytes(4, "big") + b"jP  \r\n\x87\n" + (len(xml) + 8).to_bytes(4, "big")
    jp2 += b"xml " + xml
    jpx = pdf.make_stream(
        jp2,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=8,
        Height=8,
        Filter=pikepdf.Name.JPXDecode,
    )
    program = pdf.make_stream(_truetype_with_name(f"{NAME} Hand"))
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.TrueType,
        BaseFont=pikepdf.Name("/ABCDEF+Hand"),
        FontDescriptor=pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=pikepdf.Name("/ABCDEF+Hand"),
            FontFile2=program,
        ),
    )
    content = (
        f"% drafted for {NAME}\nBT /F1 12 Tf 72 700 Td (Visible words.) Tj ET "
        "q /CS0 cs 0.5 sc 0 0 10 10 re f Q BT /F2 12 Tf 72 650 Td ( ) Tj ET "
        "q 50 0 0 50 72 500 cm /Im0 Do Q q 50 0 0 50 172 500 cm /Im1 Do Q"
    )
    return helvetica_page(
        pdf,
        content,
        fonts={"/F2": font},
        XObject=pikepdf.Dictionary(Im0=photo, Im1=jpx),
        ColorSpace=pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, profile])),
    )


def test_a_name_where_formats_keep_text_is_blanked_and_the_rest_kept() -> None:
    from inquiry.exhibits.prepare import Options, prepare
    from inquiry.proof import pdf_leaks

    data = embedded_names_pdf()
    matcher = Matcher.of([NAME])
    found = {leak.where.split(" (")[0] for leak in pdf_leaks(data, "in", matcher)}
    assert len(found) >= 5, found  # the proof sees every place
    made = prepare(data, strip=Options(28.0, ocr="never", strings=((NAME, None),)))
    assert pdf_leaks(made.pdf, "out", matcher) == []
    assert leaks(made.pdf, NAME) == []
    assert "Visible words." in pdftotext(made.pdf)
    with pikepdf.open(io.BytesIO(made.pdf)) as doc:
        images = [
            o
            for o in doc.objects
            if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
        ]
        jpegs = [
            o
            for o in images
            if o.get("/Filter") in ("/DCTDecode", pikepdf.Array([pikepdf.Name.DCTDecode]))
        ]
        assert jpegs, "the photograph is still there, as a JPEG"
        Image.open(io.BytesIO(jpegs[0].read_raw_bytes())).load()  # and still decodes


def test_a_name_drawn_out_of_order_is_found_where_it_is_read() -> None:
    """The surname is drawn first and the first name after, at its place before it: the text
    as drawn says "Placeholder … Jane", the page says "Dear Jane Placeholder,"."""
    from inquiry.exhibits.prepare import Options, prepare

    pdf = pikepdf.new()
    first, last = NAME.split()
    content = (
        "BT /F1 14 Tf 72 700 Td (Dear) Tj ET "
        f"BT /F1 14 Tf 150 700 Td ({last},) Tj ET "
        "BT /F1 14 Tf 72 650 Td (Thank you for your letter.) Tj ET "
        f"BT /F1 14 Tf 108 700 Td ({first}) Tj ET"
    )
    data = helvetica_page(pdf, content)
    assert NAME in " ".join(pdftotext(data).split()), "a reader reads the name"
    made = prepare(data, strip=Options(28.0, ocr="never", strings=((NAME, None),)))
    assert made.marks == ((1, None),)
    assert leaks(made.pdf, NAME) == []
