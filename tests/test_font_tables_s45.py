"""A redacted name kept inside an exhibit's embedded font program beyond its `name` table
(red team h182): an OpenType font's `CFF ` table (its FontName, FullName, Notice, Copyright,
stored one after another), a TrueType font's `post` glyph names, and a table of a producer's
own (FontForge's `PfEd` comment). Each was copied into the public bundle, with exit 0."""

from __future__ import annotations

import io
import struct
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fontTools.agl import UV2AGL
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable

from inquiry.embedded import blank, spans
from inquiry.exhibits.hidden import scrub
from inquiry.exhibits.prepare import Options, Prepared, prepare
from inquiry.pdfobjects import object_texts
from inquiry.redaction import Entry, Matcher

NAME = "Quentin Marchbanks"
CHARS = "Helowrd "


def _font(kind: str, *, extra_glyph: str | None = None, table: bytes | None = None) -> bytes:
    glyphs = [".notdef"] + [UV2AGL[ord(c)] for c in CHARS]
    if extra_glyph:
        glyphs.append(extra_glyph)
    fb = FontBuilder(1000, isTTF=kind == "ttf")
    fb.setupGlyphOrder(glyphs)
    fb.setupCharacterMap({ord(c): UV2AGL[ord(c)] for c in CHARS})
    if kind == "otf":
        charstrings = {}
        for g in glyphs:
            pen = T2CharStringPen(500, None)
            _box(pen)
            charstrings[g] = pen.getCharString()
        fb.setupCFF(
            "QuentinMarchbanksHand",
            {
                "FullName": NAME + " Hand",
                "FamilyName": NAME,
                "Notice": "Made by " + NAME,
                "Copyright": NAME,
            },
            charstrings,
            {},
        )
    else:
        outlines = {}
        for g in glyphs:
            pen = TTGlyphPen(None)
            _box(pen)
            outlines[g] = pen.glyph()
        fb.setupGlyf(outlines)
    fb.setupHorizontalMetrics({g: (500, 50) for g in glyphs})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Plain", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost(keepGlyphNames=True)
    if table is not None:
        own = DefaultTable("PfEd")
        own.data = table
        fb.font["PfEd"] = own
    out = io.BytesIO()
    fb.font.save(out)
    return out.getvalue()


def _box(pen: object) -> None:
    pen.moveTo((50, 0))  # type: ignore[attr-defined]
    pen.lineTo((450, 0))  # type: ignore[attr-defined]
    pen.lineTo((450, 700))  # type: ignore[attr-defined]
    pen.lineTo((50, 700))  # type: ignore[attr-defined]
    pen.closePath()  # type: ignore[attr-defined]


FONTS = {
    "cff-in-opentype": lambda: _font("otf"),
    "post-glyph-name": lambda: _font("ttf", extra_glyph="Quentin_Marchbanks.signature"),
    "own-table": lambda: _font(
        "ttf", table=b"\x00\x00\x00\x01Font comment: drawn from the handwriting of " + NAME.encode()
    ),
}


def _matcher() -> Matcher:
    return Matcher.of([Entry(NAME)])


def _cut(data: bytes) -> bytes:
    matcher = _matcher()
    cuts = []
    for start, end, encoding in spans(data, "truetype"):
        text = data[start:end].decode(encoding, errors="replace")
        width = 2 if encoding.startswith("utf-16") else 1
        cuts += [(start + width * h.start, start + width * h.end) for h in matcher.find(text)]
    return blank(data, cuts)


@pytest.mark.parametrize("case", sorted(FONTS))
def test_the_name_is_found_and_blanked_and_the_font_still_reads(case: str) -> None:
    font = FONTS[case]()
    assert b"Marchbanks" in font
    cut = _cut(font)
    assert len(cut) == len(font)
    assert b"Marchbanks" not in cut and b"Quentin" not in cut, case
    read = TTFont(io.BytesIO(cut))
    assert len(read.getGlyphOrder()) >= len(CHARS) + 1
    assert read.getBestCmap()[ord("H")] == "H"


def test_cff_strings_are_one_span_each() -> None:
    """Strings stored end to end (`Made by Quentin MarchbanksQuentin Marchbanks`) are searched
    one by one: the glued one was not taken for a name."""
    font = _font("otf")
    texts = [font[a:b].decode(e) for a, b, e in spans(font, "truetype") if e == "latin-1"]
    assert "Made by " + NAME in texts
    assert NAME in texts
    assert not any(NAME + NAME in t or "Marchbanks" + NAME in t for t in texts)


def test_outlines_and_metrics_are_searched_only_where_strings_would_find_words() -> None:
    """In tables of numbers only runs of eight printable characters or more are read (as
    `strings` finds them): a short name is not found by chance among the numbers, and words
    written there (red team h184: `Ottoline Varga` in an `LTSH` table) are."""
    font = _font("ttf")
    parsed = TTFont(io.BytesIO(font))
    searched = spans(font, "truetype")
    for tag in ("glyf", "loca", "hmtx", "cmap", "head", "maxp"):
        entry = parsed.reader.tables[tag]
        start, end = entry.offset, entry.offset + entry.length
        inside = [(a, b, e) for a, b, e in searched if a < end and b > start]
        for a, b, e in inside:
            text = font[a:b].decode(e)
            assert len(text) >= 8 and text.isprintable(), (tag, text)


def _with_tables(font: bytes, tables: dict[str, bytes]) -> bytes:
    """`font` with `tables` added or replaced (a fresh table directory)."""
    parsed = TTFont(io.BytesIO(font))
    data = {tag: parsed.reader[tag] for tag in parsed.reader.keys()}  # noqa: SIM118
    data.update(tables)
    tags = sorted(data)
    offset = 12 + 16 * len(tags)
    directory, body = b"", b""
    for tag in tags:
        table = data[tag]
        directory += struct.pack(">4sIII", tag.encode(), 0, offset + len(body), len(table))
        body += table + bytes(-len(table) % 4)
    header = struct.pack(">IHHHH", 0x00010000, len(tags), 16, 4, len(tags) * 16 - 64)
    return header + directory + body


def test_words_hidden_where_fonts_keep_none_are_found() -> None:
    """Red team h184: words in a table of numbers, after a version 3 `post` table's header,
    in the `name` table's storage that no record points to, and in a Windows record written
    in ASCII."""
    base = _font("ttf")
    name = TTFont(io.BytesIO(base)).reader["name"]
    post = TTFont(io.BytesIO(base)).reader["post"]
    font = _with_tables(
        base,
        {
            "LTSH": b"\x00\x01Ottoline Varga",
            "VDMX": "Leopold Grimsby".encode("utf-16-le"),
            "post": b"\x00\x03\x00\x00" + post[4:32] + b"Perpetua Ashdown",
            "name": name + b"Cornelius Fenwick",
        },
    )
    texts = [font[a:b].decode(e, "replace") for a, b, e in spans(font, "truetype")]
    for who in ("Ottoline Varga", "Leopold Grimsby", "Perpetua Ashdown", "Cornelius Fenwick"):
        assert any(Matcher.of([Entry(who)]).search(t) for t in texts), who


HELLO = b"BT /F1 24 Tf 72 700 Td (Hello world) Tj ET"


def _font_dict(
    pdf: pikepdf.Pdf,
    base: str,
    *,
    subtype: pikepdf.Name = pikepdf.Name.Type1,
    encoding: pikepdf.Object = pikepdf.Name.WinAnsiEncoding,
    program: tuple[str, pikepdf.Stream] | None = None,
) -> pikepdf.Object:
    """A simple font named `base`; with `program` (its key and stream), embedded."""
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=subtype, BaseFont=pikepdf.Name(base), Encoding=encoding
    )
    if program is not None:
        key, stream = program
        descriptor = pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=pikepdf.Name(base),
            Flags=32,
            FontBBox=[0, -200, 1000, 800],
            ItalicAngle=0,
            Ascent=800,
            Descent=-200,
            CapHeight=700,
            StemV=80,
        )
        descriptor[key] = stream
        font.FirstChar, font.LastChar, font.Widths = 32, 255, [500] * 224
        font.FontDescriptor = descriptor
    return pdf.make_indirect(font)


def _one_page(
    pdf: pikepdf.Pdf, font: pikepdf.Object, contents: bytes = HELLO, **resources: pikepdf.Object
) -> bytes:
    """`pdf` with one A4 page drawing `contents` in `font` (as `/F1`), saved."""
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Contents = pdf.make_stream(contents)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font), **resources)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _prepared(exhibit: bytes) -> Prepared:
    """`exhibit` prepared for an edition that redacts `NAME` (OCR off)."""
    return prepare(exhibit, strip=Options(28.0, strings=((NAME, None),), ocr="never"))


def _exhibit(font: bytes) -> bytes:
    pdf = pikepdf.new()
    otf = font.startswith(b"OTTO")
    program = pikepdf.Stream(pdf, font)
    if otf:
        program.Subtype = pikepdf.Name.OpenType
    subtype = pikepdf.Name.Type1 if otf else pikepdf.Name.TrueType
    key = "/FontFile3" if otf else "/FontFile2"
    return _one_page(
        pdf, _font_dict(pdf, "/ABCDEF+PlainHand", subtype=subtype, program=(key, program))
    )


def _every_byte(pdf: bytes, tmp_path: Path) -> bytes:
    source, flat = tmp_path / "in.pdf", tmp_path / "flat.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(source), str(flat)],
        check=False,
        capture_output=True,
        timeout=60,
    )
    return flat.read_bytes()


@pytest.mark.parametrize("case", sorted(FONTS))
def test_an_exhibit_is_scrubbed_of_it_and_the_proof_agrees(case: str, tmp_path: Path) -> None:
    exhibit = _exhibit(FONTS[case]())
    matcher = _matcher()
    assert any(matcher.search(text) for _, text in object_texts(exhibit)), "the proof sees it"
    clean = scrub(exhibit, matcher)
    assert not any(matcher.search(text) for _, text in object_texts(clean))
    flat = _every_byte(clean, tmp_path).lower()
    assert b"marchbanks" not in flat and b"quentin" not in flat
    with pikepdf.open(io.BytesIO(clean)) as pdf:  # still a PDF whose font is embedded
        [page] = pdf.pages
        font = page.obj.Resources.Font.F1.FontDescriptor
        assert "/FontFile3" in font or "/FontFile2" in font


def test_glyph_names_the_glyph_list_does_not_know_are_read_as_words() -> None:
    """`/Differences [200 /Quentin_Marchbanks.signature]`: a producer's own glyph name, which
    the Adobe Glyph List reads as nothing, was carried into the bundle as it stood."""
    from inquiry.pdfobjects import glyph_text

    names = pikepdf.Array(
        [65, pikepdf.Name("/M"), pikepdf.Name("/a"), 200, pikepdf.Name("/Quentin_Marchbanks.sig")]
    )
    text = glyph_text(names)
    assert "Ma" in text and "Quentin_Marchbanks.sig" in text
    assert _matcher().search(text)
    assert not _matcher().search(glyph_text(pikepdf.Array([pikepdf.Name("/g12"), 5])))


def test_an_exhibit_whose_encoding_names_a_glyph_after_the_witness(tmp_path: Path) -> None:
    """The font is drawn with: its pages are rebuilt from pixels, and no byte of the prepared
    exhibit holds the name."""
    pdf = pikepdf.new()
    encoding = pikepdf.Dictionary(
        Type=pikepdf.Name.Encoding,
        BaseEncoding=pikepdf.Name.WinAnsiEncoding,
        Differences=pikepdf.Array([200, pikepdf.Name("/Quentin_Marchbanks.signature")]),
    )
    prepared = _prepared(_one_page(pdf, _font_dict(pdf, "/Helvetica", encoding=encoding)))
    flat = _every_byte(prepared.pdf, tmp_path).lower()
    assert b"marchbanks" not in flat and b"quentin" not in flat
    assert prepared.redacted


def _named_resources_pdf() -> bytes:
    pdf = pikepdf.new()
    form = pikepdf.Stream(pdf, b"0 0 1 rg 0 0 50 50 re f")
    form.Type = pikepdf.Name.XObject
    form.Subtype = pikepdf.Name.Form
    form.BBox = [0, 0, 50, 50]
    return _one_page(
        pdf,
        _font_dict(pdf, "/Helvetica"),
        HELLO + b" q 1 0 0 1 100 100 cm /Quentin_Marchbanks_signature Do Q",
        XObject=pikepdf.Dictionary({"/Quentin_Marchbanks_signature": form}),
    )


def test_a_resource_named_after_the_witness(tmp_path: Path) -> None:
    """`/Quentin_Marchbanks_signature Do`: the names a page's resources go by are words a
    producer chose (a file's name, a person's); the page is rebuilt from its pixels, and the
    proof reads such names."""
    exhibit = _named_resources_pdf()
    assert any(_matcher().search(text) for _, text in object_texts(exhibit)), "the proof"
    prepared = _prepared(exhibit)
    flat = _every_byte(prepared.pdf, tmp_path).lower()
    assert b"marchbanks" not in flat and b"quentin" not in flat
    assert prepared.redacted


def test_numbered_and_own_resource_names_are_not_words() -> None:
    """`/F1`, `/Im0`, typst's `/f0`, the bundle's `/Exh0` and `/InqStamp` are not searched: a
    witness called Stamp must not find every page of the bundle."""
    from inquiry.pdfobjects import strings_in

    resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(
            {"/InqStamp": 1, "/Exh0": 2, "/Im12": 3, "/Stamp_of_Quentin_Marchbanks": 4}
        ),
        Font=pikepdf.Dictionary({"/f0": 1, "/F1": 2}),
    )
    text = "\n".join(strings_in(resources))
    stamp = Matcher.of([Entry("Stamp")])
    assert not stamp.search(text.replace("Stamp_of_Quentin_Marchbanks", ""))
    assert _matcher().search(text)


def _type1(glyph: str, *, hex_form: bool = False) -> tuple[bytes, int, int]:
    """A Type 1 font program whose encrypted CharStrings name a glyph `glyph`."""
    from fontTools.misc.eexec import encrypt

    clear = b"%!PS-AdobeFont-1.0: Plain\n/FontName /Plain def\ncurrentfile eexec\n"
    plain = (
        b"abcd/Private 1 dict dup begin /lenIV 4 def end\n/CharStrings 2 dict dup begin\n"
        b"/.notdef 4 RD abcd ND\n/" + glyph.encode() + b" 4 RD wxyz ND\nend\n"
    )
    secret, _ = encrypt(plain, 55665)
    if hex_form:
        secret = secret.hex().encode()
    return clear + secret + b"0" * 64 + b"\ncleartomark\n", len(clear), len(secret)


@pytest.mark.parametrize("hex_form", [False, True])
def test_a_type1_fonts_encrypted_glyph_names_are_read(hex_form: bool) -> None:
    from inquiry.exhibits.glyphs import type1_glyph_names

    data, clear, secret = _type1("Quentin_Marchbanks.sig", hex_form=hex_form)
    pdf = pikepdf.new()
    program = pikepdf.Stream(pdf, data)
    program.Length1, program.Length2, program.Length3 = clear, secret, len(data) - clear - secret
    names = type1_glyph_names(program)
    assert ".notdef" in names and "Quentin_Marchbanks.sig" in names
    assert b"Marchbanks" not in data  # no `strings` shows it


def test_an_exhibit_drawn_in_such_a_type1_font(tmp_path: Path) -> None:
    """Its pages are rebuilt from pixels: the font, and the name in it, are not carried."""
    from fontTools.misc.eexec import decrypt

    data, clear, secret = _type1("Quentin_Marchbanks.sig")
    pdf = pikepdf.new()
    program = pikepdf.Stream(pdf, data)
    program.Length1, program.Length2, program.Length3 = clear, secret, len(data) - clear - secret
    prepared = _prepared(_one_page(pdf, _font_dict(pdf, "/Plain", program=("/FontFile", program))))
    assert prepared.redacted
    with pikepdf.open(io.BytesIO(prepared.pdf)) as result:
        for obj in result.objects:
            if isinstance(obj, pikepdf.Stream) and "/Length2" in obj:
                kept = obj.read_bytes()
                plain, _ = decrypt(kept[int(obj.Length1) :], 55665)
                assert b"Marchbanks" not in plain
