"""Words an exhibit page draws that its text reading does not give are read by eye in an edition
that redacts: `/ActualText` that says other words than the glyphs draw, text in a tiling
pattern's cell, text in a soft mask's group (stop 31's red team carried a name past the search
with each; the name stayed on the page, with no warning)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pikepdf
import pytest
from test_exhibit_pictures import _read

from inquiry.exhibits.prepare import Options, prepare
from inquiry.exhibits.unread_text import unread_text_pages

NAME = "Octavius Brand"
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")


def _font(pdf: pikepdf.Pdf) -> tuple[pikepdf.Object, bytes]:
    """Helvetica with its codes given out in the name's order (`A` draws O, `B` draws c, …),
    so no string in the file spells the name; and the name's bytes in it."""
    letters = list(dict.fromkeys(NAME))
    names = ["space" if c == " " else c for c in letters]
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Dictionary(
                Differences=pikepdf.Array([65, *(pikepdf.Name("/" + n) for n in names)])
            ),
        )
    )
    return font, bytes(65 + letters.index(c) for c in NAME)


def _pdf(build: str) -> bytes:
    pdf = pikepdf.new()
    font, spelt = _font(pdf)
    plain = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=plain, F2=font))
    head = b"BT /F1 12 Tf 72 780 Td (This letter concerns the care of a patient.) Tj ET\n"
    drawn = b"BT /F2 24 Tf 72 700 Td (" + spelt + b") Tj ET"
    if build == "actualtext":
        content = head + b"/Span <</ActualText (Mary Jones)>> BDC " + drawn + b" EMC"
    elif build == "pattern":
        cell = pdf.make_stream(
            drawn,
            PatternType=1,
            PaintType=1,
            TilingType=1,
            BBox=[0, 0, 595, 842],
            XStep=595,
            YStep=842,
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F2=font)),
        )
        resources.Pattern = pikepdf.Dictionary(P1=cell)
        content = head + b"/Pattern cs /P1 scn 0 0 595 842 re f"
    elif build == "mask":
        group = pdf.make_stream(
            b"0 g 0 0 595 842 re f 1 g " + drawn,
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=[0, 0, 595, 842],
            Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceGray),
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F2=font)),
        )
        mask = pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=group)
        resources.ExtGState = pikepdf.Dictionary(M1=pikepdf.Dictionary(SMask=mask))
        content = head + b"q /M1 gs 0 g 0 0 595 842 re f Q"
    else:
        content = head + drawn
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=resources,
                Contents=pdf.make_stream(content),
            )
        )
    )
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def test_the_pages_whose_drawn_words_are_not_read_are_found() -> None:
    assert unread_text_pages(_pdf("actualtext")) == {0}
    assert unread_text_pages(_pdf("pattern")) == {0}
    assert unread_text_pages(_pdf("mask")) == {0}
    assert unread_text_pages(_pdf("plain")) == set()


@needs_ocr
@pytest.mark.parametrize("build", ["actualtext", "pattern", "mask"])
def test_the_name_drawn_there_is_removed(tmp_path: Path, build: str) -> None:
    data = _pdf(build)
    assert "octavius" in _read(data, tmp_path).lower()  # a reader sees the name
    result = prepare(data, strip=Options(30.0, "auto", ocr_tools=True, strings=((NAME, None),)))
    assert result.marks, "the name was not found"
    seen = _read(result.pdf, tmp_path).lower()
    assert "octavius" not in seen and "brand" not in seen, seen
