"""Stop 36: whether a page has words drawn invisibly (OCR's text layer, the only words read
approximately) is asked of pdfium directly, not through `PdfPage.get_objects`'s helper objects.
The same answer on every page of the corpus and on forms nested inside forms."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from inquiry.exhibits import ocr_names

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "pdf-corpus"


def _old(page: pdfium.PdfPage) -> bool:
    return any(
        pdfium_c.FPDFTextObj_GetTextRenderMode(o.raw) == 3
        for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])
    )


def _nested(depth: int, mode: int, *, top: bool = False) -> bytes:
    """A page drawing a form inside a form … `depth` deep, the innermost drawing a word in text
    render mode `mode`; with `top`, a visible word on the page itself too."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    inner = pdf.make_stream(
        f"BT {mode} Tr /F1 12 Tf 72 700 Td (Wrenfield) Tj ET".encode(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
    )
    for _ in range(depth - 1):
        inner = pdf.make_stream(
            b"q /X Do Q",
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=inner)),
        )
    content = (
        b"q /X Do Q" if depth else f"BT {mode} Tr /F1 12 Tf 72 700 Td (Wrenfield) Tj ET".encode()
    )
    if top:
        content += b" BT /F1 12 Tf 72 600 Td (Seen) Tj ET"
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(
                    Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(X=inner)
                ),
                Contents=pdf.make_stream(content),
            )
        )
    )
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


CASES = [(d, m, t) for d in (0, 1, 2, 14, 15, 16) for m in (0, 3, 7) for t in (False, True)]


@pytest.mark.parametrize(("depth", "mode", "top"), CASES)
def test_nested_forms_answer_as_get_objects_did(depth: int, mode: int, top: bool) -> None:
    document = pdfium.PdfDocument(_nested(depth, mode, top=top))
    try:
        page = document[0]
        assert ocr_names._draws_invisibly(page) == _old(page)
        if mode == 3 and depth < 15:
            assert ocr_names._draws_invisibly(page)  # OCR's words inside a form are found
        page.close()
    finally:
        document.close()


def test_every_corpus_page_answers_as_get_objects_did() -> None:
    checked = 0
    for path in sorted(CORPUS.glob("*.pdf")):
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            continue  # a password, or damage: not read here either
        try:
            for index in range(len(document)):
                page = document[index]
                assert ocr_names._draws_invisibly(page) == _old(page), (path.name, index)
                page.close()
                checked += 1
        finally:
            document.close()
    assert checked > 20
