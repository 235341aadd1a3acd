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
