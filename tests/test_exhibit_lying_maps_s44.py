"""Stop 44, red team h179 F2: an exhibit page drawing `ABCDEFGHIJKL` under a black box, in a
font whose ToUnicode says `Priya Hallam` but which pdfium rejects (a wrong count in `bfchar`, a
section without its `endbfchar`, one-byte destinations), kept that text layer: pdfium read the
glyphs' letters, OCR read the box, and pdftotext (poppler) read the name out of the public
bundle. A page whose font's map belies its glyphs is now rebuilt from its pixels, and the map
is read as leniently as poppler reads it."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Dictionary, Name
from test_served_loi import run

from inquiry.exhibits.glyphs import to_unicode
from inquiry.exhibits.prepare import Options, prepare
from inquiry.scaffold import init

NAME, DRAWN = "Priya Hallam", "ABCDEFGHIJKL"
needs_tools = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("tesseract")),
    reason="needs pdftotext (poppler-utils) and tesseract",
)


def _cmap(variant: str) -> bytes:
    width = 2 if variant == "one byte" else 4
    codes = zip(DRAWN, NAME, strict=True)
    pairs = " ".join(f"<{ord(c):02X}> <{ord(n):0{width}X}>" for c, n in codes)
    count = 2 if variant == "count" else len(NAME)
    end = "" if variant == "no end" else " endbfchar"
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        "/CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange "
        f"{count} beginbfchar {pairs}{end} endcmap CMapName currentdict /CMap defineresource "
        "pop end end"
    ).encode()


def complaint_form(variant: str) -> bytes:
    """The name under a black box, drawn as other letters, in a map pdfium may not read."""
    pdf = pikepdf.new()
    plain = pdf.make_indirect(
        Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )  # fmt: skip
    lying = pdf.make_indirect(
        Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding, ToUnicode=pdf.make_stream(_cmap(variant)),
        )
    )  # fmt: skip
    content = (
        b"BT /F1 14 Tf 72 700 Td (Complaint form, as received.) Tj ET "
        b"BT /F1 14 Tf 72 670 Td (Complainant: ) Tj /F2 14 Tf (" + DRAWN.encode() + b") Tj ET "
        b"0 g 160 664 110 20 re f"
    )
    page = Dictionary(
        Type=Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=Dictionary(Font=Dictionary(F1=plain, F2=lying)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def test_a_map_is_read_as_poppler_reads_it() -> None:
    for variant in ("count", "no end", "one byte"):
        mapped = to_unicode(_cmap(variant))
        assert "".join(mapped[ord(c)] for c in DRAWN) == NAME, variant


@needs_tools
@pytest.mark.parametrize("variant", ["count", "no end", "one byte"])
def test_the_name_a_lying_map_gives_is_in_no_text_layer(variant: str, tmp_path: Path) -> None:
    source = complaint_form(variant)
    assert NAME in _pdftotext(source, tmp_path)  # the attack: poppler reads the name
    options = Options(strip=20.0, ocr="auto", ocr_tools=True, strings=((NAME, None),))
    prepared = prepare(source, strip=options)
    text = _pdftotext(prepared.pdf, tmp_path)
    assert "Hallam" not in text and "Priya" not in text, text
    assert prepared.redacted  # the copy is not the coalition's file


@needs_tools
def test_a_page_in_a_truthful_font_keeps_its_text(tmp_path: Path) -> None:
    source = complaint_form("count").replace(b"(ABCDEFGHIJKL)", b"(Nobody named)")
    source = source.replace(b"/ToUnicode", b"/Unused")
    options = Options(strip=20.0, ocr="auto", ocr_tools=True, strings=((NAME, None),))
    prepared = prepare(source, strip=options)
    assert not prepared.redacted
    assert "Complaint form, as received." in _pdftotext(prepared.pdf, tmp_path)


@needs_tools
def test_the_public_bundle_holds_no_name(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/form.pdf").write_bytes(complaint_form("count"))
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    assert "\nredact:" not in text and "\nexhibits:" not in text
    item.write_text(
        text
        + "exhibits:\n  - {file: exhibits/form.pdf, description: The complaint form}\n"
        + f"redact:\n  - {NAME}\n",
        encoding="utf-8",
    )
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    bundle = (root / "build/bundle.pdf").read_bytes()
    assert "Hallam" not in _pdftotext(bundle, tmp_path)


def _distrusted(glyph: str, mapped: str) -> bool:
    """Whether a Type 1 font whose code 128 draws `glyph` and maps to `mapped` is distrusted."""
    from inquiry.exhibits import glyphs

    pdf = pikepdf.new()
    target = "".join(f"{ord(c):04X}" for c in mapped)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange "
        f"<00> <FF> endcodespacerange 1 beginbfchar <80> <{target}> endbfchar endcmap "
        "CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    encoding = Dictionary(Type=Name.Encoding, Differences=pikepdf.Array([128, Name("/" + glyph)]))
    font = Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=encoding,
        ToUnicode=pdf.make_stream(cmap),
    )  # fmt: skip
    return glyphs._distrusted(font)


@pytest.mark.parametrize(
    ("glyph", "mapped"),
    [
        ("Tcommaaccent", "\u021a"),  # Ț, where the Glyph List says Ţ
        ("Scommaaccent", "\u015e"),
        ("dotlessi", "i"),
        ("ae", "ae"),
        ("oe", "oe"),
        ("onehalf", "1/2"),
        ("Dcroat", "\u00d0"),
        ("fi", "f"),
        ("germandbls", "ss"),
    ],
)
def test_an_honest_map_is_trusted(glyph: str, mapped: str) -> None:
    """Red team h181: Romanian text (`Țara`) lost its text layer, the page rebuilt from its
    pixels, for a map that spells the letter its glyph draws another way."""
    assert not _distrusted(glyph, mapped)


@pytest.mark.parametrize(("glyph", "mapped"), [("A", "P"), ("P", "Priya Hallam"), ("a", "b")])
def test_a_map_giving_other_letters_is_not(glyph: str, mapped: str) -> None:
    assert _distrusted(glyph, mapped)
