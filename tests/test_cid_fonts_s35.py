"""A composite TrueType font whose ToUnicode belies its program's own map (red team h124, stop
35): the page shows `Quorvath Marchbanks`, its text extracts as another string, and a search of
the text passed the name by (the build exited 0, the name in the bundle). In an edition that
redacts, such a font's pages are read by eye."""

from __future__ import annotations

import codecs
import io
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from fontTools.subset import Options as SubsetOptions
from fontTools.subset import Subsetter
from fontTools.ttLib import TTFont

from inquiry.exhibits.glyphs import survey_fonts
from inquiry.exhibits.prepare import Options, prepare
from inquiry.redaction import Matcher

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
NAME = "Quorvath Marchbanks"
TEXT = f"This letter was signed by {NAME} for the service."
needs_font = pytest.mark.skipif(not FONT.exists(), reason="needs DejaVu Sans")
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")


def _letter(*, lie: bool, gid_map: bool = False) -> bytes:
    """One page drawing TEXT in DejaVu Sans as a Type 0 font (identity encoding, a code is its
    glyph); with `lie`, its ToUnicode gives each letter rot13'd."""
    font = TTFont(str(FONT))
    cmap = font.getBestCmap()
    options = SubsetOptions()
    options.retain_gids = True
    subsetter = Subsetter(options)
    subsetter.populate(text=TEXT)
    subsetter.subset(font)
    program = io.BytesIO()
    font.save(program)
    gids = [font.getGlyphID(cmap[ord(ch)]) for ch in TEXT]
    said = codecs.encode(TEXT, "rot13") if lie else TEXT
    pairs = {gid: ch for gid, ch in zip(gids, said, strict=True)}
    codes = {gid: k + 1 for k, gid in enumerate(sorted(pairs))} if gid_map else None
    lines = "".join(
        f"<{(codes[g] if codes else g):04X}> <{ord(ch):04X}>\n" for g, ch in sorted(pairs.items())
    )
    to_unicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(pairs)} beginbfchar\n{lines}endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    pdf = pikepdf.new()
    descendant = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=pikepdf.Name("/AAAAAA+DejaVuSans"),
        CIDSystemInfo=pikepdf.Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        DW=600,
        FontDescriptor=pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=pikepdf.Name("/AAAAAA+DejaVuSans"),
            Flags=32,
            FontBBox=[-1021, -463, 1793, 1232],
            ItalicAngle=0,
            Ascent=928,
            Descent=-236,
            CapHeight=729,
            StemV=80,
            FontFile2=pdf.make_stream(program.getvalue()),
        ),
    )
    if codes is not None:
        table = bytearray(2 * (max(codes.values()) + 1))
        for gid, code in codes.items():
            table[2 * code : 2 * code + 2] = gid.to_bytes(2, "big")
        descendant.CIDToGIDMap = pdf.make_stream(bytes(table))
    else:
        descendant.CIDToGIDMap = pikepdf.Name.Identity
    type0 = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name("/AAAAAA+DejaVuSans"),
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[pdf.make_indirect(descendant)],
            ToUnicode=pdf.make_stream(to_unicode.encode("ascii")),
        )
    )
    shown = "".join(f"{(codes[g] if codes else g):04X}" for g in gids)
    content = f"BT /F1 14 Tf 40 700 Td <{shown}> Tj ET".encode("ascii")
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=type0))
    page.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        return text
    finally:
        document.close()


@needs_font
@pytest.mark.parametrize("gid_map", [False, True])
def test_a_composite_font_whose_text_belies_its_glyphs_is_distrusted(gid_map: bool) -> None:
    lying = _letter(lie=True, gid_map=gid_map)
    assert "Marchbanks" not in _text(lying) and "Znepuonaxf" in _text(lying)
    matcher = Matcher.of([NAME])
    assert survey_fonts(lying, matcher).distrusted == {0}
    truthful = _letter(lie=False, gid_map=gid_map)
    assert NAME in _text(truthful)
    assert survey_fonts(truthful, matcher).distrusted == set()


@needs_font
@needs_ocr
def test_the_name_such_a_font_draws_is_read_by_eye_and_cut() -> None:
    result = prepare(
        _letter(lie=True),
        strip=Options(30.0, "auto", ocr_tools=True, strings=((NAME, None),)),
    )
    assert [page for page, _ in result.marks] == [1]
    assert "Marchbanks" not in _text(result.pdf)


@needs_font
def test_without_ocr_such_a_page_is_said_to_be_unsearched() -> None:
    result = prepare(
        _letter(lie=True),
        strip=Options(30.0, "never", ocr_tools=False, strings=((NAME, None),)),
    )
    assert result.unsearched == (1,)


@pytest.mark.parametrize("name", ["habibi.pdf", "habibi-rotated.pdf", "google-doc-document.pdf"])
def test_a_word_shaped_as_a_whole_is_no_lie(name: str) -> None:
    """Arabic set by a word processor gives the whole word's text to its first glyph, and none
    to the others: that font is not distrusted (the corpus's files, made so)."""
    from conftest import CORPUS

    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"PDF corpus not found at {CORPUS}")
    assert survey_fonts(path.read_bytes(), Matcher.of([NAME])).distrusted == set()
