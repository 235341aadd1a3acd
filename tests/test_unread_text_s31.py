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
    elif build == "emc-in-string":  # an `EMC` inside the replacement text ends nothing
        content = head + b"/Span <</ActualText (Mary EMC Jones)>> BDC " + drawn + b" EMC"
    elif build == "escaped-key":  # `#54` is `T`
        content = head + b"/Span <</Actual#54ext (Mary Jones)>> BDC " + drawn + b" EMC"
    elif build == "escaped-property":  # `/P#30` is `/P0`
        resources.Properties = pikepdf.Dictionary(
            P0=pikepdf.Dictionary(ActualText=pikepdf.String("Mary Jones"))
        )
        content = head + b"/Span /P#30 BDC " + drawn + b" EMC"
    elif build in ("pattern", "pattern-without-bt"):  # a tiling pattern's cell draws it
        cell = drawn if build == "pattern" else b"/F2 24 Tf 1 0 0 1 72 700 Tm (" + spelt + b") Tj"
        resources.Pattern = pikepdf.Dictionary(
            P1=pdf.make_stream(
                cell,
                PatternType=1,
                PaintType=1,
                TilingType=1,
                BBox=[0, 0, 595, 842],
                XStep=595,
                YStep=842,
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F2=font)),
            )
        )
        content = head + b"/Pattern cs /P1 scn 0 0 595 842 re f"
    elif build == "type3":  # one Type 3 glyph draws the name in another font
        glyph = pdf.make_stream(b"0 0 d0 " + drawn)
        resources.Font.F3 = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type3,
            FontBBox=[0, 0, 595, 842],
            FontMatrix=[1, 0, 0, 1, 0, 0],
            CharProcs=pikepdf.Dictionary(x=glyph),
            Encoding=pikepdf.Dictionary(Differences=[120, pikepdf.Name.x]),
            FirstChar=120,
            LastChar=120,
            Widths=[0],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F2=font)),
        )
        content = head + b"BT /F3 1 Tf 0 0 Td (x) Tj ET"
    elif build.startswith("nested"):  # forms in forms, the last holding `/ActualText`
        inner = pikepdf.Dictionary(Font=pikepdf.Dictionary(F2=font))
        body = b"/Span <</ActualText (Mary Jones)>> BDC " + drawn + b" EMC"
        for _ in range(int(build.removeprefix("nested"))):
            form = pdf.make_stream(
                body, Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842], Resources=inner
            )
            inner, body = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form)), b"/Fm Do"
        resources.XObject = inner.XObject
        content = head + body
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


@pytest.mark.parametrize(
    "build",
    [
        "actualtext",
        "pattern",
        "mask",
        # A second red team's ways past a reading of the raw bytes (stop 31)
        "emc-in-string",
        "escaped-key",
        "escaped-property",
        "pattern-without-bt",
        "type3",
        "nested3",
        "nested20",  # past the depth looked through: read by eye all the same
    ],
)
def test_the_pages_whose_drawn_words_are_not_read_are_found(build: str) -> None:
    assert unread_text_pages(_pdf(build)) == {0}


def test_a_page_whose_words_are_read_is_not_counted() -> None:
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
