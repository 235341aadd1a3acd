"""A page that had text and was rebuilt from pixels to redact it is said to be left without
text when OCR did not give it a layer again (SPEC, OCR: "a warning names each exhibit left
unsearchable"). Stop 35, auditor h125: with `--ocr never` (or without Tesseract) a redacted
page lost its whole text layer and no warning named its exhibit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import typst

from inquiry.exhibits.prepare import Options, prepare

NAME = "Quorvath Marchbanks"


def _letter(tmp: Path) -> bytes:
    """Two typed pages: the name on the first only."""
    source = tmp / "letter.typ"
    source.write_text(
        '#set page(paper: "a5")\n'
        f"A typed letter about the service, signed by {NAME}.\n"
        "#pagebreak()\nA second page with nothing to redact on it.\n",
        encoding="utf-8",
    )
    return typst.compile(source, ignore_system_fonts=True, font_paths=[], timestamp=0)


def _texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(document)):
            textpage = document[i].get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
        return out
    finally:
        document.close()


def test_a_redacted_page_without_ocr_is_said_to_be_left_without_text(tmp_path: Path) -> None:
    result = prepare(
        _letter(tmp_path), strip=Options(30.0, "never", ocr_tools=False, strings=((NAME, None),))
    )
    assert [page for page, _ in result.marks] == [1]
    texts = _texts(result.pdf)
    assert "Quorvath" not in texts[0] and "letter" not in texts[0]  # rebuilt from pixels
    assert "second page" in texts[1]
    assert result.no_text == (1,)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")
def test_a_redacted_page_given_text_again_by_ocr_is_not(tmp_path: Path) -> None:
    result = prepare(
        _letter(tmp_path), strip=Options(30.0, "auto", ocr_tools=True, strings=((NAME, None),))
    )
    assert [page for page, _ in result.marks] == [1]
    assert "letter" in _texts(result.pdf)[0]
    assert result.no_text == ()


def test_an_exhibit_without_redaction_keeps_its_text_and_says_nothing(tmp_path: Path) -> None:
    result = prepare(
        _letter(tmp_path),
        strip=Options(30.0, "never", ocr_tools=False, strings=(("Nobody", None),)),
    )
    assert result.marks == () and result.no_text == ()
