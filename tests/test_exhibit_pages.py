"""Exhibits are cited by their bundle pages: each item's exhibit list gives every exhibit's pages
as pinpoints (`[A1/5]–[A1/7]`, `[A1/8]`) in the PDF, the HTML and the DOCX, and the DOCX's page
standing in for an exhibit says at which PDF pages the bundle reproduces it. Every number is read
back from the outputs and compared with manifest.json's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import pikepdf
import pypdfium2
import pytest
from conftest import make_pdf, write_tree
from docx_helpers import item_text
from test_html import make_edition
from test_pdf import Built, build_pdf, make_sample, needs_poppler, page_numbers, page_text

from inquiry.render import wording

# `Exhibit 1: … (exhibits/report.pdf; 3 pages, [A1/5]–[A1/7]).` → 1, 3, A1, 5, A1, 7
LINE = re.compile(
    r"Exhibit (\d+): [^\n]*?; ([\d,]+) pages?, \[([A-Z]+\d+)/(\d+)\](?:–\[([A-Z]+\d+)/(\d+)\])?\)\."
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    """The sample with a second item holding an exhibit (B1, after A1's two), in all formats."""
    base = tmp_path_factory.mktemp("exhibit-pages")
    root = make_sample(base)
    write_tree(root, {"evidence/exhibits/notes.pdf": make_pdf(2, text="Notes")})
    tm = root / "evidence/testimonies/TM-003.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/notes.pdf, description: The witness's notes}\n",
        encoding="utf-8",
    )
    return build_pdf(root, base / "out", cache=build_cache, formats=("pdf", "docx", "html"))


def with_exhibits(built: Built) -> list[dict[str, Any]]:
    items = [i for i in built.manifest["items"] if i["exhibits"]]
    assert {i["id"] for i in items} == {"SF-001", "TM-003"}
    return items


def pinpoints(number: str, exhibit: dict[str, Any]) -> str:
    first, last = exhibit["first_page"], exhibit["last_page"]
    if first == last:
        return wording.pinpoint(number, first)
    return f"{wording.pinpoint(number, first)}–{wording.pinpoint(number, last)}"


def tail(number: str, exhibit: dict[str, Any]) -> str:
    """How an exhibit's line ends: `; 3 pages, [A1/5]–[A1/7]).`"""
    pages = exhibit["last_page"] - exhibit["first_page"] + 1
    return f"; {wording.plural(pages, 'page')}, {pinpoints(number, exhibit)})."


def own_pages(item: dict[str, Any]) -> range:
    """The item's own pages: from its first to the page before its first exhibit."""
    return range(item["first_page"], item["exhibits"][0]["first_page"])


@needs_poppler
def test_each_item_page_lists_its_exhibits_pages_as_pinpoints(built: Built) -> None:
    for item in with_exhibits(built):
        text = "\n".join(page_text(built.pdf, n, layout=False) for n in own_pages(item))
        found = [
            (int(k), int(pages.replace(",", "")), a, int(first), b or a, int(last or first))
            for k, pages, a, first, b, last in LINE.findall(" ".join(text.split()))
        ]
        n = item["number"]
        assert found == [
            (k, e["last_page"] - e["first_page"] + 1, n, e["first_page"], n, e["last_page"])
            for k, e in enumerate(item["exhibits"], 1)
        ], text
    sf = built.items()["SF-001"]
    report, photo = sf["exhibits"]
    text = " ".join(page_text(built.pdf, sf["first_page"], layout=False).split())
    assert (
        "Exhibit 1: The survey report (exhibits/report.pdf; 3 pages, "
        f"[A1/{report['first_page']}]–[A1/{report['last_page']}])."
    ) in text
    assert (
        "Exhibit 2: A photograph of the infographic (exhibits/photo.png; 1 page, "
        f"[A1/{photo['first_page']}])."
    ) in text


def test_each_exhibit_and_its_pinpoints_link_to_their_pages(built: Built) -> None:
    """The exhibit's name and its first pinpoint lead to its first page; the last pinpoint to
    its last page. Each link is read back with the words under it."""
    pdf = pypdfium2.PdfDocument(str(built.pdf))
    try:
        with pikepdf.open(built.pdf) as doc:
            number_of = page_numbers(doc)
            for item in with_exhibits(built):
                shown: list[tuple[str, int]] = []
                for n in own_pages(item):
                    textpage = pdf[n - 1].get_textpage()
                    for annot in doc.pages[n - 1].obj.get("/Annots", pikepdf.Array()):
                        if "/Dest" not in annot:
                            continue
                        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                        inset = (y1 - y0) / 4  # the words on the link's line, not its neighbours'
                        words = textpage.get_text_bounded(x0, y0 + inset, x1, y1 - inset)
                        shown.append((" ".join(words.split()), number_of[annot.Dest[0].objgen]))
                    textpage.close()
                num = item["number"]
                for k, e in enumerate(item["exhibits"], 1):
                    first, last = e["first_page"], e["last_page"]
                    assert (f"Exhibit {k}", first) in shown, shown
                    assert (wording.pinpoint(num, first), first) in shown, shown
                    assert (wording.pinpoint(num, last), last) in shown, shown
    finally:
        pdf.close()


def test_the_html_gives_the_same_pages_and_links_them_to_the_pdf(built: Built) -> None:
    for item in with_exhibits(built):
        page = built.out / "html" / "items" / f"{item['number']}-{item['id']}.html"
        doc = lxml.html.document_fromstring(page.read_bytes())
        for k, e in enumerate(item["exhibits"], 1):
            entry = doc.get_element_by_id(f"exhibit-{k}")
            words = " ".join(entry.text_content().split())
            assert tail(item["number"], e) in words, words
            pdf = [a.get("href") for a in entry.iter("a") if a.get("class") == "pdf"]
            assert pdf == [
                f"../../bundle.pdf#page={p}"
                for p in dict.fromkeys((e["first_page"], e["last_page"]))
            ]


def test_the_docx_lists_the_pages_and_its_stand_in_names_the_pdf_pages(built: Built) -> None:
    docx = built.out / "bundle.docx"
    for item in with_exhibits(built):
        text = item_text(docx, item["id"])
        for e in item["exhibits"]:
            assert tail(item["number"], e) in text
        where = [wording.pages_phrase(e["first_page"], e["last_page"]) for e in item["exhibits"]]
        if item["id"] == "SF-001":
            assert (
                f"This PDF exhibit (3 pages) is reproduced in full in the PDF bundle at {where[0]}"
                ", after item A1."
            ) in text
            assert (
                "The image is reproduced here and, on a page of its own, in the PDF bundle at "
                f"{where[1]}."
            ) in text
        else:
            assert (
                f"This PDF exhibit (2 pages) is reproduced in full in the PDF bundle at {where[0]}"
                f", after item {item['number']}."
            ) in text


def test_without_a_layout_an_exhibits_pages_name_the_item_alone(
    sample: Path, tmp_path: Path
) -> None:
    """With a layout the HTML shows its pages; without one, one pinpoint naming the item (as
    every pinpoint then does), never `[A1]–[A1]`."""
    paged = make_edition(sample, tmp_path / "paged")
    assert paged.layout is not None
    placed = paged.layout.items["SF-001"]
    (a, z), (photo, _) = placed.exhibits
    assert z == a + 2 and photo == z + 1
    page = paged.page(next(v for v in paged.views.items if v.id == "SF-001"))
    lines = [" ".join(li.text_content().split()) for li in page.xpath("//li[@id]")]
    assert f"Exhibit 1: The survey report (exhibits/report.pdf; 3 pages, [A1/{a}]–[A1/{z}])." in (
        " ".join(lines)
    )
    alone = make_edition(sample, tmp_path / "alone", pages=False)
    page = alone.page(next(v for v in alone.views.items if v.id == "SF-001"))
    lines = [" ".join(li.text_content().split()) for li in page.xpath("//li[@id]")]
    assert lines[0].startswith("Exhibit 1: The survey report (exhibits/report.pdf; 3 pages, [A1]).")
    assert lines[1].startswith(
        "Exhibit 2: A photograph of the infographic (exhibits/photo.png; 1 page, [A1])."
    )
