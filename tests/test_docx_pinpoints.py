"""The DOCX's pinpoints and index page ranges are the PDF bundle's numbers, as words.

Lawyers cite the served PDF's pages: `[B1/9]` in the DOCX must name what `[B1/9]` names in the
PDF. A PAGEREF field would be recomputed by Word or LibreOffice into the DOCX's own page (which
differs: the DOCX stands in for each PDF exhibit with one page), so no pinpoint or page range is
a field. Each is checked against the manifest and against the HTML edition of the same build,
read from `word/document.xml` itself.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import conftest
import lxml.html
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx_helpers import Built, document, make, text_of

from inquiry.render import wording

COMMENTARY = "commentary: Why these words matter to the inquiry."
REFERENCES = "commentary: See [@SF-001], [@SF-001, p. 4] and [@TM-003]."
_PIN = re.compile(r"\[[A-Z]+\d+/\d+\]")


def with_references(root: Path) -> Path:
    """The sample, with PE-001 citing an item's first page, its fourth (in its exhibit, which
    the DOCX stands in for with one page) and a one-page item."""
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    text = pe.read_text("utf-8")
    assert COMMENTARY in text
    pe.write_text(text.replace(COMMENTARY, REFERENCES), "utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("pins")
    root = with_references(conftest.sample.__wrapped__(base))  # type: ignore[attr-defined]
    return make(root, base / "out", formats=("pdf", "docx", "html"))


def body(path: Path) -> Any:
    with zipfile.ZipFile(path) as z:
        return parse_xml(z.read("word/document.xml")).find(qn("w:body"))


def pins(element: Any) -> list[tuple[str, str]]:
    """Every pinpoint as (its text, the bookmark it links to), in document order; its text is
    words, not a field's cached result that a word processor would replace."""
    out = []
    for link in element.iter(qn("w:hyperlink")):
        text = text_of(link)
        if _PIN.fullmatch(text):
            assert link.find(f".//{qn('w:fldChar')}") is None, text
            out.append((text, str(link.get(qn("w:anchor")))))
    return out


def html_pins(built: Built) -> list[str]:
    """The HTML edition's pinpoints in reading order: its front page, then each item's page."""
    html = built.out / "html"
    pages = [html / "index.html"]
    pages += [html / "items" / f"{v.number}-{v.id}.html" for v in built.views.items]
    return [
        " ".join(span.text_content().split())
        for page in pages
        for span in lxml.html.document_fromstring(page.read_bytes()).find_class("pin")
    ]


def test_every_pinpoint_reads_as_in_the_html_edition_of_the_same_build(built: Built) -> None:
    found = [text for text, _ in pins(body(built.docx))]
    assert found == html_pins(built)
    assert len(found) >= 8  # the lines of inquiry's and PE-001's three


def test_references_give_the_pdfs_pages_including_a_page_inside_an_exhibit(built: Built) -> None:
    placed = built.placed()
    sf, tm = placed["SF-001"], placed["TM-003"]
    assert sf["exhibits"][0]["last_page"] > sf["exhibits"][0]["first_page"]  # a PDF of 3 pages
    assert tm["first_page"] == tm["last_page"]  # a one-page item
    assert sf["first_page"] + 3 <= sf["last_page"]
    paragraph = next(p for p in body(built.docx).iter(qn("w:p")) if text_of(p).startswith("See ["))
    expected = [
        (f"[A1/{sf['first_page']}]", "item_SF_001"),
        (f"[A1/{sf['first_page'] + 3}]", "item_SF_001_x1"),  # `[@SF-001, p. 4]`: in its 1st exhibit
        (f"[B1/{tm['first_page']}]", "item_TM_003"),
    ]
    assert pins(paragraph) == expected
    assert text_of(paragraph) == "See {}, {} and {}.".format(*(t for t, _ in expected))
    # The same pages references.json records.
    recorded = json.loads((built.out / "references.json").read_text("utf-8"))
    pages = [r["page"] for r in recorded if r["from"] == "PE-001"]
    assert sorted(pages) == sorted(int(t.split("/")[1][:-1]) for t, _ in expected)


def test_the_index_gives_the_pdfs_page_ranges_one_number_for_one_page(built: Built) -> None:
    placed = built.placed()
    table = document(built.docx).tables[0]
    rows = {r.cells[1].text: r.cells[6] for r in table.rows[1:] if r.cells[1].text in placed}
    assert set(rows) == set(placed)
    html = lxml.html.document_fromstring((built.out / "html/index.html").read_bytes())
    html_ranges = {
        tr.find_class("id")[0].text_content(): tr.find_class("num")[0].text_content()
        for tr in html.xpath("//table[contains(@class, 'index')]/tbody/tr")
    }
    for item_id, cell in rows.items():
        first, last = placed[item_id]["first_page"], placed[item_id]["last_page"]
        assert cell.text == wording.page_range(first, last) == html_ranges[item_id]
        anchors = [h.get(qn("w:anchor")) for h in cell._tc.iter(qn("w:hyperlink"))]
        assert anchors == [f"item_{item_id.replace('-', '_')}"]
    singles = [i for i, p in placed.items() if p["first_page"] == p["last_page"]]
    assert singles and all("–" not in rows[i].text for i in singles)
    assert any("–" in rows[i].text for i in placed if i not in singles)


def test_no_field_but_the_documents_own_page_count_and_numbers(built: Built) -> None:
    with zipfile.ZipFile(built.docx) as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}
    assert not [n for n, xml in parts.items() if "PAGEREF" in xml]
    codes = [" ".join((t.text or "").split()) for t in body(built.docx).iter(qn("w:instrText"))]
    assert codes == ["NUMPAGES"]  # the cover's count of this document's own pages
    footer = document(built.docx).sections[0].footer._element
    assert [" ".join((t.text or "").split()) for t in footer.iter(qn("w:instrText"))] == [
        "PAGE",
        "NUMPAGES",
    ]


def test_every_link_lands_on_a_bookmark(built: Built) -> None:
    root = body(built.docx)
    marks = {b.get(qn("w:name")) for b in root.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in root.iter(qn("w:hyperlink"))]
    internal = [a for a in anchors if a is not None]
    assert len(internal) >= 20 and set(internal) <= marks
    assert {a for _, a in pins(root)} >= {"item_SF_001", "item_TM_003"}


def test_the_docx_is_the_same_with_or_without_the_pdf_written(built: Built, tmp_path: Path) -> None:
    """The same sources give the same bytes, and a DOCX built alone shows the same numbers
    (the PDF is laid out for them, not written)."""
    root = with_references(conftest.sample.__wrapped__(tmp_path))  # type: ignore[attr-defined]
    alone = make(root, tmp_path / "out", formats=("docx",))
    assert not alone.pdf.exists()
    assert alone.docx.read_bytes() == built.docx.read_bytes()


def test_restricted_annex_pinpoints_are_the_pdfs(tmp_path: Path) -> None:
    """The annex's pinpoints name an item or one of its exhibits, at the PDF's page."""
    root = conftest.sample.__wrapped__(tmp_path)  # type: ignore[attr-defined]
    panel = make(root, tmp_path / "out", formats=("pdf", "docx"), audience="restricted")
    assert panel.views.front.annex  # TM-003's redactions
    placed = panel.placed()
    found = pins(body(panel.docx))
    for row in panel.views.front.annex:
        p = placed[row.pin.item]
        page = (
            p["exhibits"][row.pin.exhibit - 1]["first_page"] if row.pin.exhibit else p["first_page"]
        )
        assert (wording.pinpoint(row.pin.number, page), row_anchor(row.pin)) in found


def row_anchor(pin: Any) -> str:
    name = f"item_{pin.item.replace('-', '_')}"
    return f"{name}_x{pin.exhibit}" if pin.exhibit else name
