"""Stop 47: a redacted name an exhibit's content stream wrote as a name object reached the public
bundle whole, the build exiting 0: a marked-content tag (`/Odalys#20Quennell BMC`), a property
list's names (`<</Name /Odalys_Quennell>> BDC`, a key too), a rendering intent, an operand of an
unknown operator inside `BX … EX`. Neither the exhibit's scrub nor the last search of the outputs
read a content stream's names. Both do now (`content_strings.content_names`); the scrub writes a
tag as `/Span` and any other such name as a neutral one, and the page still draws and reads as
before. A resource's name (`/Jane Do`) is its resources' key, searched already."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from test_exhibit_leaks_s27 import outputs, public_build

from inquiry.content_strings import content_names
from inquiry.exhibits.hidden import scrub
from inquiry.pdf_names import PDF_NAMES
from inquiry.pdfobjects import object_texts
from inquiry.redaction import Entry, Matcher

NAME = "Odalys Quennell"
SPELLINGS = [
    b"Odalys#20Quennell",
    b"Odalys_Quennell",
    b"OdalysQuennell",
    b"Odalys Quennell",
    b"Od#E1lys#20Quennell",
    b"Od\xe1lys Quennell",
    b"Quennell",
]
LETTER = b"BT /F1 14 Tf 72 700 Td (This letter is about targets.) Tj ET\n"

CASES = {
    "tag": b"/Odalys#20Quennell BMC " + LETTER + b"EMC",
    "property value": b"/P <</MCID 0 /Who /Odalys_Quennell>> BDC " + LETTER + b"EMC",
    "property key": b"/P <</Odalys#20Quennell true>> BDC " + LETTER + b"EMC",
    "nested property": b"/P <</A [<</B /OdalysQuennell>>]>> BDC " + LETTER + b"EMC",
    "point tag": b"/Odalys#20Quennell MP " + LETTER,
    "rendering intent": b"/Odalys#20Quennell ri " + LETTER,
    "unknown operator": b"BX /Odalys#20Quennell zz EX " + LETTER,
    # red team h193
    "inq prefix": b"/InqOdalys_Quennell BMC " + LETTER + b"EMC",
    "bare words": b"BX Odalys Quennell EX " + LETTER,
    "latin-1 name": b"/Od#E1lys#20Quennell BMC " + LETTER + b"EMC",
}
REFUSED = {  # found, and not removable: the exhibit is refused (exit 1), never carried
    "utf-16 name": b"/#FE#FF#00O#00d#00a#00l#00y#00s#00#20#00Q#00u#00e#00n#00n#00e#00l#00l MP "
    + LETTER,
    "split, then another": b"/Odalys MP /Quennell MP /Pear BMC EMC " + LETTER,
}


def letter(content: bytes) -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def contents(pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return b"\n".join(
            obj.read_bytes()
            for obj in doc.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") != pikepdf.Name.Image
        )


def text_of(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_scrub_and_the_last_search_read_a_content_streams_names(case: str) -> None:
    pdf = letter(CASES[case])
    matcher = Matcher.of([Entry(NAME)])
    assert any(matcher.search(text) for _, text in object_texts(pdf)), "the last search sees it"
    clean = scrub(pdf, matcher)
    assert not any(matcher.search(text) for _, text in object_texts(clean))
    held = contents(clean)
    assert not any(spelling in held for spelling in SPELLINGS), held
    assert b"Quennell" not in clean
    if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        assert "This letter is about targets." in text_of(clean)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_name_the_scrub_cannot_rewrite_refuses_the_exhibit(case: str) -> None:
    from inquiry.exhibits.errors import ExhibitError

    pdf = letter(REFUSED[case])
    matcher = Matcher.of([Entry(NAME)])
    assert any(matcher.search(text) for _, text in object_texts(pdf)), "the last search sees it"
    with pytest.raises(ExhibitError) as refused:
        scrub(pdf, matcher)
    assert refused.value.code == "exhibit-redaction"


def test_names_inside_strings_and_comments_are_theirs_not_names() -> None:
    data = b"(a /Path in a string \\) /Still) Tj <2F41> Tj % a /Comment\n/Tag BMC /F1 12 Tf"
    assert content_names(data) == ["Tag"]


def test_what_pdf_and_programs_name_is_not_searched() -> None:
    """Typst's tags and properties, a producer's resource names: never a witness's, so a
    redacted `Header` or `Span` does not find every page of the bundle."""
    data = (
        b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC /Span <</MCID 3 /Lang (en)>> BDC"
        b" /F12 9 Tf /Im3 Do /InqX0_1 Do /DeviceRGB cs /RelativeColorimetric ri EMC EMC"
    )
    assert content_names(data) == []
    assert {"Span", "Header", "Artifact", "Table"} <= PDF_NAMES
    assert content_names(b"/Jos#c3#a9#20Ruiz BMC") == ["José Ruiz"]
    assert content_names(b"/InqPg Do /InqS3 Do /InqOdalys BMC") == ["InqOdalys", "Inq Odalys"]


def test_a_public_build_carries_none_of_them(tmp_path: Path) -> None:
    body = b" ".join(CASES[case] for case in sorted(CASES))
    out = public_build(tmp_path, {"letter.pdf": letter(body)})
    for path in outputs(out):
        data = path.read_bytes()
        found = b"\n".join([data, contents(data)])
        assert not any(spelling in found for spelling in SPELLINGS), path
        assert "This letter is about targets." in text_of(data)


def dictionary_names() -> bytes:
    """A letter whose objects hold the name as names: a form's `/Who`, a page's transparency
    group's, a page's own key, an appearance state and its key."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    form = pdf.make_stream(
        b"BT /F1 14 Tf 72 600 Td (In the form.) Tj ET",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 595, 842],
        Who=pikepdf.Name("/Odalys Quennell"),
    )
    form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Fm0=form)
    )
    page.Contents = pdf.make_stream(LETTER + b"/Fm0 Do")
    page.obj["/Group"] = pikepdf.Dictionary(
        S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB, Who=pikepdf.Name("/Odalys_Quennell")
    )
    page.obj["/OdalysQuennell"] = True
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_names_in_an_exhibits_dictionaries_are_scrubbed() -> None:
    pdf = dictionary_names()
    matcher = Matcher.of([Entry(NAME)])
    assert any(matcher.search(text) for _, text in object_texts(pdf)), "the last search sees it"
    clean = scrub(pdf, matcher)
    assert not any(matcher.search(text) for _, text in object_texts(clean))
    assert not any(spelling in clean for spelling in SPELLINGS)
    with pikepdf.open(io.BytesIO(clean)) as doc:  # the form is still drawn
        assert "/Fm0" in doc.pages[0].Resources.XObject


@pytest.mark.filterwarnings("ignore:This document has 1 form widget")
def test_a_neutral_name_is_the_same_for_the_same_name() -> None:
    """An appearance state (`/AS /Jane_Doe`) and its key in `/AP` stay in agreement."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    on = pdf.make_stream(
        b"", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 9, 9]
    )
    widget = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Widget,
        Rect=[0, 0, 9, 9],
        AS=pikepdf.Name("/Odalys_Quennell"),
        AP=pikepdf.Dictionary(N=pikepdf.Dictionary({"/Odalys_Quennell": on})),
    )
    page.obj["/Annots"] = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(widget)]))
    data = io.BytesIO()
    pdf.save(data)
    clean = scrub(data.getvalue(), Matcher.of([Entry(NAME)]))
    with pikepdf.open(io.BytesIO(clean)) as doc:
        [annotation] = doc.pages[0].Annots
        assert "Quennell" not in str(annotation.AS)
        assert str(annotation.AS) in annotation.AP.N


def test_the_bundle_writes_no_name_a_witness_could_be_taken_for(tmp_path: Path) -> None:
    """Every name typst and inquiry write in a bundle is PDF's own or a made-up label: a
    redacted surname such as `Strong` (typst's role map) finds none of them."""
    from inquiry.pdfobjects import content_streams, named

    out = public_build(tmp_path, {"letter.pdf": letter(LETTER)})
    found: set[str] = set()
    with pikepdf.open(out / "bundle.pdf") as pdf:
        streams = content_streams(pdf)
        for obj in pdf.objects:
            holder = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            if isinstance(holder, pikepdf.Dictionary):
                for key, value in holder.items():
                    found.update(named(pikepdf.Name(key)))
                    if isinstance(value, pikepdf.Name) and key not in ("/BaseFont", "/FontName"):
                        found.update(named(value))
            if isinstance(obj, pikepdf.Stream) and obj.objgen in streams:
                found.update(content_names(obj.read_bytes()))
    assert found == set()


def _with_pattern(cell: bytes) -> bytes:
    """A letter painted over a tiling pattern whose cell's content is `cell`."""
    pdf = pikepdf.Pdf.open(io.BytesIO(letter(LETTER)))
    pattern = pdf.make_stream(
        cell,
        Type=pikepdf.Name.Pattern,
        PatternType=1,
        PaintType=1,
        TilingType=1,
        BBox=[0, 0, 20, 20],
        XStep=20,
        YStep=20,
        Resources=pikepdf.Dictionary(),
    )
    page = pdf.pages[0]
    page.Resources.Pattern = pikepdf.Dictionary(P0=pattern)
    page.Contents = pdf.make_stream(b"/Pattern cs /P0 scn 0 0 40 40 re f " + LETTER)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _with_type3(glyph: bytes) -> bytes:
    """A letter that also draws one glyph of a Type 3 font whose procedure is `glyph`."""
    pdf = pikepdf.Pdf.open(io.BytesIO(letter(LETTER)))
    proc = pdf.make_stream(glyph)
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type3,
        FontBBox=[0, 0, 10, 10],
        FontMatrix=[0.1, 0, 0, 0.1, 0, 0],
        CharProcs=pikepdf.Dictionary(a=proc),
        Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]),
        FirstChar=97,
        LastChar=97,
        Widths=[10],
        Resources=pikepdf.Dictionary(),
    )
    page = pdf.pages[0]
    page.Resources.Font.T3 = pdf.make_indirect(font)
    page.Contents = pdf.make_stream(LETTER + b"BT /T3 12 Tf 72 600 Td (a) Tj ET")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "pdf",
    [
        _with_pattern(b"/Odalys#20Quennell BMC 0 0 10 10 re f EMC"),
        _with_type3(b"10 0 0 0 10 10 d1 BX Odalys Quennell EX 0 0 10 10 re f"),
    ],
    ids=["a pattern's cell", "a Type 3 glyph"],
)
def test_a_patterns_cell_and_a_type3_glyph_are_content(pdf: bytes) -> None:
    """Red team h193: read as raw data (no names, no escapes), they carried the name."""
    matcher = Matcher.of([Entry(NAME)])
    assert any(matcher.search(text) for _, text in object_texts(pdf)), "the last search sees it"
    clean = scrub(pdf, matcher)
    assert not any(matcher.search(text) for _, text in object_texts(clean))
    assert b"Quennell" not in contents(clean) and b"Quennell" not in clean


def test_a_string_a_patterns_cell_draws_is_found() -> None:
    from inquiry.exhibits.errors import ExhibitError

    pdf = _with_pattern(b"BT /F1 4 Tf 0 0 Td <4F64616C7973205175656E6E656C6C> Tj ET")
    matcher = Matcher.of([Entry(NAME)])
    assert any(matcher.search(text) for _, text in object_texts(pdf))
    with pytest.raises(ExhibitError):
        scrub(pdf, matcher)


def test_a_glyph_named_after_the_witness_refuses_the_exhibit_rather_than_vanish() -> None:
    """A font's glyph names are not renamed (the glyph would be drawn no more, in silence): the
    exhibit is refused, as before names were read elsewhere."""
    from inquiry.exhibits.errors import ExhibitError

    pdf = pikepdf.Pdf.open(io.BytesIO(letter(LETTER)))
    font = pdf.pages[0].Resources.Font.F1
    font.Encoding = pikepdf.Dictionary(Differences=[65, pikepdf.Name("/Odalys_Quennell")])
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(ExhibitError) as refused:
        scrub(out.getvalue(), Matcher.of([Entry(NAME)]))
    assert refused.value.code == "exhibit-redaction"
