"""The DOCX bundle read back with python-docx and zipfile: structure, fields, running heads,
kinds, audience rules, escaping, properties, reproducibility and the reference document.

One public build (PDF and DOCX) and one restricted build with drafts are shared by the read-only
tests; tests that change the submission build their own. Pinpoints and page ranges are checked
against the PDF's in test_docx_pinpoints.py too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import conftest
import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx_helpers import (
    EPOCH,
    Built,
    W,
    body_paragraphs,
    bookmarks_in,
    document,
    front_text,
    headings,
    instructions,
    item_blocks,
    item_text,
    make,
    style_id,
    text_of,
)

from inquiry.redaction import Entry, Matcher
from inquiry.render import wording
from inquiry.render.docx import package_texts
from inquiry.render.docx.running import shorten

ITEMS = ["SF-001", "TM-003", "TM-001", "ST-001", "PE-001"]


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("public")
    return make(conftest.sample.__wrapped__(base), base / "out")  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The restricted edition with drafts, DOCX only (the PDF laid out for its numbers, not
    written)."""
    base = tmp_path_factory.mktemp("panel")
    root = conftest.sample.__wrapped__(base)  # type: ignore[attr-defined]
    return make(root, base / "out", formats=("docx",), audience="restricted", include_drafts=True)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def cached(field_code: str, element: Any) -> list[str]:
    """The cached results of the fields with this code in `element`, in order."""
    out, code, depth, result = [], "", 0, None
    for run in element.iter(qn("w:r")):
        char = run.find(qn("w:fldChar"))
        if char is not None:
            kind = char.get(qn("w:fldCharType"))
            if kind == "begin":
                depth += 1
                if depth == 1:
                    code, result = "", None
            elif kind == "separate" and depth == 1:
                result = ""
            elif kind == "end":
                depth -= 1
                if depth == 0 and " ".join(code.split()) == field_code and result is not None:
                    out.append(result)
            continue
        if depth == 1:
            for t in run.iter(qn("w:instrText")):
                code += t.text or ""
            if result is not None:
                result += "".join(t.text or "" for t in run.iter(qn("w:t")))
    return out


# Structure ---------------------------------------------------------------------------------


def test_item_headings_in_bundle_order_with_bookmarks_and_item_references(public: Built) -> None:
    found = headings(public.docx, 2)
    assert [v.id for v in public.views.items] == ITEMS
    assert [text_of(p) for p in found] == [
        f"{v.number} · {v.id} · {v.title.plain()}" for v in public.views.items
    ]
    for paragraph, view in zip(found, public.views.items, strict=True):
        assert bookmarks_in(paragraph) == [f"item_{view.id.replace('-', '_')}"]
        refs = [
            r
            for r in paragraph.iter(qn("w:r"))
            if r.find(f"{W}rPr/{W}rStyle[@{W}val='ItemReference']") is not None
        ]
        assert (
            "".join(text_of(r) for r in refs) == view.running_head == f"{view.number} · {view.id}"
        )


def test_tabs_head_their_first_item_and_no_divider_pages(public: Built) -> None:
    assert [text_of(p) for p in headings(public.docx, 1)] == [
        "Index",
        "Lines of inquiry",
        "Tab A — Survey findings",
        "Tab B — Testimonies",
        "Tab C — Statistics",
        "Tab D — Policy extracts",
    ]
    for tab in headings(public.docx, 1)[2:]:
        following = tab.getnext()
        assert style_id(following) == "Heading2", "the tab heading sits on its first item's page"
        assert tab.find(f"{W}pPr/{W}pageBreakBefore") is None
        previous = tab.getprevious()
        assert previous.find(f"{W}pPr/{W}sectPr") is not None, "a new section (page) starts here"


def test_each_item_is_a_section_and_page_breaks_are_on_headings(public: Built) -> None:
    body = document(public.docx).element.body
    marks = [p for p in body.iterchildren(qn("w:p")) if p.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(marks) == len(ITEMS)  # the front matter's and each item's but the last
    assert len(document(public.docx).sections) == len(ITEMS) + 1
    # The front matter ends with a table, which cannot hold a section mark: a paragraph of
    # 1 pt does. Each item's section ends on its last paragraph of text.
    assert style_id(marks[0]) == "SectionEnd" and marks[0].getprevious().tag == qn("w:tbl")
    for paragraph in marks[1:]:
        assert text_of(paragraph).strip(), "a section ends on a paragraph of text, not an empty one"
    breaks = [
        p for p in body.iterchildren(qn("w:p")) if p.find(f"{W}pPr/{W}pageBreakBefore") is not None
    ]
    assert [text_of(p).split(" · ")[0] for p in breaks] == ["Index", "Lines of inquiry", "A1", "A1"]
    assert not [p for p in body.iter(qn("w:br")) if p.get(qn("w:type")) == "page"]


def test_bookmark_names_are_unique_and_ids_distinct(public: Built) -> None:
    body = document(public.docx).element.body
    names = bookmarks_in(body)
    assert len(names) == len(set(names))
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))
    for view in public.views.items:
        assert f"item_{view.id.replace('-', '_')}" in names
    assert not [n for n in names if n.endswith("_end")]  # no page range needs an item's end


# Running heads and footer ------------------------------------------------------------------


def test_running_head_names_the_item_through_a_styleref(public: Built) -> None:
    sections = document(public.docx).sections
    front = sections[0].header._element
    assert not [c for c in instructions(front) if c.startswith("STYLEREF")]
    assert text_of(front).startswith("Public edition · ")
    for section, view in zip(sections[1:], public.views.items, strict=True):
        header = section.header._element
        assert not section.header.is_linked_to_previous
        assert instructions(header) == ['STYLEREF "Item Reference"']
        assert cached('STYLEREF "Item Reference"', header) == [view.running_head]
        assert text_of(header).endswith("\t" + view.running_head)


def test_header_title_is_shortened_at_a_word(sample: Path, tmp_path: Path) -> None:
    sub = sample / "evidence/submission.yaml"
    long = "An exceptionally long bundle title " + "concerning performance " * 8 + "endword"
    sub.write_text(
        re.sub(r"^title: .*$", f"title: {long}", sub.read_text("utf-8"), flags=re.M), "utf-8"
    )
    built = make(sample, tmp_path / "out", formats=("docx",))
    for section in document(built.docx).sections:
        head = text_of(section.header._element).split("\t")[0]
        shown = head.removeprefix("Public edition · ")
        assert shown.endswith("…") and len(shown) < len(long)
        assert long.startswith(shown.removesuffix("…")), "cut at a word, nothing changed"
        assert long[len(shown) - 1] == " ", "the cut falls between words"


def test_shorten() -> None:
    assert shorten("short", 20) == "short"
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("Supercalifragilistic word", 5) == "Supercalifragilistic…"
    assert shorten("a, b — c", 6) == "a, b…"


def test_footer_page_n_of_m_on_every_page(public: Built) -> None:
    sections = document(public.docx).sections
    footer = sections[0].footer
    assert instructions(footer._element) == ["PAGE", "NUMPAGES"]
    (paragraph,) = footer.paragraphs
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT or style_id(paragraph._p) == "Footer"
    # Cached results: page 1 of this document's own pages as estimated (not the PDF's count).
    assert text_of(footer._element) == f"Page 1 of {public.own_pages()}"
    for section in sections[1:]:
        assert section.footer.is_linked_to_previous  # every section shows the same footer


# Index, lines of inquiry, pinpoints --------------------------------------------------------


def test_index_gives_every_item_and_its_pdf_page_range_as_linked_words(public: Built) -> None:
    table = document(public.docx).tables[0]
    assert [c.text for c in table.rows[0].cells] == list(wording.INDEX_COLUMNS)
    placed = public.placed()
    rows = iter(table.rows[1:])
    for section in public.views.front.index:
        tab_row = next(rows)
        assert tab_row._tr.findall(qn("w:tc"))[0].find(f"{W}tcPr/{W}gridSpan") is not None
        assert tab_row.cells[0].text == f"Tab {section.tab} — {section.title}"
        link = tab_row._tr.find(f".//{W}hyperlink")
        assert link.get(qn("w:anchor")) == f"item_{section.first.replace('-', '_')}"
        for r in section.rows:
            cells = next(rows).cells
            name = f"item_{r.id.replace('-', '_')}"
            assert [c.text for c in cells[:6]] == [
                r.number,
                r.id,
                r.title.plain(),
                r.kind_name,
                r.date,
                r.lines_of_inquiry,
            ]
            assert cells[0]._tc.find(f".//{W}hyperlink").get(qn("w:anchor")) == name
            page = cells[6]._tc
            assert instructions(page) == []  # words: a field would become this document's page
            assert page.find(f".//{W}hyperlink").get(qn("w:anchor")) == name
            first, last = placed[r.id]["first_page"], placed[r.id]["last_page"]
            assert cells[6].text == (f"{first}–{last}" if last > first else str(first))


def test_lines_of_inquiry_list_the_pdfs_pinpoints_as_linked_words(public: Built) -> None:
    table = document(public.docx).tables[1]
    assert [c.text for c in table.rows[0].cells] == list(wording.LOI_COLUMNS)
    placed = public.placed()
    rows = {r.cells[0].text: r for r in table.rows[1:]}
    assert set(rows) == {"LOI-1", "LOI-2"}
    for loi in public.views.front.lines_of_inquiry:
        cell = rows[loi.id].cells[2]
        expected = " ".join(f"[{p.number}/{placed[p.item]['first_page']}]" for p in loi.pins)
        assert cell.text == expected
        links = cell._tc.findall(f".//{W}hyperlink")
        assert [h.get(qn("w:anchor")) for h in links] == [
            f"item_{p.item.replace('-', '_')}" for p in loi.pins
        ]
        assert [text_of(h) for h in links] == expected.split(" ")
        assert instructions(cell._tc) == []
    assert rows["LOI-1"].cells[1].text.startswith("Targets")
    assert "How have service targets" in rows["LOI-1"].cells[1].text


def test_related_items_and_exhibits_are_linked_lines(public: Built) -> None:
    a1 = item_blocks(public.docx)["SF-001"]
    text = item_text(public.docx, "SF-001")
    assert "See also B1 (TM-003): A public testimony with a redaction." in text
    assert "Exhibit 1: The survey report (exhibits/report.pdf; 3 pages)." in text
    assert "Exhibit 2: A photograph of the infographic (exhibits/photo.png; 1 page)." in text
    lines = [p for p in a1 if style_id(p) == "Line"]
    anchors = [h.get(qn("w:anchor")) for p in lines for h in p.iter(qn("w:hyperlink"))]
    assert anchors == ["item_TM_003", "item_SF_001_x1", "item_SF_001_x2"]
    assert set(bookmarks_in(document(public.docx).element.body)) >= set(anchors)


def test_references_in_prose_become_the_pdfs_pinpoints(sample: Path, tmp_path: Path) -> None:
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text("utf-8").replace(
            "commentary: Why these words matter to the inquiry.",
            "commentary: See [@SF-001] and [@TM-003, p. 2].",
        ),
        "utf-8",
    )
    built = make(sample, tmp_path / "out")
    placed = built.placed()
    d1 = item_blocks(built.docx)["PE-001"]
    paragraph = next(p for p in d1 if text_of(p).startswith("See "))
    a1, b1 = placed["SF-001"]["first_page"], placed["TM-003"]
    page2 = min(b1["first_page"] + 1, b1["last_page"])
    assert text_of(paragraph) == f"See [A1/{a1}] and [B1/{page2}]."
    assert instructions(paragraph) == []
    assert not [r for r in paragraph.iter(qn("w:r")) if r.find(f"{W}rPr/{W}vanish") is not None]
    anchors = [h.get(qn("w:anchor")) for h in paragraph.iter(qn("w:hyperlink"))]
    assert anchors == ["item_SF_001", "item_TM_003"]


def test_every_table_repeats_its_header_row_and_rows_do_not_split(public: Built) -> None:
    tables = document(public.docx).tables
    assert len(tables) >= 4  # index, lines of inquiry, figures, series
    for table in tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)


def test_settings_ask_word_to_update_fields(public: Built) -> None:
    settings = members(public.docx)["word/settings.xml"].decode()
    assert '<w:updateFields w:val="true"/>' in settings


# Kinds -------------------------------------------------------------------------------------


def test_testimony_numbers_paragraphs_and_gives_the_statement_of_truth(public: Built) -> None:
    b1 = item_text(public.docx, "TM-003")
    assert "1.\tMy manager [REDACTED] set the targets." in b1
    assert "2.\tWe were told to discharge people quickly." in b1
    assert f"{wording.STATEMENT_OF_TRUTH}\nWitness W-03. Dated 10 April 2025." in b1
    assert "Witness\tW-03" in b1 and "Role\tHigh-intensity therapist" in b1
    assert "Consent to publication\tPublic" in b1
    b2 = item_text(public.docx, "TM-001")  # statement_of_truth: false
    assert wording.NO_STATEMENT_OF_TRUTH in b2 and wording.STATEMENT_OF_TRUTH not in b2
    numbers = [
        r
        for e in item_blocks(public.docx)["TM-003"]
        for r in e.iter(qn("w:r"))
        if r.find(f"{W}rPr/{W}rStyle[@{W}val='ParagraphNumber']") is not None
    ]
    assert [text_of(r) for r in numbers] == ["1.", "2."]


def test_survey_finding_shows_survey_question_finding_and_figures(public: Built) -> None:
    a1 = item_text(public.docx, "SF-001")
    for expected in (
        "Survey finding\nDate\tJune 2025\nLines of inquiry\tLOI-1",
        "Sample size (n)\t100",
        "Fieldwork\t1 April 2025 – 31 May 2025",
        "What should change in the service?",
        "Most respondents asked for fewer targets.",
    ):
        assert expected in a1
    question = [e for e in item_blocks(public.docx)["SF-001"] if style_id(e) == "Question"]
    assert [text_of(q) for q in question] == ["What should change in the service?"]
    figures = document(public.docx).tables[2]
    assert [c.text for c in figures.rows[0].cells] == ["Figure", "Value", "Base (n)"]
    assert [c.text for c in figures.rows[1].cells] == ["Asked for fewer targets", "60%", "100"]


def test_statistic_headline_chart_with_alt_text_and_values(public: Built) -> None:
    from PIL import Image

    from inquiry.render.nodes import Chart

    c1 = item_blocks(public.docx)["ST-001"]
    assert [text_of(p) for p in c1 if style_id(p) == "StatisticValue"] == ["120 referrals"]
    chart = next(
        b for s in public.views.items[3].sections for b in s.blocks if isinstance(b, Chart)
    )
    pictures = [
        d
        for e in c1
        for d in e.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    assert len(pictures) == 1
    assert pictures[0].get("descr") == chart.alt
    assert chart.alt.startswith(
        "Bar chart of Referrals received (referrals) by period: 2021-22: 90;"
    )
    c_nv_pr = [
        e
        for p in c1
        for e in p.iter("{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr")
    ]
    assert [e.get("descr") for e in c_nv_pr] == [chart.alt]
    text = item_text(public.docx, "ST-001")
    assert f"{chart.title}\n\n{chart.source}" in text  # the title above, the source below
    series = document(public.docx).tables[3]
    assert [[c.text for c in r.cells] for r in series.rows] == [
        ["Period", "Value (referrals)"],
        *[[p, wording.number(v)] for p, v in zip(chart.periods, chart.values, strict=True)],
    ]
    with zipfile.ZipFile(public.docx) as z:
        sizes = {
            Image.open(io.BytesIO(z.read(n))).size
            for n in z.namelist()
            if n.startswith("word/media/")
        }
    from inquiry.render.docx.chart import HEIGHT, WIDTH

    assert (WIDTH, HEIGHT) in sizes


def test_chart_of_a_long_series_is_a_line() -> None:
    from PIL import Image

    from inquiry.render.docx.chart import chart_png
    from inquiry.render.nodes import Chart

    def draw(n: int) -> Image.Image:
        values = tuple(float(i % 7) for i in range(n))
        node = Chart(tuple(f"P{i}" for i in range(n)), values, "x", "t", "s", "a")
        return Image.open(io.BytesIO(chart_png(node))).convert("L")

    bars, line = draw(6), draw(40)
    dark = lambda im: sum(1 for p in im.tobytes() if p < 100)  # noqa: E731
    assert dark(bars) > 3 * dark(line)  # filled bars against a thin line


def test_policy_extract_is_a_block_quotation_keeping_line_breaks(
    sample: Path, tmp_path: Path
) -> None:
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text("utf-8").replace(
            "extract: The exact words of the policy, copied verbatim.",
            "extract: |-\n  The list:\n  - first\n  - second\n\n  A new paragraph.",
        ),
        "utf-8",
    )
    built = make(sample, tmp_path / "out", formats=("docx",))
    quotes = [e for e in item_blocks(built.docx)["PE-001"] if style_id(e) == "BlockText"]
    assert [text_of(q) for q in quotes] == ["The list:\n- first\n- second", "A new paragraph."]
    assert "Why these words matter to the inquiry." in item_text(built.docx, "PE-001")


def test_source_url_is_a_hyperlink(sample: Path, tmp_path: Path) -> None:
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text("utf-8").replace(
            '  published: "2024"\n  accessed:',
            '  published: "2024"\n  url: https://example.org/a_(b)?q=1&r=2\n  accessed:',
            1,
        ),
        "utf-8",
    )
    built = make(sample, tmp_path / "out", formats=("docx",))
    rels = [
        r.target_ref
        for r in document(built.docx).part.rels.values()
        if r.reltype.endswith("/hyperlink")
    ]
    assert rels == ["https://example.org/a_(b)?q=1&r=2"]
    assert "URL\thttps://example.org/a_(b)?q=1&r=2" in item_text(built.docx, "PE-001")


def test_exhibits_picture_embedded_and_pdf_described_each_on_a_page(
    public: Built, sample: Path
) -> None:
    blocks = item_blocks(public.docx)["SF-001"]
    a1 = item_text(public.docx, "SF-001")
    report = (sample / "evidence/exhibits/report.pdf").read_bytes()
    pages = [(e["first_page"], e["last_page"]) for e in public.placed()["SF-001"]["exhibits"]]
    report_pages, photo = wording.page_range(*pages[0]), pages[1][0]
    for expected in (
        "A1 · Exhibit 1 · report.pdf",
        "Description\tThe survey report",
        "File\texhibits/report.pdf",
        "Pages\t3",
        f"SHA-256\t{hashlib.sha256(report).hexdigest()}",
        "This PDF exhibit (3 pages) is reproduced in full in the PDF bundle at pages "
        f"{report_pages}, after item A1.",
        "The image is reproduced here and, on a page of its own, in the PDF bundle at page "
        f"{photo}.",
        "A1 · Exhibit 2 · photo.png",
        "Description\tA photograph of the infographic",
    ):
        assert expected in a1
    starts = [p for p in blocks if p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert [bookmarks_in(p) for p in starts] == [["item_SF_001_x1"], ["item_SF_001_x2"]]
    shapes = document(public.docx).inline_shapes
    assert len(shapes) == 2  # the photograph and the chart
    assert all(s.width.cm <= 17.01 for s in shapes)
    descriptions = [
        d.get("descr")
        for e in blocks
        for d in e.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    assert descriptions == ["A photograph of the infographic"]


def test_cover_carries_the_front_views_words(public: Built) -> None:
    cover = front_text(public.docx).split("Index")[0]
    front = public.views.front
    own = public.own_pages()
    assert front.cover.title.plain() in cover and front.cover.kicker.plain() in cover
    for line in (
        "Submitted by\tExample Coalition",
        "Date of submission\t15 January 2026",
        "Edition\tPublic edition",
        f"Contents\t5 evidence items in 4 tabs; {own} pages",
        wording.DOCX_NUMBERS_NOTE,
    ):
        assert line in cover


def test_the_cover_and_footer_count_the_documents_own_pages_not_the_pdfs(public: Built) -> None:
    """The DOCX's page numbers are its own (its note says so): the cover's page count is a
    NUMPAGES field, and its cached result (what a reader that does not update fields shows)
    is this document's count as estimated, never the PDF's, which reproduces a three-page
    exhibit the DOCX stands in for with one page. The footer's `Page N of M` likewise."""
    pdf_pages = public.manifest()["bundle"]["pages"]
    own = public.own_pages()
    assert own < pdf_pages
    doc = document(public.docx)
    [contents] = [p for p in doc.paragraphs if p.text.startswith("Contents")]
    assert instructions(contents._element) == ["NUMPAGES"]
    assert cached("NUMPAGES", contents._element) == [str(own)]
    assert f"{own} pages" in contents.text and f"{pdf_pages} pages" not in contents.text
    assert cached("NUMPAGES", doc.sections[0].footer._element) == [str(own)]


# Audience rules ----------------------------------------------------------------------------


def test_public_edition_redacts_in_every_part(public: Built) -> None:
    matcher = Matcher([Entry("Jane Placeholder")])
    for where, text in package_texts(public.docx.read_bytes()):
        assert not matcher.search(text), where
    marks = [
        r for r in document(public.docx).element.body.iter(qn("w:r")) if text_of(r) == "[REDACTED]"
    ]
    assert len(marks) == 1
    assert marks[0].find(f"{W}rPr/{W}rStyle").get(qn("w:val")) == "Redaction"


def test_redaction_reaches_titles_properties_links_and_other_items(
    sample: Path, tmp_path: Path
) -> None:
    sub = sample / "evidence/submission.yaml"
    sub.write_text(
        sub.read_text("utf-8").replace(
            "submitted_by: Example Coalition", "submitted_by: Jane Placeholder"
        ),
        "utf-8",
    )
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text("utf-8")
        .replace("title: Example policy extract", "title: JANE placeholder's extract")
        .replace(
            "commentary: Why",
            "commentary: Jane *Placeholder* asked, see "
            "[her page](https://example.org/jane-placeholder). Why",
        ),
        "utf-8",
    )
    built = make(sample, tmp_path / "out", formats=("docx",))
    matcher = Matcher([Entry("Jane Placeholder")])
    texts = dict(package_texts(built.docx.read_bytes()))
    assert "word/document.xml" in texts and "[zip entries]" in texts
    for where, text in texts.items():
        assert not matcher.search(text), where
    assert docx.Document(str(built.docx)).core_properties.author == "[REDACTED]"
    assert "her page" in item_text(built.docx, "PE-001")  # the link's words stay, its target not


def test_package_texts_reads_every_part_attribute_and_entry() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "word/document.xml", "<w:p><w:r><w:t>JA</w:t></w:r><w:r><w:t>NE</w:t></w:r></w:p>"
        )
        z.writestr(
            "word/_rels/document.xml.rels", '<Relationship Target="https://x/o&apos;brien"/>'
        )
        z.writestr("docProps/core.xml", "<dc:title>O&amp;Brien</dc:title>")
        z.writestr("word/media/secret-name.png", b"\x89PNG")
    texts = dict(package_texts(buf.getvalue()))
    assert texts["word/document.xml"].strip() == "JANE"
    assert "https://x/o'brien" in texts["word/_rels/document.xml.rels (attributes)"]
    assert texts["docProps/core.xml"] == "O&Brien"
    assert "word/media/secret-name.png" in texts["[zip entries]"]


def test_restricted_items_absent_in_public_present_in_restricted(
    public: Built, panel: Built
) -> None:
    public_text = front_text(public.docx) + "".join(
        item_text(public.docx, v.id) for v in public.views.items
    )
    assert "TM-002" not in public_text
    for data in members(public.docx).values():
        assert b"RESTRICTEDWORDS" not in data and b"TM-002" not in data
    assert "RESTRICTEDWORDS" in item_text(panel.docx, "TM-002")
    assert "Jane Placeholder" in item_text(panel.docx, "TM-003")
    assert not any("[REDACTED]" in item_text(panel.docx, v.id) for v in panel.views.items)
    for section in document(panel.docx).sections:
        assert text_of(section.header._element).startswith(wording.RESTRICTED_BANNER)


def test_drafts_left_out_unless_asked_and_then_marked(public: Built, panel: Built) -> None:
    assert "ST-002" not in [v.id for v in public.views.items]
    c = [text_of(p) for p in headings(panel.docx, 2) if text_of(p).startswith("C")]
    assert c == [
        "C1 · ST-002 · A draft statistic",
        "C2 · ST-001 · Example statistic — replace with a published figure",
    ]
    draft = item_blocks(panel.docx)["ST-002"]
    assert text_of(draft[1]) == "Statistic · DRAFT"
    index = document(panel.docx).tables[0]
    titles = [r.cells[2].text for r in index.rows if r.cells[1].text == "ST-002"]
    assert titles == ["A draft statistic DRAFT"]
    sections = document(panel.docx).sections
    views = panel.views.items
    heads = {v.id: text_of(s.header._element) for s, v in zip(sections[1:], views, strict=True)}
    assert heads["ST-002"].endswith("\tDRAFT · C1 · ST-002")
    assert heads["ST-001"].endswith("\tC2 · ST-001")
    assert wording.DRAFT_NOTE in front_text(panel.docx)


# Escaping and hostile Markdown -------------------------------------------------------------


def test_plain_strings_appear_literally(sample: Path, tmp_path: Path) -> None:
    title = r"<b>x</b> \input{} *x* [a](b) # _y_ `z` | 1. @cite ~~s~~ $m$ <w:p/>"
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text("utf-8").replace(
            "title: Example policy extract — replace with verbatim words from a policy document",
            "title: '" + title + "'",
        ),
        "utf-8",
    )
    built = make(sample, tmp_path / "out", formats=("docx",))
    assert [text_of(p) for p in headings(built.docx, 2)][-1] == f"D1 · PE-001 · {title}"
    assert document(built.docx).tables[0].rows[-1].cells[2].text == title


def test_markdown_fields_cannot_embed_files_add_structure_or_pass_raw_markup(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import allow_markdown_links, make_png

    allow_markdown_links(monkeypatch)  # validation refuses the image; the renderer must cope too
    secret = tmp_path / "secret.png"
    secret.write_bytes(make_png(133, 117))
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text("utf-8").replace(
            "commentary: Why these words matter to the inquiry.",
            "commentary: |\n  # A heading in a field\n\n  ![leak](" + str(secret) + ")\n\n"
            '  ::: {custom-style="Heading 1"}\n  Styled\n  :::\n\n'
            "  Footnote[^1].\n\n  [^1]: First note.\n\n  ```\n  unclosed fence\n",
        ),
        "utf-8",
    )
    built = make(sample, tmp_path / "out", formats=("docx",))
    assert len(document(built.docx).inline_shapes) == 2  # chart and exhibit only
    assert wording.IMAGE_NOT_REPRODUCED in item_text(built.docx, "PE-001")
    levels = {
        style_id(p) for p in body_paragraphs(built.docx) if text_of(p) == "A heading in a field"
    }
    assert levels == {"Heading4"}
    assert "Styled" not in [text_of(p) for p in headings(built.docx, 1)]
    notes = members(built.docx)["word/footnotes.xml"].decode()
    assert "First note." in notes
    assert "Example policy document" in item_text(built.docx, "PE-001").split("unclosed fence")[-1]


def test_raw_nodes_in_a_field_are_dropped() -> None:
    from inquiry.render.docx.translate import Context, rich
    from inquiry.render.nodes import Rich

    ctx = Context(numbers=None, chart_png=lambda c: b"", own_pages=1)
    blocks = [
        {"t": "RawBlock", "c": ["openxml", "<w:p><w:r><w:t>injected</w:t></w:r></w:p>"]},
        {
            "t": "Para",
            "c": [{"t": "Str", "c": "a"}, {"t": "RawInline", "c": ["openxml", "<w:r/>"]}],
        },
    ]
    assert rich(ctx, Rich(blocks)) == [{"t": "Para", "c": [{"t": "Str", "c": "a"}]}]


# Properties and reproducibility ------------------------------------------------------------


def test_core_properties_from_the_front_view_and_nothing_else(public: Built) -> None:
    props = docx.Document(str(public.docx)).core_properties
    front = public.views.front
    when = dt.datetime.fromtimestamp(EPOCH, dt.UTC)
    assert (props.title, props.author, props.subject, props.keywords) == (
        front.title,
        front.author,
        front.subject,
        front.keywords,
    )
    assert props.language == front.language == "en-GB"
    assert props.created == when and props.modified == when
    assert props.last_modified_by == "" and props.category == "" and props.comments == ""
    core = members(public.docx)["docProps/core.xml"].decode()
    assert core.count("2025-06-15T15:06:40Z") == 2
    assert "lastModifiedBy" not in core and "lastPrinted" not in core
    styles = members(public.docx)["word/styles.xml"].decode()
    assert 'w:val="en-GB"' in styles


def test_same_sources_and_epoch_give_the_same_bytes(public: Built, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "copy"
    shutil.copytree(public.root, copy)
    again = make(copy, tmp_path / "two")
    assert again.docx.read_bytes() == public.docx.read_bytes()
    with zipfile.ZipFile(public.docx) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2025, 6, 15, 15, 6, 40)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_zip_time_is_clamped_to_what_zip_can_hold() -> None:
    from inquiry.render.docx.package import zip_time

    assert zip_time(0) == (1980, 1, 1, 0, 0, 0)
    assert zip_time(10**11)[0] == 2107


def test_no_random_ids_in_the_package(public: Built) -> None:
    found = members(public.docx)
    for name, data in found.items():
        if name.endswith((".xml", ".rels")):
            assert not re.search(rb"w:rsid\w*=", data), name
    media = [n for n in found if n.startswith("word/media/")]
    assert media == sorted(media) and all(re.fullmatch(r"word/media/rId\d+\.png", n) for n in media)


# The reference document --------------------------------------------------------------------


def test_build_uses_the_submissions_reference_doc(sample: Path, tmp_path: Path) -> None:
    from inquiry.render.docx import reference

    assert (sample / "templates/reference.docx").read_bytes() == reference.build()
    ref = docx.Document(str(sample / "templates/reference.docx"))
    ref.styles["Block Text"].font.size = docx.shared.Pt(15)
    ref.save(str(sample / "templates/reference.docx"))
    built = make(sample, tmp_path / "out", formats=("docx",))
    assert docx.Document(str(built.docx)).styles["Block Text"].font.size == docx.shared.Pt(15)


def test_reference_document_is_regenerated_by_its_script() -> None:
    from inquiry.render.docx import reference

    repo = Path(__file__).resolve().parents[1]
    built = reference.build()
    assert (repo / "templates/reference.docx").read_bytes() == built
    assert (repo / "inquiry/data/reference.docx").read_bytes() == built


def test_reference_document_sets_page_type_headings_and_styles() -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt

    from inquiry.render.docx import reference

    document_ = docx.Document(io.BytesIO(reference.build()))
    section = document_.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.0
    assert section.top_margin >= Cm(2.4) and section.bottom_margin >= Cm(2.4)
    defaults = document_.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}sz").get(qn("w:val")) == "22"  # 11 pt
    assert defaults.find(f"{W}rFonts").get(qn("w:ascii")) == "Times New Roman"
    assert (
        document_.styles.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}widowControl")
        is not None
    )
    for level in (1, 2, 3):
        style = document_.styles[f"Heading {level}"]
        outline = style.element.find(f"{W}pPr/{W}outlineLvl")
        assert outline is not None and outline.get(qn("w:val")) == str(level - 1)
        assert style.element.find(f"{W}pPr/{W}keepNext") is not None
    assert document_.styles["Block Text"].paragraph_format.left_indent > 0
    table = document_.styles["Table"]
    assert table.type == WD_STYLE_TYPE.TABLE
    assert table.element.find(f"{W}tblStylePr[@{W}type='firstRow']") is not None
    for name in ("Cover Title", "Fact", "Item Kind", "Witness Paragraph", "Statistic Value"):
        assert document_.styles[name].type == WD_STYLE_TYPE.PARAGRAPH
    for name in ("Redaction", "Item Reference", "Fact Label", "Draft Label", "Hash"):
        assert document_.styles[name].type == WD_STYLE_TYPE.CHARACTER
    assert document_.styles["Table Text"].font.size == Pt(10)


def test_builds_with_pandocs_plain_reference_doc(sample: Path, tmp_path: Path) -> None:
    """A submission's own reference document may lack our styles; the bundle still builds,
    with the same structure and fields."""
    from inquiry.render.docx import reference

    (sample / "templates/reference.docx").write_bytes(reference.pandoc_default())
    built = make(sample, tmp_path / "out", formats=("docx",))
    assert len(headings(built.docx, 2)) == 5
    assert instructions(document(built.docx).sections[0].footer._element) == ["PAGE", "NUMPAGES"]
    names = {s.name for s in document(built.docx).styles}
    assert {"Item Reference", "Redaction", "Fact"} <= names  # pandoc adds the styles we name


# A bundle too large for one pandoc call --------------------------------------------------


def _reading(path: Path) -> dict[str, Any]:
    """What a reader meets, independent of how the package numbers things internally."""
    d = document(path)
    body = d.element.body
    rels = d.part.rels
    with zipfile.ZipFile(path) as z:
        notes_xml = z.read("word/footnotes.xml")
        numbering = z.read("word/numbering.xml")
    notes_root = docx.oxml.parse_xml(notes_xml)
    notes = {n.get(qn("w:id")): text_of(n) for n in notes_root.iter(qn("w:footnote"))}
    nums = docx.oxml.parse_xml(numbering)
    defined = {n.get(qn("w:numId")) for n in nums.iter(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")) for a in nums.iter(qn("w:abstractNum"))}
    used = [n.get(qn("w:val")) for n in body.iter(qn("w:numId"))]
    assert set(used) <= defined
    assert {
        n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in nums.iter(qn("w:num"))
    } <= abstracts
    drawing_ids = [
        e.get("id")
        for e in body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    assert len(drawing_ids) == len(set(drawing_ids))
    return {
        "text": [text_of(p) for p in body.iter(qn("w:p"))],
        "styles": [style_id(p) for p in body.iter(qn("w:p"))],
        "links": [
            h.get(qn("w:anchor")) or rels[h.get(qn("r:id"))].target_ref
            for h in body.iter(qn("w:hyperlink"))
        ],
        "notes": [notes[r.get(qn("w:id"))] for r in body.iter(qn("w:footnoteReference"))],
        "lists": len(set(used)),
        "pictures": [
            hashlib.sha256(rels[b.get(qn("r:embed"))].target_part.blob).hexdigest()
            for b in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
        ],
        "bookmarks": bookmarks_in(body),
    }


def test_a_bundle_written_in_pieces_reads_as_one(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inquiry.render.docx as renderer

    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text("utf-8").replace(
            "commentary: Why these words matter to the inquiry.",
            "commentary: |\n  Why[^1] these words matter.\n\n  1. one\n  2. two\n\n"
            "  - a [link](https://example.org/pe)\n\n"
            "  [^1]: A note with [a link](https://example.org/note).\n",
        ),
        "utf-8",
    )
    tm = sample / "evidence/testimonies/TM-003.yaml"
    tm.write_text(
        tm.read_text("utf-8").replace(
            "  - We were told to *discharge* people quickly.",
            "  - |-\n    We were told[^a] to *discharge* people quickly.\n\n    1. first\n\n"
            "    [^a]: Another note.",
        ),
        "utf-8",
    )
    whole = make(sample, tmp_path / "whole", formats=("docx",))
    monkeypatch.setattr(renderer, "PANDOC_PIECE_BYTES", 1)  # every item a pandoc call
    pieces = make(sample, tmp_path / "pieces", formats=("docx",))
    one, many = _reading(whole.docx), _reading(pieces.docx)
    assert many == one
    assert [n.strip() for n in one["notes"]] == ["Another note.", "A note with a link."]
    assert one["lists"] >= 3 and len(one["pictures"]) == 2
    note_rels = members(pieces.docx)["word/_rels/footnotes.xml.rels"].decode()
    assert "https://example.org/note" in note_rels


def test_every_part_of_a_text_and_our_spans_in_a_field_translate() -> None:
    from inquiry.render.docx.translate import Context, inlines, rich
    from inquiry.render.nodes import ItemLink, Link, Mark, PageRange, Pin, Rich, Text, TotalPages
    from inquiry.render.rich import Pin as FieldPin
    from inquiry.render.rich import mark_node, pin_node

    class Numbers:
        def page(self, pin: Pin) -> int:
            return 40 + (pin.page or 0) + 10 * (pin.exhibit or 0)

        def pages(self, item: str) -> tuple[int, int]:
            return (7, 9) if item == "SF-001" else (12, 12)

    ctx = Context(numbers=Numbers(), chart_png=lambda c: b"", own_pages=1234)
    text = Text.of(
        "a  b ",
        Mark("GRO-B"),
        Pin("SF-001", "A1"),
        Pin("SF-001", "A1", page=3),
        Pin("SF-001", "A1", exhibit=2),
        ItemLink("TM-003", "B1 (TM-003)"),
        ItemLink("TM-003", "Exhibit 1", exhibit=1),
        Link("https://example.org/x", "https://example.org/x"),
        PageRange("SF-001"),
        PageRange("TM-003"),
        TotalPages(),
    )
    out = inlines(ctx, text)
    assert out[0] == {"t": "Str", "c": "a b "}
    assert out[1] == {
        "t": "Span",
        "c": [["", [], [["custom-style", "Redaction"]]], [{"t": "Str", "c": "[GRO-B]"}]],
    }
    targets = [n["c"][2][0] for n in out if n["t"] == "Link"]
    assert targets == [
        "#item_SF_001",
        "#item_SF_001",
        "#item_SF_001_x2",
        "#item_TM_003",
        "#item_TM_003_x1",
        "https://example.org/x",
        "#item_SF_001",
        "#item_TM_003",
    ]
    shown = [n["c"][1] for n in out if n["t"] == "Link"]
    # Pinpoints and page ranges are the PDF's numbers as words, worded as the PDF words them.
    assert [shown[i] for i in (0, 1, 2, 6, 7)] == [
        [{"t": "Str", "c": "[A1/40]"}],  # the item's first page
        [{"t": "Str", "c": "[A1/43]"}],  # its third page
        [{"t": "Str", "c": "[A1/60]"}],  # its second exhibit's first page
        [{"t": "Str", "c": "7–9"}],
        [{"t": "Str", "c": "12"}],  # one page: one number, never `12–12`
    ]
    raw = "".join(
        n["c"][1]
        for node in out
        for n in (
            [node] if node["t"] == "RawInline" else node["c"][1] if node["t"] == "Link" else []
        )
        if isinstance(n, dict) and n.get("t") == "RawInline"
    )
    assert "PAGEREF" not in raw
    assert "NUMPAGES" in raw and ">1,234<" in raw  # this document's own count, a field
    field = Rich([{"t": "Para", "c": [mark_node("GRO-B"), pin_node(FieldPin("SF-001", 2))]}])
    (para,) = rich(ctx, field)
    assert para["c"][0]["c"][1] == [{"t": "Str", "c": "[GRO-B]"}]
    assert para["c"][1]["t"] == "Link" and para["c"][1]["c"][2][0] == "#item_SF_001"
    assert para["c"][1]["c"][1][0]["c"].endswith("/42]")  # `[@SF-001, p. 2]`: its 2nd page
    # Without the PDF's layout no number is known: the item alone, as in the HTML, no range.
    bare = Context(numbers=None, chart_png=lambda c: b"", own_pages=3)
    alone = inlines(bare, Text.of(Pin("SF-001", "A1", page=2), PageRange("SF-001")))
    assert alone == [
        {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "[A1]"}], ["#item_SF_001", ""]]}
    ]
