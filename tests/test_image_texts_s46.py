"""Stop 46, red team h185: a redacted name an exhibit's pictures or streams held where the search
read only Latin-1 reached bundle.pdf and the HTML edition's copy of the exhibit, the build exiting
0: a JPEG's EXIF written in UTF-16 (Windows' Authors, a UserComment), its XMP in UTF-8 with
accents, its ICC profile; a JPEG 2000 file's rights box or ICC profile; a figure's `/Alt` or an
`/ActualText` written in UTF-16 in a content stream (a hex string at a dictionary's end was not
read at all); a stream behind a filter no reader knows; and in a picture given as the exhibit, a
name in a JFIF segment's stated length or a DNL segment. Each is now found, by the exhibit's
scrub and by the last search of the outputs alike, and removed."""

from __future__ import annotations

import base64
import contextlib
import io
import struct
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pikepdf.codec  # registers pdfdoc
import pytest
from click.testing import CliRunner
from h185_exhibits import NAMES, exhibit, jpeg, picture
from PIL import Image
from test_exhibit_leaks_s27 import TESTIMONY, outputs

from inquiry.cli import main
from inquiry.exhibits.hidden import scrub
from inquiry.exhibits.images import strip_jpeg_metadata
from inquiry.exhibits.prepare import Options, prepare
from inquiry.imagetexts import jpeg_texts
from inquiry.pdfobjects import object_texts
from inquiry.redaction import Entry, Matcher

ANGLES = {
    "A": "a JPEG's EXIF author in UTF-16",
    "B": "a JPEG's XMP in UTF-8, accented",
    "C": "a JPEG's ICC profile",
    "K": "a JPEG's EXIF UserComment",
    "E": "an ActualText literal in UTF-16",
    "F": "an ActualText hex string at a dictionary's end",
    "H": "a JPEG 2000 rights box",
    "I": "a JPEG 2000 ICC profile",
}


def _forms(name: str) -> list[bytes]:
    """How a name's bytes are written: Latin-1, UTF-8, UTF-16 either way."""
    orders = ("latin-1", "cp1252", "pdfdoc", "utf-8", "utf-16-be", "utf-16-le")
    forms = [name.encode(order, errors="ignore") for order in orders]
    return [f for f in forms if len(f) >= len(name)]


def _every_stream(pdf: bytes) -> list[bytes]:
    """Every object's bytes as stored and, where qpdf can, decoded; a JPEG's and a JPEG 2000
    file's as they are (their own codec is not undone)."""
    out = [pdf]
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream):
                out.append(obj.read_raw_bytes())
                with contextlib.suppress(pikepdf.PikepdfError):
                    out.append(obj.read_bytes(pikepdf.StreamDecodeLevel.generalized))
            else:
                out.append(obj.unparse())
        drawn = [p.obj for p in doc.pages]
        drawn += [o for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/BBox")]
        for holder in drawn:  # the strings of pages' and forms' marked content, as read
            for op in pikepdf.parse_content_stream(holder):
                for operand in op.operands:
                    if isinstance(operand, pikepdf.Dictionary):
                        out += [str(v).encode() for v in operand.values()]
    return out


def _held(pdf: bytes, name: str) -> bool:
    return any(form in data for data in _every_stream(pdf) for form in _forms(name))


@pytest.mark.parametrize("angle", sorted(ANGLES), ids=[ANGLES[a] for a in sorted(ANGLES)])
def test_the_exhibit_is_scrubbed_and_the_last_search_agrees(angle: str) -> None:
    name = NAMES[angle]
    pdf = exhibit(angle)
    matcher = Matcher.of([Entry(name)])
    assert _held(pdf, name), "the case holds the name"
    assert any(matcher.search(text) for _, text in object_texts(pdf)), "the proof sees it"
    clean = scrub(pdf, matcher)
    assert not any(matcher.search(text) for _, text in object_texts(clean))
    assert not _held(clean, name)
    with pikepdf.open(io.BytesIO(clean)) as doc:  # still one page, its pictures drawn
        [page] = doc.pages
        assert len(page.get_images()) >= (1 if angle not in "EF" else 0)


def test_a_figures_alternate_text_shows_the_mark() -> None:
    """The words around the name stay: a figure's `/Alt` is what a screen reader says."""
    pdf = exhibit("F")
    clean = scrub(pdf, Matcher.of([Entry(NAMES["F"])]))
    with pikepdf.open(io.BytesIO(clean)) as doc:
        ops = pikepdf.parse_content_stream(doc.pages[0])
        said = [str(op.operands[-1].ActualText) for op in ops if str(op.operator) == "BDC"]
    assert said == ["[REDACTED]"]


def test_a_stream_no_reader_can_decode_is_searched_as_it_is() -> None:
    pdf = pikepdf.new()
    profile = pikepdf.Stream(pdf, b"")
    profile.write(b"profile by Ulric Pendragon", filter=pikepdf.Name("/NoSuchDecode"))
    pdf.Root.Held = profile
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    matcher = Matcher.of([Entry("Ulric Pendragon")])
    assert any(matcher.search(text) for _, text in object_texts(out.getvalue()))
    assert b"Pendragon" not in scrub(out.getvalue(), matcher)


def _jfif_tail(name: str) -> bytes:
    data = jpeg(picture((40, 90, 160)))
    length = int.from_bytes(data[4:6], "big")
    extra = name.encode("utf-16-le")
    head = data[:4] + struct.pack(">H", length + len(extra))
    return head + data[6 : 4 + length] + extra + data[4 + length :]


def _dnl(name: str) -> bytes:
    data = jpeg(picture((40, 90, 160)))
    payload = name.encode()
    segment = b"\xff\xdc" + struct.pack(">H", len(payload) + 2) + payload
    at = data.find(b"\xff\xda")
    return data[:at] + segment + data[at:]


@pytest.mark.parametrize("make", [_jfif_tail, _dnl], ids=["JFIF's stated length", "a DNL"])
def test_a_picture_exhibit_keeps_none_of_its_words(make: object) -> None:
    assert callable(make)
    data = make("Theodora Quist")
    Image.open(io.BytesIO(data)).load()  # a JPEG a decoder reads
    assert any(Matcher.of([Entry("Theodora Quist")]).search(t) for _, t in jpeg_texts(data))
    stripped = strip_jpeg_metadata(data)
    assert not any(form in stripped for form in _forms("Theodora Quist"))
    with Image.open(io.BytesIO(stripped)) as image:
        image.load()
        assert image.size == (16, 16)


def test_an_exhibit_with_a_jpeg_authored_in_utf_16_builds_without_the_name(
    tmp_path: Path,
) -> None:
    name = NAMES["A"]
    root = tmp_path / "submission"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    (root / "evidence/exhibits/letter.pdf").write_bytes(exhibit("A"))
    text = TESTIMONY.replace("Odalys Quennell", name).split("redact:")[0]
    text = text % "  - {file: exhibits/letter.pdf, description: A letter}"
    (root / "evidence/testimonies/TM-002.yaml").write_text(
        text + f"redact: [{name}]\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["build", "--root", str(root), "--out", str(out), "--no-cache"]
    result = CliRunner().invoke(
        main,
        [*args, "--format", "pdf", "--format", "html"],
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.exit_code == 0, result.output
    found = []
    for path in outputs(out):
        flat = tmp_path / "flat.pdf"
        subprocess.run(["qpdf", "--qdf", str(path), str(flat)], check=False, timeout=60)
        data = path.read_bytes() + flat.read_bytes()
        found += [path.name for form in _forms(name) if form in data]
    assert not found, found


def test_a_photo_in_a_pdf_exhibit_keeps_no_metadata_in_any_edition() -> None:
    """A photo's EXIF says where it was taken and who took it: dropped in every edition, as an
    exhibit's `/Metadata` is, whether or not anything is redacted; its pixels unchanged."""
    source = exhibit("A", "B", "C")
    prepared = prepare(source, strip=Options(28.0, ocr="never"))  # the restricted edition's
    pictures: list[bytes] = []
    with pikepdf.open(io.BytesIO(prepared.pdf)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == "/DCTDecode":
                pictures.append(obj.read_raw_bytes())
    assert len(pictures) == 3
    for data in pictures:
        assert not any(form in data for form in (b"Exif", b"xap/1.0", b"ICC_PROFILE"))
        assert not any(f in data for n in "ABC" for f in _forms(NAMES[n]))
    with pikepdf.open(io.BytesIO(source)) as doc:
        before = sorted(
            Image.open(io.BytesIO(obj.read_raw_bytes())).tobytes()
            for obj in doc.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == "/DCTDecode"
        )
    assert sorted(Image.open(io.BytesIO(d)).tobytes() for d in pictures) == before


def _wrapped(filters: list[str], data: bytes) -> bytes:
    """A one-page exhibit drawing a JPEG stored behind `filters` (the JPEG's own last)."""
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, data)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 64, 48, 8
    image.ColorSpace = pikepdf.Name.DeviceRGB
    image.Filter = pikepdf.Array([pikepdf.Name(f) for f in filters])
    page = pdf.add_blank_page(page_size=(300, 220))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 240 0 0 160 30 30 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("outer", ["/FlateDecode", "/ASCII85Decode", "/ASCIIHexDecode"])
def test_a_jpeg_behind_another_filter_keeps_no_metadata(outer: str) -> None:
    """Red team h188: behind ASCII85 or ASCIIHex, qpdf refused to undo the outer filter (given
    an empty dictionary for its parameters), so neither stripping nor any search read it."""
    exif = Image.Exif()
    exif[0x013B] = "Jane Redacted"  # Artist
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 160, 220)).save(
        buffer, "JPEG", exif=exif.tobytes(), comment=b"by Jane Redacted"
    )
    jpeg_data = buffer.getvalue()
    stored = {
        "/FlateDecode": lambda d: zlib.compress(d),
        "/ASCII85Decode": lambda d: base64.a85encode(d, adobe=True)[2:],
        "/ASCIIHexDecode": lambda d: d.hex().encode() + b">",
    }[outer](jpeg_data)
    source = _wrapped([outer, "/DCTDecode"], stored)
    matcher = Matcher.of([Entry("Jane Redacted")])
    assert any(matcher.search(text) for _, text in object_texts(source)), "the proof sees it"
    prepared = prepare(source, strip=Options(28.0, ocr="never"))  # no redaction asked
    assert not _held(prepared.pdf, "Jane Redacted")
    with pikepdf.open(io.BytesIO(prepared.pdf)) as doc:
        [image] = [o for o in doc.objects if isinstance(o, pikepdf.Stream) and "/Width" in o]
        assert pikepdf.PdfImage(image).as_pil_image().size == (64, 48)


H189 = {
    "P1": "an /Alt with balanced parentheses",
    "P2": "an /ActualText in PDFDocEncoding",
    "P3": "a comment with a parenthesis before a UTF-16 string",
    "P4": "a JPEG 2000 comment in a tile-part header",
    "P6": "an /Alt in PDFDocEncoding",
    "P7": "UTF-16 whose bytes hold parentheses",
    "P11": "UTF-16 hex with its NUL terminator",
    "P12": "a JPEG behind /DCT",
    "P13": "a JPEG behind [/Fl /DCT]",
}


@pytest.mark.parametrize("angle", sorted(H189), ids=[H189[a] for a in sorted(H189)])
def test_what_the_first_fixes_missed_is_removed(angle: str, tmp_path: Path) -> None:
    """Red team h189, on the fixes above: strings the content-stream reading cut short or read
    as Latin-1, a tile-part's comment, filters written as an inline image abbreviates them."""
    import h189_exhibits

    out = tmp_path / "exhibit.pdf"
    h189_exhibits.main(str(out), angle)
    name = h189_exhibits.NAMES[angle]
    prepared = prepare(out.read_bytes(), strip=Options(28.0, ocr="never", strings=((name, None),)))
    matcher = Matcher.of([Entry(name)])
    assert not any(matcher.search(text) for _, text in object_texts(prepared.pdf))
    assert not _held(prepared.pdf, name)
