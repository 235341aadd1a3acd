"""Stop 44, continued: a PDF name need not be UTF-8 wherever it stands. `str()` of a name whose
bytes are not UTF-8 (`/Caf#E9`, Latin-1; `/#82l#82r…`, Shift JIS) raises a Python codec error,
so each place an exhibit's way through probe, sanitise, OCR, redaction, assembly and `verify`
turned a name value into text refused the exhibit as `exhibit-damaged` ("'utf-8' codec can't
decode"). Each PDF here is written by hand (pikepdf will not write such a name)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw
from test_pagehash import raw_pdf
from test_served_loi import run

from inquiry.exhibits.errors import ExhibitError
from inquiry.exhibits.ocr import ocr_available
from inquiry.exhibits.prepare import Options, prepare
from inquiry.exhibits.unread_text import unread_text_pages
from inquiry.pagehash_values import name_text
from inquiry.scaffold import init

SJIS = b"/#82l#82r#83S#83V#83b#83N"
TEXT = b"BT /F1 12 Tf 20 700 Td (Priya Hallam wrote the report) Tj ET\n"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
IMAGE = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray"
IMAGE += b" /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
FORM = b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 4 0 R"
FORM += b" >> >> /Length 42 >>\nstream\nBT /F1 9 Tf 0 0 Td (Priya Hallam) Tj ET\n\nendstream"


def pdf(
    *,
    font: bytes = HELVETICA,
    resources: bytes = b"",
    content: bytes = TEXT,
    page: bytes = b"",
    catalog: bytes = b"",
    more: tuple[bytes, ...] = (),
) -> bytes:
    """A one-page PDF: object 4 the font /F1, 5 the content, 6… `more`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R"
        b" >> " + resources + b">> /Contents 5 0 R " + page + b">>",
        font,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *more,
    ]
    return raw_pdf(*objects, trailer=b"/Info << /Trapped /Tr#E9 /Producer (x) >> ")


def font(subtype: bytes, base: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Type /Font /Subtype " + subtype + b" /BaseFont " + base + b" " + extra + b">>"


DESCENDANT = (
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont " + SJIS + b" /CIDSystemInfo << /Registry"
    b" (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 500 >>",
    b"<< /Type /FontDescriptor /FontName " + SJIS + b" /Flags 4 /FontBBox [0 0 1000 1000]"
    b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
)
CMAP = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def"
CMAP += b" 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <0020>"
CMAP += b" endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
TO_UNICODE = b"<< /Length %d >>\nstream\n" % len(CMAP) + CMAP + b"\nendstream"
OCG = b"<< /Type /OCG /Name (Layer) /Intent /D#E9sign >>"

CASES: dict[str, dict[str, object]] = {
    "type1-basefont": {"font": font(b"/Type1", b"/Caf#E9", b"/Encoding /WinAnsiEncoding ")},
    "truetype-basefont": {"font": font(b"/TrueType", SJIS, b"/Encoding /WinAnsiEncoding ")},
    "type1-encoding-name": {"font": font(b"/Type1", b"/Helvetica", b"/Encoding /W#E9n ")},
    "differences": {
        "font": font(
            b"/Type1",
            b"/Helvetica",
            b"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding"
            b" /Differences [80 /P#E9 /Caf#E9 114 /r#82] >> ",
        )
    },
    "type0": {
        "font": font(
            b"/Type0", SJIS, b"/Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R "
        ),
        "content": b"BT /F1 12 Tf 20 700 Td <00330034> Tj ET\n" + TEXT.replace(b"/F1", b"/F2"),
        "resources": b"/Font << /F1 4 0 R /F2 9 0 R >> ",
        "more": (
            *DESCENDANT,
            b"<< /Length 0 >>\nstream\n\nendstream",
            HELVETICA,
        ),
    },
    "type0-encoding-name": {
        "font": font(b"/Type0", b"/Gothic", b"/Encoding /Id#E9 /DescendantFonts [6 0 R] "),
        "content": b"BT /F1 12 Tf 20 700 Td <00330034> Tj ET\n" + TEXT.replace(b"/F1", b"/F2"),
        "resources": b"/Font << /F1 4 0 R /F2 8 0 R >> ",
        "more": (*DESCENDANT, HELVETICA),
    },
    "type0-encoding-tounicode": {
        "font": font(
            b"/Type0", SJIS, b"/Encoding /Id#E9 /DescendantFonts [6 0 R] /ToUnicode 8 0 R "
        ),
        "content": b"BT /F1 12 Tf 20 700 Td <00330034> Tj ET\n" + TEXT.replace(b"/F1", b"/F2"),
        "resources": b"/Font << /F1 4 0 R /F2 9 0 R >> ",
        "more": (*DESCENDANT, TO_UNICODE, HELVETICA),
    },
    "base-encoding": {
        "font": font(
            b"/Type1",
            b"/Helvetica",
            b"/Encoding << /BaseEncoding /W#E9n /Differences [80 /P] >> /ToUnicode 6 0 R ",
        ),
        "more": (TO_UNICODE,),
    },
    "differences-tounicode": {
        "font": font(
            b"/Type1",
            b"/Helvetica",
            b"/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [80 /P#E9] >>"
            b" /ToUnicode 6 0 R ",
        ),
        "more": (TO_UNICODE,),
    },
    "type1-no-encoding": {
        "font": font(b"/Type1", b"/Caf#E9", b"/ToUnicode 6 0 R "),
        "more": (TO_UNICODE,),
    },
    "font-key": {
        "resources": b"/Font << /F#E9 4 0 R >> ",
        "content": TEXT.replace(b"/F1", b"/F#E9"),
    },
    "font-key-sjis": {
        "resources": b"/Font << " + SJIS + b" 4 0 R >> ",
        "content": TEXT.replace(b"/F1", SJIS),
    },
    "xobject-image-key": {
        "resources": b"/XObject << /Im#E9 6 0 R >> ",
        "content": TEXT + b"q 40 0 0 40 50 50 cm /Im#E9 Do Q\n",
        "more": (IMAGE,),
    },
    "xobject-form-key": {
        "resources": b"/XObject << /Fm#E9 6 0 R >> ",
        "content": TEXT + b"q 1 0 0 1 50 300 cm /Fm#E9 Do Q\n",
        "more": (FORM,),
    },
    "xobject-subtype": {
        "resources": b"/XObject << /Im1 6 0 R >> ",
        "content": TEXT + b"q 40 0 0 40 50 50 cm /Im1 Do Q\n",
        "more": (IMAGE.replace(b"/Subtype /Image", b"/Subtype /Im#E9ge"),),
    },
    "image-colorspace-name": {
        "resources": b"/XObject << /Im1 6 0 R >> ",
        "content": TEXT + b"q 40 0 0 40 50 50 cm /Im1 Do Q\n",
        "more": (IMAGE.replace(b"/DeviceGray", b"/Gr#E9y"),),
    },
    "marked-content": {
        "resources": b"/Properties << /X#E9 6 0 R >> ",
        "content": b"/OC /X#E9 BDC\n" + TEXT + b"EMC\n/T#E9g BMC\n" + TEXT + b"EMC\n"
        b"/Sp#E9n << /ActualText (Priya Hallam) /N /V#E9 >> BDC\n" + TEXT + b"EMC\n",
        "catalog": b"/OCProperties << /OCGs [6 0 R] /D << /Order [6 0 R] /BaseState /O#E9 >> >> ",
        "more": (OCG,),
    },
    "layer-off": {
        "resources": b"/Properties << /X#E9 6 0 R >> /XObject << /Fm#E9 7 0 R >> ",
        "content": b"/OC /X#E9 BDC\n" + TEXT + b"EMC\n/Sp#E9n /X#E9 BDC\n" + TEXT + b"EMC\n"
        b"q 1 0 0 1 50 300 cm /Fm#E9 Do Q\n" + TEXT.replace(b"Priya", b"Dr"),
        "catalog": b"/OCProperties << /OCGs [6 0 R] /D << /OFF [6 0 R] >> >> ",
        "more": (OCG, FORM.replace(b"/Subtype /Form", b"/Subtype /Form /OC 6 0 R")),
    },
    "scrubbed": {
        "font": font(b"/TrueType", SJIS, b"/Encoding /WinAnsiEncoding /FontDescriptor 7 0 R "),
        "resources": b"/Properties << /MC0 6 0 R /M#E9 << /Name (Priya Hallam) >> >> ",
        "content": b"/OC /MC0 BDC\n/Sp#E9n /M#E9 BDC\n" + TEXT + b"EMC\nEMC\n",
        "more": (
            b"<< /Type /OCG /Name (Priya Hallam) /Intent /D#E9sign >>",
            DESCENDANT[1].replace(b"/FontName", b"/FontFamily /F#E9 /FontName"),
        ),
    },
    "hidden-string": {
        "font": font(b"/TrueType", SJIS, b"/Encoding /WinAnsiEncoding /Note (Priya Hallam) "),
        "content": TEXT.replace(b"Priya Hallam", b"Someone"),
    },
    "font-name-holds-name": {
        "font": font(b"/TrueType", b"/Priya#20Hallam#E9", b"/Encoding /WinAnsiEncoding "),
        "resources": b"/Font << /F1 4 0 R /F2 6 0 R >> ",
        "content": TEXT.replace(b"Priya Hallam", b"Someone") + TEXT.replace(b"/F1", b"/F2"),
        "more": (font(b"/Type1", b"/ABCDEF+Priya#E9Hallam#82", b"/Note (Priya Hallam) "),),
    },
    "font-name-only": {
        "font": font(b"/TrueType", b"/Priya#20Hallam#E9", b"/Encoding /WinAnsiEncoding "),
        "content": TEXT.replace(b"Priya Hallam", b"Someone"),
    },
    "annotation-subtype": {
        "page": b"/Annots [6 0 R 7 0 R] ",
        "more": (
            b"<< /Type /Annot /Subtype /W#E9ird /Rect [10 10 100 100] /Contents (Priya Hallam)"
            b" /F 4 >>",
            b"<< /Type /Ann#E9 /Subtype /Text /Name /C#E9 /Rect [10 200 30 220] /Contents"
            b" (A note by Priya Hallam) /IT /N#E9 >>",
        ),
    },
    "annotation-contents-name": {
        "page": b"/Annots [6 0 R 7 0 R] ",
        "more": (
            b"<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents /Priya#E9Hallam >>",
            b"<< /Type /Annot /Subtype /FreeText /Rect [10 200 200 220] /DA (/Helv 0 Tf)"
            b" /Contents /Priya#20Hallam#E9 /RC /X#E9 >>",
        ),
    },
    "action": {
        "page": b"/Annots [6 0 R] /AA << /O << /S /J#E9 /JS (1) >> >> ",
        "catalog": b"/OpenAction << /S /Caf#E9 /N /N#E9xtPage >> /PageMode /Use#E9 "
        b"/PageLayout /S#E9 ",
        "more": (
            b"<< /Type /Annot /Subtype /Link /Rect [10 10 100 100] /A << /S /L#E9nk /URI"
            b" (https://example.org/) >> /H /I#E9 /Border [0 0 0] >>",
        ),
    },
    "extgstate": {
        "resources": b"/ExtGState << /G#E9 << /Type /ExtG#E9 /CA 1 /BM /N#E9rmal >> >> ",
        "content": b"/G#E9 gs /Perc#E9 ri\n" + TEXT,
    },
    "resource-action": {
        "resources": b"/ExtGState << /G1 << /SMask << /Type /Mask /S /Lum#E9 >> >> >> "
        b"/Properties << /MC0 << /S /J#E9 /JS (1) >> >> ",
        "content": b"/G1 gs /OC /MC0 BDC\n" + TEXT + b"EMC\n",
    },
    "operator": {"content": b"1 0 0 rg caf\xe9 /N#E9 d#E9\n" + TEXT + b"q Q \x82\x83\n"},
    "filter-name": {
        "resources": b"/XObject << /Im1 6 0 R >> ",
        "content": TEXT + b"q 40 0 0 40 50 50 cm /Im1 Do Q\n",
        "more": (IMAGE.replace(b"/Length 4", b"/Length 4 /Filter [/Fl#E9]"),),
    },
    "colorspace-key": {
        "resources": b"/ColorSpace << /C#E9 /DeviceRGB >> ",
        "content": b"/C#E9 cs 1 0 0 sc\n" + TEXT,
    },
    "procset": {"resources": b"/ProcSet [/PDF /T#E9xt " + SJIS + b"] "},
    "structure": {
        "page": b"/StructParents 0 /Tabs /S#E9 ",
        "content": b"/P#E9 << /MCID 0 >> BDC\n" + TEXT + b"EMC\n",
        "catalog": b"/StructTreeRoot 6 0 R /MarkInfo << /Marked true >> ",
        "more": (
            b"<< /Type /StructTreeRoot /K [7 0 R] /RoleMap << /P#E9 /P /H#E9 /P#E9 >>"
            b" /ParentTree << /Nums [0 [7 0 R]] >> >>",
            b"<< /Type /StructElem /S /P#E9 /P 6 0 R /Pg 3 0 R /K 0 /Alt (Priya Hallam) >>",
        ),
    },
    "type-values": {
        "font": HELVETICA.replace(b"/Type /Font", b"/Type /F#E9nt"),
        "page": b"/Group << /Type /Gr#E9up /S /Transparency /CS /DeviceRGB >> ",
        "resources": b"/Pattern << /Pa#E9 << /Type /P#E9ttern /PatternType 2 /Shading << "
        b"/ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 1 0] /Function << /FunctionType 2"
        b" /Domain [0 1] /C0 [0 0 0] /C1 [1 1 1] /N 1 >> >> >> >> ",
        "content": b"/Pattern cs /Pa#E9 scn 0 0 50 50 re f\n" + TEXT,
    },
}


def case_pdf(name: str) -> bytes:
    return pdf(**CASES[name])  # type: ignore[arg-type]


def everything() -> bytes:
    """A case with a little of each: the names that are content-stream operands and values."""
    return pdf(
        font=font(b"/TrueType", SJIS, b"/Encoding /WinAnsiEncoding "),
        resources=b"/Font << /F#E9 4 0 R >> /XObject << /Im#E9 6 0 R >> "
        b"/ExtGState << /G#E9 << /BM /N#E9rmal >> >> /ProcSet [/PDF /T#E9xt] ",
        content=b"/G#E9 gs /T#E9g BMC\n"
        + TEXT.replace(b"/F1", b"/F#E9")
        + b"EMC q 40 0 0 40 50 50 cm /Im#E9 Do Q\n",
        page=b"/Annots [7 0 R] ",
        more=(IMAGE, b"<< /Subtype /W#E9 /Rect [0 0 9 9] /Contents (Priya Hallam) >>"),
    )


def _outcome(data: bytes, strings: tuple[tuple[str, str | None], ...]) -> str:
    options = Options(strip=20.0, ocr="never", strings=strings)
    try:
        prepare(data, strip=options)
    except ExhibitError as exc:
        return f"{exc.code}: {exc}"
    return "prepared"


REDACTING = (("Priya Hallam", None),)
PAIRS = [
    pytest.param(n, strings, id=f"{n}-{i}")
    for n in sorted(CASES)
    for strings, i in (((), "plain"), (REDACTING, "redacting"))
]


@pytest.mark.parametrize(("name", "strings"), PAIRS)
def test_a_name_that_is_not_utf8_does_not_refuse_the_exhibit(
    name: str, strings: tuple[tuple[str, str | None], ...]
) -> None:
    said = _outcome(case_pdf(name), strings)
    assert "codec" not in said and "decode" not in said, said
    assert said == "prepared", said


def test_a_layer_off_named_so_is_still_hidden() -> None:
    data = pdf(**CASES["layer-off"])  # type: ignore[arg-type]
    prepared = prepare(data, strip=Options(strip=20.0, ocr="never"))
    with pikepdf.open(io.BytesIO(prepared.pdf)) as doc:
        drawn = b"".join(
            s.read_bytes() for s in doc.objects if isinstance(s, pikepdf.Stream)
        ).count(b"Priya Hallam")
    assert drawn == 1  # the copy under /Sp#E9n: those in the layer that is off are gone


def test_a_font_name_not_utf8_holding_a_redacted_name_is_replaced() -> None:
    options = Options(strip=20.0, ocr="never", strings=REDACTING)
    prepared = prepare(case_pdf("font-name-only"), strip=options)
    with pikepdf.open(io.BytesIO(prepared.pdf)) as doc:
        fonts = [o for o in doc.objects if isinstance(o, pikepdf.Dictionary) and "/BaseFont" in o]
        names = [name_text(f.BaseFont) for f in fonts]
    assert len(names) == 1 and names[0].startswith("/Redacted-"), names


def test_marked_content_named_so_is_not_taken_for_replaced_text() -> None:
    """`unread_text_pages` counted a page it could not read through (the codec error, a
    ValueError) as one whose words its reading may not give: read by eye for nothing."""
    assert unread_text_pages(case_pdf("layer-off")) == set()
    assert unread_text_pages(case_pdf("scrubbed")) == set()
    replaced = pdf(
        resources=b"/Properties << /M#E9 << /ActualText (Jo) >> >> ",
        content=b"/Span /M#E9 BDC\n" + TEXT + b"EMC\n",
    )
    assert unread_text_pages(replaced) == {0}  # the name is still looked up, by its bytes


@pytest.mark.skipif(not ocr_available("eng"), reason="OCR needs Tesseract and ocrmypdf")
@pytest.mark.parametrize("strings", [(), (("Priya Hallam", None),)], ids=["plain", "redacting"])
def test_a_scan_named_so_is_read_by_ocr(strings: tuple[tuple[str, str | None], ...]) -> None:
    """ocrmypdf reads an image's name (and a colour space's, an operator) with `str()`: the
    page it was given is handed over with such names in hex (`/U-496de9`)."""
    image = Image.new("L", (1200, 200), 255)
    ImageDraw.Draw(image).text((20, 50), "Priya Hallam wrote", fill=0, font_size=80)
    raw = zlib.compress(image.tobytes())
    scan = IMAGE.replace(b"/Width 2 /Height 2", b"/Width 1200 /Height 200")
    scan = scan.replace(b"/Length 4 >>\nstream\n\x00\xff\xff\x00", b"/Length %d" % len(raw))
    scan = scan.replace(
        b"\nendstream", b" /Filter /FlateDecode >>\nstream\n" + raw + b"\nendstream"
    )
    data = pdf(
        resources=b"/XObject << /Im#E9 6 0 R >> /ColorSpace << /C#E9 /DeviceGray >> ",
        content=b"/C#E9 cs 0 sc caf\xe9 q 500 0 0 83 40 600 cm /Im#E9 Do Q\n",
        more=(scan,),
    )
    prepared = prepare(
        data, strip=Options(strip=20.0, ocr="always", ocr_tools=True, strings=strings)
    )
    assert prepared.no_text == ()
    assert prepared.marks == (((1, None),) if strings else ())


def test_a_name_that_is_not_utf8_anywhere_is_bundled_and_verified(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    listed = []
    exhibits = {n: case_pdf(n) for n in CASES} | {"all": everything()}
    for name, data in exhibits.items():
        (root / f"evidence/exhibits/{name}.pdf").write_bytes(data)
        listed.append(f"  - {{file: exhibits/{name}.pdf, description: A report}}")
    item = root / "evidence/testimonies/TM-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8") + "exhibits:\n" + "\n".join(listed) + "\n"
        "redact: [Priya Hallam]\n",
        encoding="utf-8",
    )
    code, out = run("validate", "--root", root)
    assert code == 0 and "exhibit-damaged" not in out and "codec" not in out, out
    for audience in ("public", "restricted"):
        dest = tmp_path / audience
        code, out = run(
            "build", "--root", root, "--out", dest, "--format", "pdf", "--audience", audience
        )
        assert code == 0 and "codec" not in out, out
        code, out = run("verify", dest / "bundle.pdf")
        assert code == 0 and "matches" in out, out
