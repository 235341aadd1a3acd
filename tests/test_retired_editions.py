"""A served number since withdrawn or superseded is found in every edition where it was served.

Lawyers cite a served bundle's numbers and pages. The sample is built in all three formats and
served; an item is added (supplement 1) and served again; then that item and TM-001 (B2) are
withdrawn and TM-003 (B1) reissued (B3, supplement 2). The PDF's, the DOCX's and the HTML's
indexes list B1, B2 and A2 where they were served, with the same words and the served pages;
the HTML keeps a page at each one's old address saying what became of it, and every served page
stays where it was.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import lxml.html
import pikepdf
import pytest
from test_pdf import Built, build_pdf, link_targets, make_sample, page_text

from inquiry.numbering import Retired
from inquiry.render import wording
from inquiry.served import serve

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")
FORMATS = ("pdf", "docx", "html")
LATE = """\
id: SF-990
kind: survey_finding
title: A late finding whose title is what was withdrawn
date: 1990-01
lines_of_inquiry: [LOI-1]
summary: A finding that came to light after the bundle was served.
source: {title: An old survey report, publisher: Example Coalition, published: 1990-01,
  accessed: 2025-07-01}
survey:
  name: An old survey
  conducted_by: Example Coalition
  sample_size: 50
  population: Staff
  fieldwork: {start: 1989-11-01, end: 1989-12-31}
  method: Paper questionnaire
finding: Most asked for fewer targets.
figures:
  - {label: Asked for fewer targets, value: 70, unit: percent, base: 50}
"""
WITHDRAWN_TITLE = "Example testimony — replace with a witness's own words"  # TM-001's


def _build(root: Path, out: Path, cache: Path, **options: Any) -> Built:
    return build_pdf(root, out, cache=cache, formats=FORMATS, **options)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> dict[str, Built]:
    base = tmp_path_factory.mktemp("retired-editions")
    root = make_sample(base)
    first = _build(root, base / "b0", build_cache)
    serve(root, first.out, today=dt.date(2026, 11, 1))
    (root / "evidence/survey_findings/SF-990.yaml").write_text(LATE, encoding="utf-8")
    added = _build(root, base / "b1", build_cache)
    serve(root, added.out, today=dt.date(2026, 11, 2))
    (root / "evidence/testimonies/TM-001.yaml").unlink()
    (root / "evidence/survey_findings/SF-990.yaml").unlink()
    last = _build(root, base / "b2", build_cache, reissue=("TM-003",))
    again = _build(root, base / "b3", build_cache, reissue=("TM-003",))
    return {"first": first, "added": added, "last": last, "again": again}


def _served(story: dict[str, Built]) -> dict[str, tuple[str, int, int]]:
    """Every number served so far (by number): its id and pages."""
    out = {}
    for built in (story["first"], story["added"]):
        for i in built.manifest["items"]:
            out[i["number"]] = (i["id"], i["first_page"], i["last_page"])
    return out


def test_the_story_numbers_what_it_should(story: dict[str, Built]) -> None:
    served = _served(story)
    assert {n: served[n][0] for n in ("A2", "B1", "B2")} == {
        "A2": "SF-990",
        "B1": "TM-003",
        "B2": "TM-001",
    }
    retired = {r["number"]: r for r in story["last"].manifest["retired"]}
    assert {n: (r["state"], r["superseded_by"]) for n, r in retired.items()} == {
        "A2": ("withdrawn", None),
        "B1": ("superseded", "B3"),
        "B2": ("withdrawn", None),
    }
    assert story["last"].items()["TM-003"]["number"] == "B3"


def test_every_served_page_stays_where_it_was_served(story: dict[str, Built]) -> None:
    """Retired rows take the place of their items' rows: the front matter and supplement 1 keep
    their served pages, each kept item its pages, each retired number its own."""
    record = story["last"].root / "served" / "public.json"
    added: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))["manifest"]
    assert added["bundle"]["sha256"] == story["added"].manifest["bundle"]["sha256"]
    last = story["last"].manifest
    assert last["bundle"]["front_pages"] == added["bundle"]["front_pages"]
    # Supplement 1 starts where it did (it is shorter now: no item left, so no lines of inquiry).
    assert last["bundle"]["supplement_pages"][0][0] == added["bundle"]["supplement_pages"][0][0]
    kept = {i["id"]: i for i in last["items"]}
    for item in added["items"]:
        if item["id"] in ("TM-001", "TM-003", "SF-990"):
            assert kept.get(item["id"], {}).get("number") != item["number"]
            continue
        now = kept[item["id"]]
        assert (now["number"], now["first_page"], now["last_page"]) == (
            item["number"],
            item["first_page"],
            item["last_page"],
        )
        assert now["exhibits"] == item["exhibits"]
    assert last["bundle"]["pages"] > added["bundle"]["pages"]
    retired = {r["number"]: (r["first_page"], r["last_page"]) for r in last["retired"]}
    served = _served(story)
    assert retired == {n: served[n][1:] for n in ("A2", "B1", "B2")}


@needs_poppler
def test_served_pages_other_than_the_indexes_and_retired_ones_read_as_before(
    story: dict[str, Built],
) -> None:
    """Only the indexes (re-rendered in place with the retired rows), the retired numbers'
    pages and A1's own page (its pinpoint to TM-003 now names B3) read differently."""
    added, last = story["added"], story["last"]
    bundle = added.manifest["bundle"]
    first, last_page = bundle["supplement_pages"][0]
    allowed = set(range(1, bundle["front_pages"][1] + 1)) | set(range(first, last_page + 1))
    allowed |= {
        p for r in last.manifest["retired"] for p in range(r["first_page"], r["last_page"] + 1)
    }
    allowed.add(added.items()["SF-001"]["first_page"])
    changed = [
        n
        for n in range(1, bundle["pages"] + 1)
        if _flat(page_text(added.pdf, n, layout=False))
        != _flat(page_text(last.pdf, n, layout=False))
    ]
    assert set(changed) <= allowed
    assert set(changed) & allowed, "the indexes and retired pages did change"


@needs_poppler
def test_the_pdf_index_lists_retired_numbers_with_their_pages_linked(
    story: dict[str, Built],
) -> None:
    last = story["last"]
    served = _served(story)
    front = last.manifest["bundle"]["front_pages"][1]
    index = "\n".join(page_text(last.pdf, n) for n in range(1, front + 1))
    rows = _rows(index)
    assert rows["B1"] == ("TM-003", "Superseded by B3", _pages(served["B1"]))
    assert rows["B2"] == ("TM-001", "Withdrawn", _pages(served["B2"]))
    # In page order among the tab's rows, where the served index had them.
    tab_b = index[index.index("Tab B — ") :]
    assert tab_b.index("B1 ") < tab_b.index("B2 ") < tab_b.index("Tab C — ")
    supplement = last.manifest["bundle"]["supplement_pages"]
    one = "\n".join(page_text(last.pdf, n) for n in range(supplement[0][0], supplement[0][1] + 1))
    assert _rows(one)["A2"] == ("SF-990", "Withdrawn", _pages(served["A2"]))
    two = page_text(last.pdf, supplement[1][0])
    assert "B3" in _rows(two) and "B1" not in _rows(two)
    with pikepdf.open(last.pdf) as pdf:
        targets = {t for n in range(1, front + 1) for t in link_targets(pdf, n)}
        assert {served["B1"][1], served["B2"][1]} <= targets
        assert served["A2"][1] in set(link_targets(pdf, supplement[0][0]))
    assert WITHDRAWN_TITLE not in _flat(index)


def _pages(served: tuple[str, int, int]) -> str:
    return wording.page_range(served[1], served[2])


def _flat(text: str) -> str:
    return " ".join(text.split())


def _rows(text: str) -> dict[str, tuple[str, str, str]]:
    """Retired rows of an index page's text (pdftotext -layout): number → (id, words, pages);
    an item's row as (id, "", "")."""
    out: dict[str, tuple[str, str, str]] = {}
    for line in text.splitlines():
        m = re.match(r"\s*([A-Z][0-9]+)\s+([A-Z]{2,5}-[0-9]{3,})\s+(.*?)\s*$", line)
        if not m:
            continue
        retired = re.fullmatch(r"(Withdrawn|Superseded by [A-Z][0-9]+)\s+(\d+(?:–\d+)?)", m[3])
        out[m[1]] = (m[2], retired[1], retired[2]) if retired else (m[2], "", "")
    return out


def _docx_rows(path: Path) -> dict[str, tuple[str, bool]]:
    """Index rows of the DOCX with a retired statement: number → (the row's words, whether it
    links anywhere)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    out = {}
    for row in re.findall(r"<w:tr\b.*?</w:tr>", xml, flags=re.DOTALL):
        cells = [
            "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", cell))
            for cell in re.findall(r"<w:tc>.*?</w:tc>", row, flags=re.DOTALL)
        ]
        if len(cells) == 5 and re.fullmatch(r"Withdrawn|Superseded by \w+", cells[2]):
            out[cells[0]] = (" | ".join(cells), "<w:hyperlink" in row)
    return out


def test_the_docx_index_lists_them_with_the_same_words_and_pages(story: dict[str, Built]) -> None:
    last = story["last"]
    served = _served(story)
    rows = _docx_rows(last.out / "bundle.docx")
    assert rows == {
        "B1": (f"B1 | TM-003 | Superseded by B3 |  | {_pages(served['B1'])}", True),
        "B2": (f"B2 | TM-001 | Withdrawn |  | {_pages(served['B2'])}", False),
        "A2": (f"A2 | SF-990 | Withdrawn |  | {_pages(served['A2'])}", False),
    }
    with zipfile.ZipFile(last.out / "bundle.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert WITHDRAWN_TITLE not in xml.replace("&apos;", "'")
    assert "A late finding whose title is what was withdrawn" not in xml


def _html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def _text(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def test_the_html_index_lists_them_and_links_their_old_addresses(story: dict[str, Built]) -> None:
    last = story["last"]
    served = _served(story)
    index = _html(last.out / "html" / "index.html")
    rows = {tr.xpath("./th")[0].text_content(): tr for tr in index.xpath("//tr[@class='retired']")}
    assert sorted(rows) == ["A2", "B1", "B2"]
    for number, statement in (("B1", "Superseded by B3"), ("B2", "Withdrawn"), ("A2", "Withdrawn")):
        item_id, first, last_page = served[number]
        cells = [_text(td) for td in rows[number].xpath("./td")]
        assert cells == [item_id, statement, "", wording.page_range(first, last_page)]
        hrefs = rows[number].xpath(".//a/@href")
        assert hrefs == [f"items/{number}-{item_id}.html", f"../bundle.pdf#page={first}"]
    # Where the served index had them: B1 and B2 under tab B, A2 in supplement 1.
    tab_b = index.get_element_by_id("tab-B")
    assert [_text(th) for th in tab_b.xpath(".//tbody/tr/th")] == ["B1", "B2"]
    captions = [_text(c) for c in index.xpath("//caption")]
    assert f"{wording.SUPPLEMENTARY}: Tab A — Survey findings" in captions
    assert WITHDRAWN_TITLE not in _text(index)


def test_every_served_html_address_still_answers(story: dict[str, Built]) -> None:
    last = story["last"].out / "html" / "items"
    for built in (story["first"], story["added"]):
        for path in (built.out / "html" / "items").iterdir():
            assert (last / path.name).is_file(), f"{path.name} is gone"
    b3 = story["last"].items()["TM-003"]
    page = _html(last / "B1-TM-003.html")
    assert _text(page.xpath("//h1")[0]) == "B1 Superseded by B3"
    notice = page.xpath("//p[@class='retired-notice']")[0]
    assert (
        _text(notice) == f"Superseded: B1 (TM-003) is replaced by B3, at [B3/{b3['first_page']}]."
    )
    assert notice.xpath(".//a/@href") == [
        "B3-TM-003.html",
        f"../../bundle.pdf#page={b3['first_page']}",
    ]
    served = _served(story)
    for number in ("B2", "A2"):
        item_id, first, _ = served[number]
        page = _html(last / f"{number}-{item_id}.html")
        assert _text(page.xpath("//h1")[0]) == f"{number} Withdrawn"
        notice = page.xpath("//p[@class='retired-notice']")[0]
        assert _text(notice) == wording.withdrawn(number, item_id)
        assert page.xpath("//dd//a/@href") == [f"../../bundle.pdf#page={first}"]
        words = _text(page)
        assert WITHDRAWN_TITLE not in words
        assert "late finding" not in words and "1990" not in words
    # Listed nowhere but the index: no neighbour links to them.
    for path in last.iterdir():
        hrefs = _html(path).xpath("//nav[@class='neighbours']//a/@href")
        assert not {"B1-TM-003.html", "B2-TM-001.html", "A2-SF-990.html"} & set(hrefs)


@needs_poppler
def test_the_same_words_in_every_edition(story: dict[str, Built]) -> None:
    last = story["last"]
    front = last.manifest["bundle"]["front_pages"][1]
    pdf = {
        n: r[1]
        for n, r in _rows("\n".join(page_text(last.pdf, n) for n in range(1, front + 1))).items()
        if r[1]
    }
    docx = {n: row.split(" | ")[2] for n, (row, _) in _docx_rows(last.out / "bundle.docx").items()}
    index = _html(last.out / "html" / "index.html")
    html = {
        tr.xpath("./th")[0].text_content(): _text(tr.xpath("./td")[1])
        for tr in index.xpath("//tr[@class='retired']")
    }
    assert pdf == {"B1": "Superseded by B3", "B2": "Withdrawn"}
    assert {n: docx[n] for n in pdf} == pdf and {n: html[n] for n in pdf} == pdf
    assert docx == html


def test_the_editions_are_the_same_bytes_when_built_again(story: dict[str, Built]) -> None:
    one, two = story["last"].out, story["again"].out
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    differ = [n for n in names if (one / n).read_bytes() != (two / n).read_bytes()]
    assert differ == []


def test_the_old_addresses_pass_the_accessibility_check(story: dict[str, Built]) -> None:
    from test_html import axe, violations

    items = story["last"].out / "html" / "items"
    files = [items / n for n in ("B1-TM-003.html", "B2-TM-001.html", "A2-SF-990.html")]
    files.append(story["last"].out / "html" / "index.html")
    result = axe(files)
    assert all(p["passes"] > 20 for p in result["pages"])  # type: ignore[attr-defined]
    assert list(violations(result)) == []
    narrow = axe(files, width=320)  # WCAG 1.4.10: nothing scrolls sideways at 320 CSS pixels
    assert list(violations(narrow)) == []
    wide = [
        p["file"]
        for p in narrow["pages"]  # type: ignore[attr-defined]
        if p["reflow"]["scrollWidth"] > p["reflow"]["clientWidth"]
    ]
    assert wide == []


def test_successors_follow_reissues_to_the_number_shown() -> None:
    """A1 → A3 → A4 (shown): both name A4; B1 → B2, since withdrawn: B2, whose own row says so;
    a loop a hand edit could make ends."""
    from inquiry.render.retired import successors

    retired = (
        Retired("SF-001", "A1", "A", 2, 2, "superseded", "A3"),
        Retired("SF-001", "A3", "A", 5, 5, "superseded", "A4"),
        Retired("TM-001", "B1", "B", 3, 3, "superseded", "B2"),
        Retired("TM-001", "B2", "B", 4, 4, "withdrawn"),
    )
    assert successors(retired, {"A4"}) == {"A1": "A4", "A3": "A4", "B1": "B2"}
    loop = (
        Retired("ST-001", "C1", "C", 6, 6, "superseded", "C2"),
        Retired("ST-001", "C2", "C", 7, 7, "superseded", "C1"),
    )
    assert set(successors(loop, set())) == {"C1", "C2"}


def test_a_tab_without_a_title_is_named_by_its_letter() -> None:
    assert wording.tab_heading("B", "") == "Tab B"
    assert wording.tab_heading("B", "Testimonies") == "Tab B — Testimonies"
    assert wording.superseded_by("B7") == "Superseded by B7"
    before, between, after = wording.superseded_parts("B4", "TM-001")
    assert f"{before}B7{between}page 212{after}" == wording.superseded("B4", "TM-001", "B7", 212)
