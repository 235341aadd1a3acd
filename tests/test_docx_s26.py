"""DOCX defects found by the editions red team (stop 26): pinpoints into exhibits, the index's
title cell, testimony paragraphs that start with a block, the extended properties and the
language tags.

One build (PDF and DOCX) of a small submission serves every test: a testimony with two PDF
exhibits whose paragraphs start with blocks, cited page by page from a policy extract, in a
submission whose language is not the reference document's.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import conftest
import pytest
from docx.oxml.ns import qn
from docx_helpers import (
    Built,
    W,
    document,
    item_blocks,
    make,
    style_id,
    text_of,
)

LANGUAGE = "en-IE"
PAGES_CITED = range(1, 8)  # the testimony's own page(s), its exhibits' and past its last

TESTIMONY = """
id: TM-001
kind: testimony
title: A testimony with exhibits whose paragraphs start with blocks
date: 2025-05
lines_of_inquiry: [LOI-1]
summary: Paragraphs that open with a table, a heading, a list and a definition list.
source: {title: Interview notes, author: W-01, accessed: 2025-07-01}
witness: {reference: W-01, role: Nurse}
consent: {publication: public, basis: Published by the author on a public forum}
paragraphs:
  - I worked at the clinic for six years.
  - "| Year | Target |\\n|---|---|\\n| 2019 | 50% |"
  - "### Targets\\n\\nThe targets began that year."
  - "2019. That year the targets began."
  - "- first point\\n- second point"
  - "Term\\n: its definition"
  - "Text first.\\n\\n| A | B |\\n|---|---|\\n| 1 | 2 |"
statement_of_truth: true
exhibits:
  - {file: exhibits/letter.pdf, description: A letter}
  - {file: exhibits/rota.pdf, description: A rota}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("s26")
    from inquiry.scaffold import init

    root = base / "submission"
    init(root)
    cites = "; ".join(f"[@TM-001, p. {n}]" for n in PAGES_CITED)
    conftest.write_tree(
        root,
        {
            "evidence/exhibits/letter.pdf": conftest.make_pdf(1, text="Letter"),
            "evidence/exhibits/rota.pdf": conftest.make_pdf(3, text="Rota"),
            "evidence/testimonies/TM-001.yaml": TESTIMONY,
        },
    )
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    text = re.sub(r"(?m)^summary:.*(\n  .*)*", f'summary: "Cited: {cites}."', pe.read_text("utf-8"))
    pe.write_text(text, "utf-8")
    sub = root / "evidence/submission.yaml"
    sub.write_text(
        re.sub(r"(?m)^language: \S+", f"language: {LANGUAGE}", sub.read_text("utf-8")), "utf-8"
    )
    return make(root, base / "out")


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def anchor(link: Any) -> str:
    return str(link.get(qn("w:anchor")))


# 1. Pinpoints into exhibits ----------------------------------------------------------------


def test_a_pinpoint_to_a_page_of_an_exhibit_links_to_that_exhibits_page(built: Built) -> None:
    placed = built.placed()["TM-001"]
    exhibits = [(x["first_page"], x["last_page"]) for x in placed["exhibits"]]
    assert len(exhibits) == 2 and exhibits[1][1] - exhibits[1][0] == 2

    def expected(page: int) -> str:
        for k, (first, last) in enumerate(exhibits, 1):
            if first <= page <= last:
                return f"item_TM_001_x{k}"
        return "item_TM_001"

    summary = next(p for p in item_blocks(built.docx)["PE-001"] if "Cited:" in text_of(p))
    links = summary.findall(f".//{W}hyperlink")
    assert len(links) == len(PAGES_CITED)
    found = []
    for link in links:
        page = int(re.fullmatch(r"\[B1/(\d+)\]", text_of(link))[1])  # type: ignore[index]
        found.append(anchor(link))
        assert anchor(link) == expected(page), text_of(link)
    # The item's own first page, a page of each exhibit, and past the last (its last page).
    assert found[0] == "item_TM_001"
    assert {"item_TM_001_x1", "item_TM_001_x2"} <= set(found)
    assert found[-1] == "item_TM_001_x2"


def test_pins_translate_to_the_exhibit_a_page_falls_in() -> None:
    from inquiry.render.docx.translate import Context, inlines
    from inquiry.render.nodes import Pin, Text

    class Numbers:
        def page(self, pin: Pin) -> int:
            return 10 + (pin.page or 1) - 1

        def pages(self, item: str) -> tuple[int, int]:
            return 10, 15

    ctx = Context(
        numbers=Numbers(),
        chart_png=lambda c: b"",
        own_pages=1,
        exhibit_pages={"TM-001": [(12, 12), (13, 15)]},
    )
    pins = [Pin("TM-001", "B1", page=n) for n in (1, 2, 3, 4, 6)]
    pins += [Pin("TM-001", "B1"), Pin("TM-001", "B1", exhibit=1), Pin("SF-001", "A1", page=3)]
    out = inlines(ctx, Text.of(*pins))
    assert [n["c"][2][0] for n in out] == [
        "#item_TM_001",
        "#item_TM_001",
        "#item_TM_001_x1",
        "#item_TM_001_x2",
        "#item_TM_001_x2",
        "#item_TM_001",  # the item's first page: its heading, whatever page it is
        "#item_TM_001_x1",
        "#item_SF_001",  # no exhibits known for it
    ]


# 2. The index's title cell -----------------------------------------------------------------


def test_every_index_row_links_its_number_title_and_pages_to_the_item(built: Built) -> None:
    table = document(built.docx).tables[0]
    rows = [r for r in table.rows[1:] if r.cells[1].text in built.placed()]
    assert [r.cells[1].text for r in rows] == [v.id for v in built.views.items]
    for row, view in zip(rows, built.views.items, strict=True):
        name = f"item_{view.id.replace('-', '_')}"
        for k in (0, 2, 6):  # number, title, pages
            links = row.cells[k]._tc.findall(f".//{W}hyperlink")
            assert [anchor(h) for h in links] == [name], (view.id, k)
        title = row.cells[2]._tc.find(f".//{W}hyperlink")
        assert text_of(title) == view.title.plain()


# 4. The extended properties ----------------------------------------------------------------


def test_extended_properties_name_inquiry_and_claim_no_statistics(built: Built) -> None:
    from lxml import etree

    app = etree.fromstring(part(built.docx, "docProps/app.xml").encode())
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    found = {str(child.tag).removeprefix(ns): child.text for child in app}
    assert found == {"Application": "inquiry", "DocSecurity": "0"}
    assert "docProps/app.xml" in part(built.docx, "_rels/.rels")
    document(built.docx)  # still a package python-docx reads


# 5. The language ---------------------------------------------------------------------------


def test_every_language_tag_is_the_submissions(built: Built) -> None:
    assert built.views.front.language == LANGUAGE
    styles = part(built.docx, "word/styles.xml")
    tags = re.findall(r"<w:lang ([^>]*?)/?>", styles)
    assert tags  # the document defaults' at least
    for attrs in tags:
        found = dict(re.findall(r'w:(\w+)="([^"]*)"', attrs))
        assert found == {"val": LANGUAGE, "eastAsia": LANGUAGE, "bidi": LANGUAGE}, attrs
    assert f'<w:themeFontLang w:val="{LANGUAGE}"/>' in part(built.docx, "word/settings.xml")
    with zipfile.ZipFile(built.docx) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                text = z.read(name).decode("utf-8")
                assert not re.search(r"\b(en-GB|en-US|ar-SA)\b", text), name


# 3. Testimony paragraphs that start with a block --------------------------------------------

FIRST_LINES = {  # each paragraph's number and the first words beside it
    1: "I worked at the clinic",
    2: "Year",
    3: "Targets",
    4: "2019.",
    5: "first point",
    6: "Term",
    7: "Text first.",
}


def statement(built: Built) -> list[Any]:
    """The testimony's body elements from its first numbered paragraph to the next heading."""
    blocks = item_blocks(built.docx)["TM-001"]
    start = next(i for i, e in enumerate(blocks) if style_id(e) == "WitnessParagraph")
    end = next(i for i, e in enumerate(blocks) if i > start and style_id(e) == "Heading3")
    return blocks[start:end]


def number_of(element: Any) -> str:
    found = element.findall(f".//{W}r/{W}rPr/{W}rStyle[@{W}val='ParagraphNumber']/../..")
    return "".join(text_of(r) for r in found)


def test_no_paragraph_number_stands_alone_outside_its_paragraphs_indent(built: Built) -> None:
    """A paragraph of text hangs its number before its first line; the paragraphs holding other
    blocks sit in one borderless table, number beside their first block."""
    first, table = statement(built)  # nothing else: every block is inside the table
    assert style_id(first) == "WitnessParagraph"
    assert text_of(first) == "1.\tI worked at the clinic for six years."
    assert table.tag == f"{W}tbl"
    rows = table.findall(f"{W}tr")
    assert len(rows) == 6
    words = {**FIRST_LINES, 4: "That year"}  # a list's own number is Word's numbering
    for n, row in enumerate(rows, 2):
        number, content = row.findall(f"{W}tc")
        (p,) = number.findall(f"{W}p")
        assert style_id(p) == "WitnessParagraph" and text_of(p) == f"{n}."
        assert number_of(content) == ""  # the number is beside the block, not in it
        assert text_of(content).startswith(words[n]), n
    kinds = [[c.tag.split("}")[1] for c in row.findall(f"{W}tc")[1]][1:] for row in rows]
    assert kinds[0] == ["tbl", "p"]  # a table first (a cell ends with a paragraph)
    assert style_id(rows[1].findall(f"{W}tc")[1].find(f"{W}p")) == "Heading4"
    assert rows[3].find(f".//{W}numPr") is not None  # the list, a Word list
    assert kinds[5] == ["p", "tbl", "p"]  # text, then its table, beside one number


def test_the_numbers_table_looks_like_the_paragraphs_around_it(built: Built) -> None:
    from inquiry.render.docx.styles import TEXT_WIDTH, WITNESS_INDENT

    (table,) = [e for e in statement(built) if e.tag == f"{W}tbl"]
    props = table.find(f"{W}tblPr")
    borders = props.find(f"{W}tblBorders")
    assert {b.get(qn("w:val")) for b in borders} == {"nil"} and len(borders) == 6
    assert {m.get(qn("w:w")) for m in props.find(f"{W}tblCellMar")} == {"0"}
    widths = [int(c.get(qn("w:w"))) for c in table.find(f"{W}tblGrid")]
    assert widths == [WITNESS_INDENT, TEXT_WIDTH - WITNESS_INDENT]
    for row in table.findall(f"{W}tr"):
        # Rows break across pages, and none repeats as a header.
        assert row.find(f"{W}trPr/{W}cantSplit") is None
        assert row.find(f"{W}trPr/{W}tblHeader") is None
        content = row.findall(f"{W}tc")[1]
        for p in content.findall(f"{W}p"):
            if style_id(p) == "WitnessContinuation":  # as far in as the number's column
                assert p.find(f"{W}pPr/{W}ind").get(qn("w:left")) == "0"
            assert p.find(f"{W}pPr/{W}jc") is None  # justified as the style says
    # The tables inside keep their own header row and borders.
    inner = [t for t in table.iter(f"{W}tbl") if t is not table]
    assert len(inner) == 2
    assert all(t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None for t in inner)
    assert all(t.find(f"{W}tblPr/{W}tblBorders") is None for t in inner)


def test_libreoffice_prints_each_number_beside_its_paragraphs_first_line(
    built: Built, tmp_path: Path
) -> None:
    import test_docx_libreoffice as lo

    if not (lo.SOFFICE and lo.PDFTOTEXT):
        pytest.skip("LibreOffice (soffice) and pdftotext are needed")
    text = "\n".join(lo.to_pdf_pages(built.docx, tmp_path))
    for n, words in FIRST_LINES.items():
        # On one printed line (a bullet, where pdftotext gives one, between them).
        found = re.search(rf"(?m)^[ \t]*{n}\.[ \t]+(?:\W[ \t]+)?{re.escape(words)}", text)
        assert found, (n, text)


def test_a_second_build_gives_the_same_bytes(built: Built, tmp_path: Path) -> None:
    again = make(built.root, tmp_path / "again")
    assert again.docx.read_bytes() == built.docx.read_bytes()


def test_a_paragraph_of_text_or_lines_hangs_its_number_before_its_first_line() -> None:
    from inquiry.markdown import parse_many
    from inquiry.render.docx.translate import Context, block
    from inquiry.render.nodes import NumberedParagraphs, Rich

    texts = ["Plain words.", "| first line\n| second line", "Words.\n\n- a list after", "Last."]
    paragraphs = tuple(Rich(blocks, key=str(i)) for i, blocks in enumerate(parse_many(texts)))
    ctx = Context(numbers=None, chart_png=lambda c: b"", own_pages=1)
    out = block(ctx, NumberedParagraphs(paragraphs))
    styles = [n["c"][0][2][0][1] if n["t"] == "Div" else n["t"] for n in out]
    assert styles == ["Witness Paragraph", "Witness Paragraph", "Table", "Witness Paragraph"]
    lines = out[1]["c"][1][0]["c"]  # the number, a tab, then the lines with a break between
    assert lines[0]["c"][1] == [{"t": "Str", "c": "2."}]
    assert [n["t"] for n in lines[2:]] == ["Str", "LineBreak", "Str"]
    assert [lines[2]["c"], lines[4]["c"]] == ["first line", "second line"]
