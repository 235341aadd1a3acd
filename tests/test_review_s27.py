"""Stop 27's review of the day's changes, its findings kept as tests: a direct font given
another's verdict (keyed by `id()` of a freed wrapper), an unused image kept by the fast path
(a name two kinds share, a name in a comment), a CRLF file's blocks not known as unread by the
recovery, and a lone carriage return before `::` in a failure message."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from inquiry.exhibits.glyphs import survey_fonts
from inquiry.exhibits.unused import drop_unused
from inquiry.problems import inert
from inquiry.readfiles import read_file
from inquiry.redaction import Matcher


def _direct_fonts_pdf(n: int) -> bytes:
    pdf = pikepdf.new()
    for k in range(n):
        spelled = [pikepdf.Name(f"/{c}") for c in ("Marchbanks" if k == n - 1 else "ab")]
        font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/Helvetica"),
            Encoding=pikepdf.Dictionary(Differences=pikepdf.Array([65, *spelled])),
        )
        resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))  # a direct font
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 200, 200],
            Resources=resources,
            Contents=pdf.make_stream(b"BT /F1 12 Tf (A) Tj ET"),
        )
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("n", range(2, 12))
def test_each_direct_font_gets_its_own_verdict(n: int) -> None:
    found = survey_fonts(_direct_fonts_pdf(n), Matcher.of(["Marchbanks"]))
    assert n - 1 in found.spelled


def _page_with_image(content: bytes, image_name: str) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    image = pikepdf.Stream(
        pdf,
        b"\xff" * 3,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=1,
        Height=1,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
    )
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=font),
        XObject=pikepdf.Dictionary({image_name: pdf.make_indirect(image)}),
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 200, 200],
        Resources=resources,
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    return pdf


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"BT /F1 12 Tf (Hello) Tj ET", "/Im1"),
        (b"BT /F1 12 Tf (Hello) Tj ET", "/F1"),  # the font's name
        (b"% /Im1 Do removed\nBT /F1 12 Tf (Hello) Tj ET", "/Im1"),  # named in a comment
    ],
)
def test_an_image_never_drawn_is_dropped(content: bytes, name: str) -> None:
    pdf = _page_with_image(content, name)
    drop_unused(pdf)
    xobjects = pdf.pages[0].obj.Resources.get("/XObject")
    assert not xobjects or name not in xobjects


ITEM = (
    "id: TM-001\nkind: testimony\ntitle: T\ndate: 2025-05\nlines_of_inquiry: [LOI-1]\n"
    "summary: S\nwitness: {reference: W-01, role: Therapist}\nconsent:\n  publication: public\n"
    "  basis: B\nparagraphs:\n  - One.\n  - The second: paragraph: bad.\n"
    "statement_of_truth: false\n"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_block_left_unread_is_known_whatever_the_line_ends(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "TM-001.yaml"
    path.write_bytes(ITEM.replace("\n", newline).encode())
    read = read_file(tmp_path, path)
    assert read.doc is not None
    assert "paragraphs" in read.doc.unread


def test_a_carriage_return_before_a_command_is_made_inert() -> None:
    assert "\r::" not in inert("build failed: x\r::error::pwned")


def _shapes(n: int, size: float) -> bytes:
    pdf = pikepdf.new()
    ops = []
    for k in range(n):
        x, y = 10 + (k % 50) * 0.5, 10 + (k // 50) * 0.5
        ops.append(
            f"{x} {y} m {x + size} {y} l {x + size} {y + size} l {x + size / 2} {y + size * 1.1} "
            f"l {x} {y + size} l {x - 1} {y + size / 2} l h f"
        )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 612, 792],
        Resources=pikepdf.Dictionary(),
        Contents=pdf.make_stream("\n".join(ops).encode()),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_page_sized_shapes_are_read_as_one_drawing_not_compared_pair_by_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """500 page-sized filled shapes took 86 s to cluster (each pair compared in every grid
    cell the two share): past `MANY_CELLS` covered, the drawing is one box, read once."""
    import pypdfium2 as pdfium

    from inquiry.exhibits import drawings

    def refuse(items: object) -> object:
        raise AssertionError("clustered pair by pair")

    monkeypatch.setattr(drawings, "_clusters", refuse)
    page = pdfium.PdfDocument(_shapes(500, 500.0))[0]
    (box,) = drawings.drawing_boxes(page)
    assert box[2] - box[0] > 500 and box[3] - box[1] > 500
    monkeypatch.undo()
    small = pdfium.PdfDocument(_shapes(500, 10.0))[0]
    assert drawings.drawing_boxes(small)  # small shapes are still clustered
