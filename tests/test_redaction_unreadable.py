"""Names an exhibit's text layer hides: drawn in a font with no Unicode map, or letter-spaced.

A reader sees the name on the page though a search of its text cannot find it. Each case is an
exhibit made by typst, prepared as a public build prepares it, and the result is read back as a
reader's software reads it (pdfium's text, and Tesseract's reading of the rendered page).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import typst

from inquiry.exhibits.prepare import Options, Prepared, prepare
from inquiry.redaction import Matcher

NAME = "Jane Placeholder"
MATCHER = Matcher.of([NAME])
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)


def typeset(tmp: Path, body: str) -> bytes:
    source = tmp / "letter.typ"
    source.write_text(f"#set page(width: 300pt, height: 150pt, margin: 10pt)\n{body}\n")
    return typst.compile(source, ignore_system_fonts=True, font_paths=[], timestamp=0)


def without_unicode(pdf: bytes, font: str | None = None) -> bytes:
    """`pdf` with the ToUnicode maps of its fonts (those named with `font`, or all) removed,
    as some print drivers and signature fonts leave them."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for _, face in page.Resources.get("/Font", pikepdf.Dictionary()).items():
                named = font is None or font in str(face.get("/BaseFont", ""))
                if named and "/ToUnicode" in face:
                    del face["/ToUnicode"]
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def public(data: bytes, *, ocr: str = "auto") -> Prepared:
    tools = shutil.which("tesseract") is not None
    return prepare(data, strip=Options(30.0, ocr, ocr_tools=tools, strings=((NAME, None),)))


def pdfium_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def seen_by_ocr(pdf: bytes, tmp: Path) -> str:
    """What Tesseract reads on page 1 as rendered: what a reader sees."""
    path = tmp / "seen.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", str(path), str(tmp / "seen")],
        check=True,
    )
    done = subprocess.run(
        ["tesseract", str(tmp / "seen.png"), "-", "-l", "eng"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_the_made_exhibit_hides_the_name_from_its_text(tmp_path: Path) -> None:
    """The attack as it stands: the name is on the page, its text layer does not say so."""
    data = without_unicode(typeset(tmp_path, f"Dear colleague, about `{NAME}` last week."), "Mono")
    assert "Dear colleague" in pdfium_text(data)
    assert not MATCHER.search(pdfium_text(data))


@needs_ocr
def test_a_name_in_a_font_without_unicode_is_found_by_ocr_and_removed(tmp_path: Path) -> None:
    data = without_unicode(typeset(tmp_path, f"Dear colleague, about `{NAME}` last week."), "Mono")
    if shutil.which("pdftoppm") is None:
        pytest.skip("needs pdftoppm (poppler-utils)")
    assert MATCHER.search(seen_by_ocr(data, tmp_path)), "the name is visible before"
    done = public(data)
    assert done.marks == ((1, None),)
    assert not done.unsearched
    assert not MATCHER.search(seen_by_ocr(done.pdf, tmp_path)), "the name is still visible"
    assert not MATCHER.search(pdfium_text(done.pdf))
    assert "colleague" in pdfium_text(done.pdf)  # the page keeps a text layer (OCR's)


@needs_ocr
def test_a_page_wholly_without_unicode_is_redacted_and_searchable(tmp_path: Path) -> None:
    data = without_unicode(typeset(tmp_path, f"Letter from the trust to {NAME} about it."))
    done = public(data)
    assert done.marks == ((1, None),)
    assert done.no_text == ()  # OCR gave the rebuilt page its words
    assert not MATCHER.search(seen_by_ocr(done.pdf, tmp_path))
    assert "trust" in pdfium_text(done.pdf).lower()


def test_without_ocr_the_pages_that_could_not_be_searched_are_named(tmp_path: Path) -> None:
    data = without_unicode(typeset(tmp_path, f"Dear colleague, about `{NAME}` last week."), "Mono")
    done = public(data, ocr="never")
    assert done.unsearched == (1,)
    assert done.marks == ()


def test_an_exhibit_whose_text_reads_is_not_read_by_eye(tmp_path: Path) -> None:
    """Only pages with unmapped words are OCR'd: a plain page is left as it is."""
    data = typeset(tmp_path, "Dear colleague, about nobody in particular.")
    done = public(data)
    assert done.unsearched == () and done.marks == ()
    with pikepdf.open(io.BytesIO(done.pdf)) as document:
        assert "/Font" in document.pages[0].Resources or any(
            "/Font" in x.get("/Resources", {})
            for x in document.pages[0].Resources.get("/XObject", {}).values()
        )


def test_a_short_word_lowers_how_many_unmapped_letters_count(tmp_path: Path) -> None:
    """`Li Wu`: two unmapped letters in a row are enough to read the page by eye."""
    data = without_unicode(typeset(tmp_path, "Signed: `Li` `Wu`, nurse."), "Mono")
    done = prepare(data, strip=Options(30.0, "never", strings=(("Li Wu", None),)))
    assert done.unsearched == (1,)
    done = prepare(data, strip=Options(30.0, "never", strings=(("Jane Placeholder", None),)))
    assert done.unsearched == ()


def test_a_letter_spaced_name_is_removed_from_the_page_and_its_text(tmp_path: Path) -> None:
    signed = f"#text(tracking: 5pt)[{NAME.upper()}]"
    data = typeset(tmp_path, f"The complaint was signed by the patient.\\\n{signed}")
    text = pdfium_text(data)
    assert "J A N E" in text  # how a reader's software extracts it
    done = public(data, ocr="never")
    assert done.marks == ((1, None),)
    assert not MATCHER.search(pdfium_text(done.pdf))
    assert "P L A C E" not in pdfium_text(done.pdf)


def turned(pdf: bytes, angle: int) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.pages[0].Rotate = angle
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


@needs_ocr
@pytest.mark.parametrize("angle", [90, 180, 270])
def test_an_unreadable_name_a_reader_sees_sideways_is_found(tmp_path: Path, angle: int) -> None:
    """Red-team pass 6: OCR read the page only upright, so a name drawn sideways (a landscape
    page's heading, a stamp) was left on it. The page is read in each of the four ways up."""
    letter = without_unicode(
        typeset(tmp_path, f"Dear colleague, about `{NAME}` last week."), "Mono"
    )
    done = public(turned(letter, angle))
    assert done.marks == ((1, None),), angle
    assert not done.unsearched


def test_a_page_whose_text_names_the_witness_may_draw_an_unreadable_copy_too(
    tmp_path: Path,
) -> None:
    """The readable copy is found in the text; the copy drawn in a font without Unicode is not,
    so without OCR the page is named as not searched, though a string was found on it."""
    both = without_unicode(
        typeset(tmp_path, f"Letter to {NAME}.\\\nDear colleague, about `{NAME}` last week."), "Mono"
    )
    done = public(both, ocr="never")
    assert done.marks == ((1, None),)
    assert done.unsearched == (1,)
    if shutil.which("tesseract") is not None:
        assert public(both).marks == ((1, None), (1, None))
