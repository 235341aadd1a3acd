"""An exhibit's hidden content stays hidden in the bundle (stop 30, red team h95).

Sanitising keeps only the catalogue's page tree, so an exhibit's layer settings (what is off
by default) were dropped and every viewer drew every layer: a draft layer, a note, a form or an
annotation on a layer the exhibit as filed does not show appeared in the bundle, and so did an
annotation marked not for the screen (NoView). What is off is now taken out of the pages."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from test_redaction_hyphen_s29 import helvetica_pages

from inquiry.exhibits.files import read_exhibit
from inquiry.exhibits.layers import hide_off_layers
from inquiry.exhibits.prepare import prepare
from inquiry.render.pdf.stamps import STRIP

SHOWN = b"BT /F1 20 Tf 50 760 Td (Visible words) Tj ET"


def _base() -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(helvetica_pages([SHOWN])))


def _group(pdf: pikepdf.Pdf, name: str) -> pikepdf.Object:
    return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String(name)))


def _save(pdf: pikepdf.Pdf, tmp_path: Path, name: str) -> str:
    """The text of the exhibit as prepared for the bundle."""
    path = tmp_path / name
    pdf.save(path)
    prepared = prepare(read_exhibit(path), strip=STRIP)
    document = pdfium.PdfDocument(prepared.pdf)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def _form(pdf: pikepdf.Pdf, words: str) -> pikepdf.Stream:
    font = pdf.pages[0].obj.Resources.Font
    form = pikepdf.Stream(pdf, f"BT /F1 20 Tf 5 10 Td ({words}) Tj ET".encode())
    form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 400, 40]
    form.Resources = pikepdf.Dictionary(Font=font)
    return form


@pytest.mark.parametrize(
    ("config", "hidden"),
    [
        ({"OFF": "hide"}, True),
        ({"BaseState": "OFF", "ON": "keep"}, True),
        ({"ON": "hide"}, False),
    ],
)
def test_marked_content_on_a_layer_off_by_default(
    tmp_path: Path, config: dict[str, str], hidden: bool
) -> None:
    pdf = _base()
    hide, keep = _group(pdf, "Internal notes"), _group(pdf, "Shown")
    groups = {"hide": hide, "keep": keep}
    d = pikepdf.Dictionary(
        {
            f"/{k}": (pikepdf.Name(f"/{v}") if k == "BaseState" else pikepdf.Array([groups[v]]))
            for k, v in config.items()
        }
    )
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[hide, keep], D=d)
    page = pdf.pages[0]
    page.obj.Resources.Properties = pikepdf.Dictionary(oc1=hide, oc2=keep)
    page.contents_add(
        pikepdf.Stream(
            pdf,
            b"/OC /oc1 BDC BT /F1 20 Tf 50 400 Td (SECRETNOTE) Tj ET EMC "
            b"/OC /oc2 BDC BT /F1 20 Tf 50 300 Td (OTHERLAYER) Tj ET EMC",
        )
    )
    text = _save(pdf, tmp_path, "layers.pdf")
    assert "Visible words" in text and "OTHERLAYER" in text
    assert ("SECRETNOTE" in text) is not hidden


@pytest.mark.parametrize(("policy", "hidden"), [("AnyOn", False), ("AllOn", True)])
def test_a_membership_dictionary_follows_its_policy(
    tmp_path: Path, policy: str, hidden: bool
) -> None:
    pdf = _base()
    off, on = _group(pdf, "Off"), _group(pdf, "On")
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[off, on], D=pikepdf.Dictionary(OFF=[off]))
    member = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.OCMD, OCGs=[off, on], P=pikepdf.Name(f"/{policy}"))
    )
    page = pdf.pages[0]
    page.obj.Resources.Properties = pikepdf.Dictionary(m=member)
    page.contents_add(
        pikepdf.Stream(pdf, b"/OC /m BDC BT /F1 20 Tf 50 400 Td (MEMBERWORDS) Tj ET EMC")
    )
    text = _save(pdf, tmp_path, "member.pdf")
    assert ("MEMBERWORDS" in text) is not hidden


def test_a_form_and_an_annotation_on_a_layer_off_and_a_noview_annotation(
    tmp_path: Path,
) -> None:
    pdf = _base()
    off = _group(pdf, "Off")
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[off], D=pikepdf.Dictionary(OFF=[off]))
    page = pdf.pages[0]
    hidden_form = _form(pdf, "HIDDENFORM")
    hidden_form.OC = off
    page.obj.Resources.XObject = pikepdf.Dictionary(Fx1=hidden_form, Fx2=_form(pdf, "SHOWNFORM"))
    page.contents_add(
        pikepdf.Stream(pdf, b"q 1 0 0 1 100 500 cm /Fx1 Do Q q 1 0 0 1 100 450 cm /Fx2 Do Q")
    )
    annots = []
    for words, flags, layer, y in (
        ("HIDDENOCANNOT", 4, off, 200),
        ("NOVIEWANNOT", 32 | 4, None, 150),
        ("SHOWNANNOT", 4, None, 100),
    ):
        annot = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Square,
            Rect=[100, y, 500, y + 40],
            F=flags,
            AP=pikepdf.Dictionary(N=_form(pdf, words)),
        )
        if layer is not None:
            annot.OC = layer
        annots.append(pdf.make_indirect(annot))
    page.obj.Annots = pdf.make_indirect(pikepdf.Array(annots))
    text = _save(pdf, tmp_path, "forms.pdf")
    assert "SHOWNFORM" in text and "SHOWNANNOT" in text
    for gone in ("HIDDENFORM", "HIDDENOCANNOT", "NOVIEWANNOT"):
        assert gone not in text, gone


def test_a_document_with_nothing_off_is_left_as_it_is() -> None:
    pdf = _base()
    on = _group(pdf, "On")
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[on], D=pikepdf.Dictionary(ON=[on]))
    before = pdf.pages[0].obj.Contents.read_bytes()
    assert hide_off_layers(pdf) == 0
    assert pdf.pages[0].obj.Contents.read_bytes() == before


def test_where_pdftex_took_a_figure_from_is_not_carried(tmp_path: Path) -> None:
    """pdfTeX records an included figure's file name and document information in the form
    that draws it (`/PTEX.FileName`, `/PTEX.InfoDict`): data no reader sees (red team h95)."""
    pdf = _base()
    form = _form(pdf, "FIGURE")
    form["/PTEX.FileName"] = pikepdf.String("./figures/jane-placeholder-notes.pdf")
    form["/PTEX.InfoDict"] = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("Notes")))
    form["/PTEX.PageNumber"] = 1
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Fx1=form)
    pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"q 1 0 0 1 100 500 cm /Fx1 Do Q"))
    path = tmp_path / "figure.pdf"
    pdf.save(path)
    prepared = prepare(read_exhibit(path), strip=STRIP).pdf
    with pikepdf.open(io.BytesIO(prepared)) as out:
        keys = {str(k) for obj in out.objects if isinstance(obj, pikepdf.Dictionary) for k in obj}
        keys |= {str(k) for obj in out.objects if isinstance(obj, pikepdf.Stream) for k in obj}
    assert not {k for k in keys if k.startswith("/PTEX")}
    assert b"jane-placeholder-notes" not in prepared


def test_a_page_taking_its_parents_resources(tmp_path: Path) -> None:
    """The layer's name is looked up in the resources the page inherits from the page tree."""
    pdf = _base()
    hide = _group(pdf, "Hidden")
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[hide], D=pikepdf.Dictionary(OFF=[hide]))
    page = pdf.pages[0]
    resources = page.obj.Resources
    resources.Properties = pikepdf.Dictionary(oc1=hide)
    page.contents_add(
        pikepdf.Stream(pdf, b"/OC /oc1 BDC BT /F1 20 Tf 50 400 Td (SECRETNOTE) Tj ET EMC")
    )
    pdf.Root.Pages.Resources = resources
    del page.obj["/Resources"]
    text = _save(pdf, tmp_path, "inherited.pdf")
    assert "Visible words" in text and "SECRETNOTE" not in text


def test_hidden_text_still_moves_to_its_next_line() -> None:
    """`'` and `"` move to the next line as they show text: hidden, the move stays, so the
    text after the hidden lines is where the exhibit shows it."""
    content = (
        b"BT /F1 12 Tf 14 TL 50 400 Td (Line one) Tj /OC /oc1 BDC (SECRET) ' 1 2 (MORE) \" EMC"
        b" (Line after) ' ET"
    )

    def line_after(hidden: bool) -> float:
        pdf = _base()
        group = _group(pdf, "Notes")
        off = [group] if hidden else []
        pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[group], D=pikepdf.Dictionary(OFF=off))
        pdf.pages[0].obj.Resources.Properties = pikepdf.Dictionary(oc1=group)
        pdf.pages[0].contents_add(pikepdf.Stream(pdf, content))
        hide_off_layers(pdf)
        out = io.BytesIO()
        pdf.save(out)
        document = pdfium.PdfDocument(out.getvalue())
        try:
            text = document[0].get_textpage()
            at = text.get_text_range().index("Line after")
            assert ("SECRET" in text.get_text_range()) is not hidden
            return float(text.get_charbox(at)[1])
        finally:
            document.close()

    assert line_after(True) == pytest.approx(line_after(False))
