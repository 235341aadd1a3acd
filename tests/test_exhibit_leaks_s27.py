"""Redacted names that reached the public edition through an exhibit (red-team pass, stop 27).

Each case builds a public edition of a fresh submission whose item TM-002 redacts the names and
attaches one hostile exhibit, then reads the name back out of the outputs as anyone could: the
decompressed objects of bundle.pdf and of the served exhibit file, their text (pdftotext), and
what Tesseract reads in their images and pages. An exhibit with no name in it keeps its own text
(it is not rebuilt from pixels).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont

from inquiry.cli import main

NAMES = ("Odalys Quennell", "Marchbanks", "Saffiya Wolverton")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None or not Path(FONT).exists(),
    reason="Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) and DejaVu fonts needed",
)
TESTIMONY = """\
id: TM-002
kind: testimony
title: Testimony of a therapist
date: 2025-05
lines_of_inquiry: [LOI-1]
summary: A therapist describes targets.
source: {title: Forum post, author: W-02, accessed: 2025-07-01}
witness: {reference: W-02, role: Therapist}
consent: {publication: public, basis: Published by the author on a public forum}
paragraphs:
  - Odalys Quennell said so.
statement_of_truth: false
exhibits:
%s
redact:
  - Odalys Quennell
  - {text: Marchbanks, code: PI}
  - Saffiya Wolverton
"""
BODY = b"BT /F1 14 Tf 72 700 Td (This letter is about targets.) Tj ET\n"


# --------------------------------------------------------------------------- building


def public_build(tmp: Path, exhibits: dict[str, bytes]) -> Path:
    """The public edition (PDF and HTML) of a new submission with `exhibits` on TM-002."""
    root = tmp / "submission"
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    listed = []
    for name, data in exhibits.items():
        (root / "evidence" / "exhibits" / name).write_bytes(data)
        listed.append(f"  - {{file: exhibits/{name}, description: A letter}}")
    (root / "evidence" / "testimonies" / "TM-002.yaml").write_text(
        TESTIMONY % "\n".join(listed), encoding="utf-8"
    )
    out = tmp / "out"
    args = ["build", "--root", str(root), "--out", str(out), "--audience", "public"]
    args += ["--format", "pdf", "--format", "html", "--no-cache"]
    result = CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.exit_code == 0, result.output
    return out


def marks(out: Path) -> list[str | None]:
    """The code of each redaction the schedule lists on an exhibit's page."""
    schedule = json.loads((out / "redactions.json").read_text(encoding="utf-8"))
    return [entry["code"] for entry in schedule if entry["exhibit"] is not None]


def outputs(out: Path) -> list[Path]:
    return [out / "bundle.pdf", *sorted((out / "html" / "exhibits").glob("*.pdf"))]


def squeeze(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def assert_no_name(text: str, where: str) -> None:
    flat = squeeze(text)
    for name in NAMES:
        assert squeeze(name) not in flat, f"{name} in {where}"


def decompressed(pdf: Path, tmp: Path) -> str:
    qdf = tmp / f"{pdf.stem}.qdf.pdf"
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(qdf)],
        check=False,
        capture_output=True,
    )
    return qdf.read_bytes().decode("latin-1")


def pdftotext(pdf: Path) -> str:
    run = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return run.stdout.decode("utf-8", errors="replace")


def tesseract(image: Image.Image, tmp: Path, turns: tuple[int, ...] = (0, 90, 180, 270)) -> str:
    """What Tesseract reads in `image`, in each of `turns` (the four ways up)."""
    path = tmp / "ocr.png"
    seen = []
    for angle in turns:
        image.rotate(angle, expand=True, fillcolor="white").save(path)
        run = subprocess.run(["tesseract", str(path), "-"], capture_output=True, check=False)
        seen.append(run.stdout.decode("utf-8", errors="replace"))
    return "\n".join(seen)


def images_read(pdf: Path, tmp: Path) -> str:
    """What Tesseract reads in every image stream of `pdf`."""
    seen = []
    with pikepdf.open(pdf) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
                image = pikepdf.PdfImage(obj).as_pil_image().convert("L")
                if image.width * image.height < 40_000_000:
                    seen.append(tesseract(image, tmp))
    return "\n".join(seen)


def pages_read(pdf: Path, tmp: Path) -> str:
    """What Tesseract reads on every page of `pdf` rendered at 200 dpi (upright, as the
    names are drawn)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(
            tesseract(document[i].render(scale=200 / 72).to_pil().convert("L"), tmp, (0,))
            for i in range(len(document))
        )
    finally:
        document.close()


def name_image(text: str = "Marchbanks") -> Image.Image:
    image = Image.new("L", (800, 120), 255)
    ImageDraw.Draw(image).text((10, 20), text, fill=0, font=ImageFont.truetype(FONT, 48))
    return image


def helvetica(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )


def one_page(content: bytes, **resources: object) -> bytes:
    pdf = pikepdf.new()
    res = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica(pdf)))
    for key, make in resources.items():
        res[f"/{key}"] = make(pdf) if callable(make) else make
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, 595, 842]),
        Contents=pdf.make_stream(content),
        Resources=res,
    )
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


def image_stream(pdf: pikepdf.Pdf, image: Image.Image) -> pikepdf.Stream:
    return pdf.make_stream(
        image.tobytes(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )


def plain_letter() -> bytes:
    return one_page(b"BT /F1 14 Tf 72 700 Td (An unaffected letter about waiting lists.) Tj ET")


def assert_plain_letter_kept(out: Path) -> None:
    """The exhibit without a name keeps its own text layer: not rebuilt from pixels."""
    served = out / "html" / "exhibits"
    texts = [pdftotext(p) for p in sorted(served.glob("*.pdf"))]
    assert any("An unaffected letter about waiting lists." in t for t in texts), texts


# --------------------------------------------------------------------------- 1. undrawn images


@needs_ocr
def test_an_image_the_page_never_draws_is_not_in_the_public_edition(tmp_path: Path) -> None:
    """xe8: /Im9 shows the name in its pixels; nothing on the page draws it."""

    def hidden(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
        form = pdf.make_stream(
            b"q 300 0 0 45 0 0 cm /Im7 Do Q",
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=pikepdf.Array([0, 0, 300, 45]),
            Resources=pikepdf.Dictionary(
                XObject=pikepdf.Dictionary(Im7=image_stream(pdf, name_image()))
            ),
        )
        # Fm1 is drawn, but its own /Im8 is not; /Im9 and /Fm2 are drawn by nothing.
        drawn = pdf.make_stream(
            b"0 0 1 1 re f",
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=pikepdf.Array([0, 0, 1, 1]),
            Resources=pikepdf.Dictionary(
                XObject=pikepdf.Dictionary(Im8=image_stream(pdf, name_image("Odalys Quennell")))
            ),
        )
        return pikepdf.Dictionary(Im9=image_stream(pdf, name_image()), Fm1=drawn, Fm2=form)

    exhibit = one_page(BODY + b"q 10 0 0 10 72 600 cm /Fm1 Do Q", XObject=hidden)
    out = public_build(tmp_path, {"e8.pdf": exhibit, "plain.pdf": plain_letter()})
    for pdf in outputs(out):
        assert_no_name(images_read(pdf, tmp_path), f"{pdf.name}'s images")
        assert_no_name(decompressed(pdf, tmp_path), f"{pdf.name}'s objects")
    assert "This letter is about targets." in pdftotext(out / "bundle.pdf")
    assert_plain_letter_kept(out)


# --------------------------------------------------------------------------- 3. lying fonts


def to_unicode_cmap(pairs: dict[int, str]) -> bytes:
    body = "".join(f"<{code:02X}> <{ord(text):04X}>\n" for code, text in pairs.items())
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /X def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(pairs)} beginbfchar\n{body}endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()


def spelling_font(pdf: pikepdf.Pdf, name: str, shown_as: str) -> pikepdf.Object:
    """Helvetica drawing `name` at codes 1, 2, …, whose ToUnicode says each is `shown_as`."""
    differences = pikepdf.Array([1, *(pikepdf.Name("/" + ch) for ch in name)])
    cmap = to_unicode_cmap({i + 1: shown_as for i in range(len(name))})
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Dictionary(
                Type=pikepdf.Name.Encoding,
                BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                Differences=differences,
            ),
            ToUnicode=pdf.make_stream(cmap),
        )
    )


def lying_font_exhibit(name: str = "Marchbanks", shown_as: str = "x") -> bytes:
    codes = bytes(range(1, len(name) + 1)).hex().encode()
    content = BODY + b"BT /F2 24 Tf 72 650 Td <" + codes + b"> Tj ET"
    pdf = pikepdf.new()
    fonts = pikepdf.Dictionary(F1=helvetica(pdf), F2=spelling_font(pdf, name, shown_as))
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, 595, 842]),
        Contents=pdf.make_stream(content),
        Resources=pikepdf.Dictionary(Font=fonts),
    )
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


@needs_ocr
def test_a_name_drawn_in_a_font_whose_tounicode_lies_is_read_by_eye(tmp_path: Path) -> None:
    """xe7: the page shows `Marchbanks`, its text extracts `xxxxxxxxxx`, and the font's
    /Differences spell the name."""
    out = public_build(tmp_path, {"e7.pdf": lying_font_exhibit(), "plain.pdf": plain_letter()})
    for pdf in outputs(out):
        assert_no_name(decompressed(pdf, tmp_path), f"{pdf.name}'s objects")
        assert_no_name(pdftotext(pdf), f"{pdf.name}'s text")
    served = sorted((out / "html" / "exhibits").glob("*.pdf"))
    seen = "\n".join(pages_read(pdf, tmp_path) for pdf in served)
    assert_no_name(seen, "the served exhibits as seen")
    assert marks(out) == ["PI"]
    assert_plain_letter_kept(out)


def test_glyph_names_that_spell_a_name_rebuild_the_page_without_ocr(tmp_path: Path) -> None:
    """With OCR off, glyph names that spell the name still take their page to pixels and the
    font out of the file (a mark for it); the page, drawn in a font whose text cannot be trusted
    and not read by eye, is named as unsearched."""
    from inquiry.exhibits.prepare import Options, prepare

    made = prepare(
        lying_font_exhibit(),
        strip=Options(28.0, "never", strings=(("Marchbanks", "PI"),)),
    )
    assert made.redacted and (1, "PI") in made.marks
    assert made.unsearched == (1,)
    with pikepdf.open(io.BytesIO(made.pdf)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/Differences" in obj:
                pytest.fail("a font's /Differences survived")


# --------------------------------------------------------------------------- 2. words as shapes


def outlines(text: str, x: float, y: float, size: float) -> bytes:
    """`text` drawn as filled glyph outlines (DejaVu Sans), one path a letter."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont

    font = TTFont(FONT)
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = size / font["head"].unitsPerEm

    class Pen(BasePen):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(glyphs)
            self.ops: list[str] = []

        def _moveTo(self, p: tuple[float, float]) -> None:
            self.ops.append(f"{p[0]:.1f} {p[1]:.1f} m")

        def _lineTo(self, p: tuple[float, float]) -> None:
            self.ops.append(f"{p[0]:.1f} {p[1]:.1f} l")

        def _curveToOne(
            self, a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]
        ) -> None:
            self.ops.append(f"{a[0]:.1f} {a[1]:.1f} {b[0]:.1f} {b[1]:.1f} {c[0]:.1f} {c[1]:.1f} c")

        def _closePath(self) -> None:
            self.ops.append("h")

    ops = []
    for ch in text:
        name = cmap[ord(ch)]
        pen = Pen()
        glyphs[name].draw(pen)
        ops.append(f"q {scale} 0 0 {scale} {x:.2f} {y} cm {' '.join(pen.ops)} f Q")
        x += glyphs[name].width * scale
    return "\n".join(ops).encode()


TABLE = b"".join(
    [f"72 {y} m 520 {y} l S\n".encode() for y in range(300, 560, 20)]
    + [f"{x} 300 m {x} 540 l S\n".encode() for x in range(72, 540, 64)]
    + [b"72 200 448 40 re f\n"]
)


@needs_ocr
def test_a_name_drawn_as_outlines_on_a_page_with_text_is_read_and_removed(tmp_path: Path) -> None:
    """xe3: `Signed: Odalys Quennell` in glyph outlines under a typed line."""
    exhibit = one_page(BODY + outlines("Signed: Odalys Quennell", 72, 600, 28) + b"\n" + TABLE)
    out = public_build(tmp_path, {"e3.pdf": exhibit, "plain.pdf": plain_letter()})
    served = sorted((out / "html" / "exhibits").glob("*.pdf"))
    seen = "\n".join(pages_read(pdf, tmp_path) for pdf in [out / "bundle.pdf", *served])
    assert_no_name(seen, "the outputs as seen")
    assert marks(out) == [None]
    for pdf in outputs(out):
        assert_no_name(pdftotext(pdf), f"{pdf.name}'s text")
    assert_plain_letter_kept(out)


def test_rules_and_a_table_are_not_taken_for_words() -> None:
    """Lines, rectangles and a table's grid are never cut out to be read."""
    import pypdfium2 as pdfium

    from inquiry.exhibits.drawings import drawing_boxes

    document = pdfium.PdfDocument(one_page(BODY + TABLE))
    try:
        assert drawing_boxes(document[0]) == []
    finally:
        document.close()
    document = pdfium.PdfDocument(one_page(BODY + outlines("Odalys Quennell", 72, 600, 28)))
    try:
        [box] = drawing_boxes(document[0])
        assert box[0] <= 72 and box[2] >= 250 and box[1] <= 600 <= box[3]
    finally:
        document.close()
