"""The HTML edition: structure, content and redaction read back from the pages, and a real
browser's accessibility check (axe-core in headless Chromium) over every page."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from conftest import write_tree

from inquiry import markdown, numbering
from inquiry.exhibits.files import read_exhibit, resolve
from inquiry.exhibits.prepare import Options, prepare
from inquiry.render import wording
from inquiry.render.html import render_html
from inquiry.render.html.fields import field
from inquiry.render.html.site import Ids, Site
from inquiry.render.nodes import Facts, ItemView, Pin, Rich, Text
from inquiry.render.pdf.layout import Layout, Pieces, compute
from inquiry.render.pdf.stamps import STRIP
from inquiry.render.richtext import render
from inquiry.render.view import ExhibitFacts, Views, views
from inquiry.validate import validate

REPO = Path(__file__).resolve().parents[1]
A11Y = Path(__file__).resolve().parent / "a11y"
EPOCH = 1_700_000_000


@dataclass
class Edition:
    views: Views
    layout: Layout | None
    dest: Path
    paths: list[Path]
    sources: dict[tuple[str, int], Path]

    def page(self, view: ItemView) -> lxml.html.HtmlElement:
        return parse(self.dest / "items" / f"{view.number}-{view.id}.html")

    def index(self) -> lxml.html.HtmlElement:
        return parse(self.dest / "index.html")

    def html_files(self) -> list[Path]:
        return sorted(self.dest.rglob("*.html"))


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_bytes())


def words(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def make_edition(
    root: Path,
    out: Path,
    *,
    audience: str = "public",
    drafts: bool = False,
    pages: bool = True,
    pdf_name: str | None = "bundle.pdf",
) -> Edition:
    """Views of `root` as the build makes them, a layout from page counts (each item's own text
    one or two pages, exhibits as prepared), and the edition written under `out/html`."""
    corpus, report = validate(root)
    assert report.valid(), report.problems
    plan = numbering.plan(corpus, audience=audience, include_drafts=drafts)  # type: ignore[arg-type]
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    facts: dict[tuple[str, int], ExhibitFacts] = {}
    sources: dict[tuple[str, int], Path] = {}
    for n in plan.items:
        for k, e in enumerate(n.item.exhibits, 1):
            path = resolve(root, e.file)
            assert isinstance(path, Path)
            ready = prepare(read_exhibit(path), strip=Options(STRIP, ocr="never"))
            sources[(n.item.id, k)] = work / f"{n.item.id}-{k}.pdf"
            sources[(n.item.id, k)].write_bytes(ready.pdf)
            facts[(n.item.id, k)] = ExhibitFacts(ready.kind, len(ready.sizes), ready.sha256)
    made = views(plan, exhibits=facts, commit="0123abc", parse=markdown.parse_many)
    assert not made.problems
    layout = None
    if pages:
        order = [(v.id, v.number) for v in made.items]
        counts = {
            v.id: Pieces(
                1 + int(v.id[-1]) % 2, tuple(facts[(v.id, e.index)].pages for e in v.exhibits)
            )
            for v in made.items
        }
        layout = compute(3, order, counts)
    dest = out / "html"
    paths = render_html(
        made, dest=dest, epoch=EPOCH, exhibits=sources, layout=layout, pdf_name=pdf_name
    )
    return Edition(made, layout, dest, paths, sources)


@pytest.fixture
def edition(sample: Path, tmp_path: Path) -> Edition:
    return make_edition(sample, tmp_path / "out")


@pytest.fixture(scope="module")
def repo_edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    return make_edition(REPO, tmp_path_factory.mktemp("repo"))


# ------------------------------------------------------------------------------ structure


def test_every_item_has_its_page_and_the_index_links_each(edition: Edition) -> None:
    v = edition.views
    expected = {edition.dest / "index.html", edition.dest / "style.css"}
    expected |= {edition.dest / "items" / f"{i.number}-{i.id}.html" for i in v.items}
    expected |= {
        edition.dest / "exhibits" / f"{i.number}-{e.index}.pdf" for i in v.items for e in i.exhibits
    }
    assert set(edition.paths) == expected
    assert edition.paths == sorted(edition.paths)
    index = edition.index()
    links = [a.get("href") for a in index.iterfind(".//main//table[@class='data index']//a")]
    for item in v.items:
        assert f"items/{item.number}-{item.id}.html" in links
    rows = index.xpath("//table[contains(@class, 'index')]/tbody/tr")
    assert [r[0].text for r in rows] == [i.number for i in v.items]
    assert [words(r[2]) for r in rows] == [i.title.plain() for i in v.items]


@pytest.mark.parametrize("which", ["sample", "repo"])
def test_pages_have_lang_landmarks_and_headings_in_order(
    which: str, edition: Edition, repo_edition: Edition
) -> None:
    ed = edition if which == "sample" else repo_edition
    for path in ed.html_files():
        doc = parse(path)
        assert doc.get("lang") == ed.views.front.language == "en-GB"
        body = doc.find("body")
        assert body is not None
        skip = body[0]
        assert skip.tag == "a" and skip.get("href") == "#content", path
        assert len(doc.xpath("//main[@id='content']")) == 1
        assert doc.xpath("//header//nav") and doc.xpath("//footer")
        levels = [int(str(h.tag)[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)
        ids = [e.get("id") for e in doc.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), path
        for table in doc.iter("table"):
            assert table.find("caption") is not None
            assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))


def test_item_pages_show_the_views_labels_and_values(repo_edition: Edition) -> None:
    ed = repo_edition
    assert ed.layout is not None
    for view in ed.views.items:
        doc = ed.page(view)
        main = doc.find(".//main")
        assert main is not None
        text = words(main)
        h1 = doc.find(".//h1")
        assert h1 is not None and words(h1) == f"{view.number} {view.title.plain()}"
        assert doc.findtext(".//title") == f"{view.number} {view.id}: {view.title.plain()}"
        titles = [s.title for s in view.sections if s.title]
        assert [words(h) for h in main.iter("h2")] == titles
        for fact in view.head:
            assert f"{fact.label} {fact.value.plain()}" in text
        for section in view.sections:
            for block in section.blocks:
                if isinstance(block, Facts):
                    for fact in block.rows:
                        assert " ".join(f"{fact.label} {fact.value.plain()}".split()) in text
        first, last = ed.layout.pages(view.id)
        assert f"{words_pages(first, last)}" in text
        for pin in view.pins:
            assert wording.pinpoint(pin.number, ed.layout.page(pin)) in text


def words_pages(first: int, last: int) -> str:
    return f"Pages in the PDF bundle {wording.page_range(first, last)}"


def test_front_page_shows_cover_index_and_lines_of_inquiry(repo_edition: Edition) -> None:
    ed = repo_edition
    assert ed.layout is not None
    front = ed.views.front
    doc = ed.index()
    h1 = doc.find(".//h1")
    assert h1 is not None and words(h1) == front.title
    assert [words(h) for h in doc.iter("h2")] == [wording.INDEX, wording.LINES_OF_INQUIRY]
    facts = {words(d[0]): words(d[1]) for d in doc.xpath("//dl[contains(@class,'cover')]/div")}
    n = len(ed.views.items)
    assert (
        facts["Contents"]
        == f"{n} evidence items in {len(front.index)} tabs; {ed.layout.count} pages"
    )
    assert facts["Built from commit"] == "0123abc"
    captions = [words(c) for c in doc.xpath("//table[contains(@class,'index')]/caption")]
    assert captions == [f"Tab {s.tab} — {s.title}" for s in front.index]
    head = [words(th) for th in doc.xpath("(//table[contains(@class,'index')])[1]/thead//th")]
    assert head == list(wording.INDEX_COLUMNS)
    loi = doc.xpath("//table[contains(@class,'loi')]/tbody/tr")
    assert len(loi) == len(front.lines_of_inquiry)
    for row, line in zip(loi, front.lines_of_inquiry, strict=True):
        shown = [words(p) for p in row.xpath(".//span[@class='pin']")]
        assert shown == [wording.pinpoint(p.number, ed.layout.page(p)) for p in line.pins]
        assert words(row[1]) == f"{line.title.plain()}{line.question.plain()}"


def test_pinpoints_link_to_the_item_page_and_to_the_pdf_page(edition: Edition) -> None:
    ed = edition
    assert ed.layout is not None
    sf = next(v for v in ed.views.items if v.id == "SF-001")
    doc = ed.page(sf)
    # Exhibit 2's words link where the PDF's do, to its first page of the PDF (no page number
    # in an item's text: the PDF shows none there either), never to the entry they stand in.
    entry = doc.get_element_by_id("exhibit-2")
    link = entry.find("a")
    assert link is not None and words(link) == "Exhibit 2"
    assert link.get("href") == f"../../bundle.pdf#page={ed.layout.items['SF-001'].exhibits[1][0]}"
    assert not [a for a in doc.iter("a") if a.get("href", "").endswith("#exhibit-2")]
    file_link = entry.find(".//a[@class='file']")
    assert file_link is not None and file_link.get("href") == f"../exhibits/{sf.number}-2.pdf"
    # The index links each page range to the PDF.
    index = ed.index()
    first, last = ed.layout.pages("SF-001")
    cell = index.xpath("//table[contains(@class,'index')]//tr[th='A1']/td[@class='num']/a")[0]
    assert cell.get("href") == f"../bundle.pdf#page={first}"
    assert cell.text == wording.page_range(first, last)


@pytest.mark.parametrize(("language", "direction"), [("he-IL", "rtl"), ("AR", "rtl"), ("cy", None)])
def test_a_right_to_left_language_runs_right_to_left_as_in_the_pdf(
    sample: Path, tmp_path: Path, language: str, direction: str | None
) -> None:
    path = sample / "evidence/submission.yaml"
    text = re.sub(r"(?m)^language: .*$", f"language: {language}", path.read_text(encoding="utf-8"))
    assert f"language: {language}" in text
    path.write_text(text, encoding="utf-8")
    ed = make_edition(sample, tmp_path)
    for page in ed.html_files():
        doc = parse(page)
        assert (doc.get("lang"), doc.get("dir")) == (language, direction), page


def test_without_a_pdf_pinpoints_link_to_items_only(sample: Path, tmp_path: Path) -> None:
    ed = make_edition(sample, tmp_path, pdf_name=None)
    for path in ed.html_files():
        assert "bundle.pdf" not in path.read_text(encoding="utf-8")
    doc = ed.index()
    pins = doc.xpath("//span[@class='pin']")
    assert pins and all(len(p.findall("a")) == 1 for p in pins)


def test_without_a_layout_pinpoints_name_the_item_alone(sample: Path, tmp_path: Path) -> None:
    ed = make_edition(sample, tmp_path, pages=False)
    doc = ed.index()
    shown = [words(p) for p in doc.xpath("//span[@class='pin']")]
    assert shown and all(re.fullmatch(r"\[[A-Z]\d+\]", s) for s in shown)
    head = [words(th) for th in doc.xpath("(//table[contains(@class,'index')])[1]/thead//th")]
    assert head == list(wording.INDEX_COLUMNS[:-1])
    facts = {words(d[0]): words(d[1]) for d in doc.xpath("//dl[contains(@class,'cover')]/div")}
    assert facts["Contents"] == "5 evidence items in 4 tabs"
    for path in ed.html_files():
        assert "#page=" not in path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ safety


def test_redacted_strings_are_absent_and_marked(edition: Edition) -> None:
    tm = next(v for v in edition.views.items if v.id == "TM-003")
    marks = [words(s) for s in edition.page(tm).iter("span") if s.get("class") == "redacted"]
    assert marks == ["[REDACTED]"]
    for path in edition.dest.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"Jane Placeholder", b"Placeholder", b"RESTRICTEDWORDS", b"ST-002"):
                assert secret not in data, (path, secret)
    # The restricted testimony and the draft are left out, their ids too.
    assert not list(edition.dest.rglob("*TM-002*")) and not list(edition.dest.rglob("*ST-002*"))


def test_no_scripts_and_nothing_from_other_hosts(edition: Edition, repo_edition: Edition) -> None:
    for ed in (edition, repo_edition):
        for path in ed.html_files():
            text = path.read_text(encoding="utf-8")
            assert "<script" not in text.lower()
            doc = lxml.html.document_fromstring(text)
            for node in doc.iter():
                if not isinstance(node.tag, str):
                    continue
                assert not any(a.lower().startswith("on") for a in node.attrib), path
                assert node.tag not in ("img", "iframe", "object", "embed", "video", "base")
                for attr in ("src", "srcset", "data", "poster"):
                    assert node.get(attr) is None
                if node.tag == "link":
                    assert not re.match(r"(?i)(https?:)?//", node.get("href", ""))
                href = node.get("href", "")
                assert not href.lower().startswith(("javascript:", "data:", "file:", "//"))
                for name, value in node.attrib.items():
                    if "://" in value:  # only a link the reader follows may name another host
                        assert (node.tag, name) == ("a", "href"), (path, node.tag, name)
    css = (edition.dest / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert "@media print" in css and ":focus-visible" in css


def test_exhibits_are_copied_under_their_numbers_as_tagged_pdfs(edition: Edition) -> None:
    """Each exhibit is the prepared one (the same pages, drawn the same) made a tagged PDF of
    its own: every page a figure saying which exhibit and page it is, with a title and the
    bundle's language, so a screen reader following the item page's link hears what it is."""
    import pikepdf

    sf = next(v for v in edition.views.items if v.id == "SF-001")
    names = sorted(p.name for p in (edition.dest / "exhibits").iterdir())
    assert names == [f"{sf.number}-1.pdf", f"{sf.number}-2.pdf"]
    for k, e in zip((1, 2), sf.exhibits, strict=True):
        copied = edition.dest / "exhibits" / f"{sf.number}-{k}.pdf"
        with pikepdf.open(copied) as pdf, pikepdf.open(edition.sources[("SF-001", k)]) as src:
            assert len(pdf.pages) == len(src.pages)
            for page, original in zip(pdf.pages, src.pages, strict=True):
                assert page.mediabox == original.mediabox
                drawn = b"".join(c.read_bytes() for c in page.obj.Contents)
                assert original.obj.Contents.read_bytes() in drawn
                assert drawn.startswith(b"/Figure <</MCID 0>> BDC")
            assert pdf.Root.MarkInfo.Marked is True
            assert str(pdf.Root.Lang) == edition.views.front.language
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            label = f"Exhibit {k} of {sf.number} (SF-001)"
            assert str(pdf.docinfo.Title) == f"{label}: {e.description.plain()}"
            figures = pdf.Root.StructTreeRoot.K[0].K
            n = len(pdf.pages)
            assert [str(f.S) for f in figures] == ["/Figure"] * n
            alts = [str(f.Alt) for f in figures]
            where = [f", page {p} of {n}" if n > 1 else "" for p in range(1, n + 1)]
            assert alts == [f"{label}{w}: {e.description.plain()}" for w in where]
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            for p, page in enumerate(pdf.pages):
                assert nums[2 * p + 1][0] == figures[p]
                assert int(page.obj.StructParents) == int(nums[2 * p])


def test_output_is_byte_for_byte_reproducible(sample: Path, tmp_path: Path) -> None:
    one = make_edition(sample, tmp_path / "one")
    two = make_edition(sample, tmp_path / "two")
    rel = [p.relative_to(one.dest) for p in one.paths]
    assert rel == [p.relative_to(two.dest) for p in two.paths]
    for r in rel:
        assert (one.dest / r).read_bytes() == (two.dest / r).read_bytes(), r
        assert int((one.dest / r).stat().st_mtime) == EPOCH


def test_restricted_edition_with_drafts_is_marked(sample: Path, tmp_path: Path) -> None:
    ed = make_edition(sample, tmp_path, audience="restricted", drafts=True)
    for path in ed.html_files():
        banner = parse(path).xpath("//header/p[@class='banner']")
        assert [words(b) for b in banner] == [wording.RESTRICTED_BANNER]
        # Said first in every title too, which a screen reader reads on arrival (h158).
        assert (parse(path).findtext(".//title") or "").startswith("RESTRICTED · "), path
    doc = ed.index()
    assert wording.DRAFT_NOTE in words(doc)
    draft = next(v for v in ed.views.items if v.id == "ST-002")
    assert draft.draft
    row = doc.xpath(f"//tr[th='{draft.number}']")[0]
    assert row.xpath(".//strong[@class='draft']")
    assert ed.page(draft).xpath("//main//strong[@class='draft']")
    assert (
        ed.page(draft).findtext(".//title")
        == f"RESTRICTED · DRAFT · {draft.number} ST-002: A draft statistic"
    )
    restricted = next(v for v in ed.views.items if v.id == "TM-002")
    assert "RESTRICTEDWORDS" in words(ed.page(restricted))


# ------------------------------------------------------------------------------ Markdown fields


RICH_PARAGRAPHS = """\
  - |
    ## A heading

    #### A deeper one

    Jane Placeholder said so[^1], see [@SF-001, p. 2] and [@SF-001].

    [^1]: A note naming Jane Placeholder.
  - |
    A second note[^2], a [link](https://example.org/a?b=1&c=2), `code <b>`, *emphasis*,
    **strong**, ~~struck~~, H~2~O and x^2^.

    > A quotation
    > over two lines.

    1. one
    2. two
       - nested

    | Column | Value |
    |--------|------:|
    | a      |     1 |

    ```
    <script>verbatim</script>
    ```

    Term
    : Its definition.

    [^2]: Numbered on from the first paragraph's note.
"""
HOSTILE_TITLE = 'A title with <b>markup</b> & "quotes" </title><script>x</script>'


def enrich(sample: Path) -> Path:
    """Give the sample a testimony whose paragraphs use most of Markdown, and a hostile title."""
    tm = sample / "evidence/testimonies/TM-003.yaml"
    text = tm.read_text(encoding="utf-8")
    text = text.replace("  - We were told", RICH_PARAGRAPHS + "  - We were told")
    text = text.replace(
        "title: A public testimony with a redaction", f"title: {json.dumps(HOSTILE_TITLE)}"
    )
    tm.write_text(text, encoding="utf-8")
    return sample


def test_markdown_fields_keep_notes_and_outline_and_link_references(
    sample: Path, tmp_path: Path
) -> None:
    ed = make_edition(enrich(sample), tmp_path)
    assert ed.layout is not None
    view = next(v for v in ed.views.items if v.id == "TM-003")
    doc = ed.page(view)
    statement = doc.xpath("//section[h2='Statement']")[0]
    assert [(h.tag, words(h)) for h in statement.iter("h3", "h4", "h5")] == [
        ("h3", "A heading"),
        ("h4", "A deeper one"),
    ]
    refs = [words(a) for a in statement.xpath(".//a[contains(@class,'footnote-ref')]")]
    assert refs == ["1", "2"]  # numbered across the item's fields, as in the PDF
    backs = statement.xpath(".//a[contains(@class,'footnote-back')]/@aria-label")
    assert backs == ["Back to reference 1", "Back to reference 2"]
    notes = statement.xpath(".//aside[contains(@class,'footnotes')]")
    assert len(notes) == 2
    assert "[REDACTED]" in words(notes[0]) and "Placeholder" not in words(notes[0])
    for a in statement.xpath(".//a[starts-with(@href,'#')]"):
        assert doc.get_element_by_id(a.get("href")[1:]) is not None
    sf = next(v for v in ed.views.items if v.id == "SF-001")
    page2 = ed.layout.page(Pin("SF-001", sf.number, page=2))
    shown = [words(p) for p in statement.xpath(".//span[@class='pin']")]
    assert shown == [f"[{sf.number}/{page2}]", f"[{sf.number}/{ed.layout.pages('SF-001')[0]}]"]
    assert statement.xpath(f".//span[@class='pin']/a[@href='../../bundle.pdf#page={page2}']")
    assert [words(th) for th in statement.xpath(".//table//th")] == ["Column", "Value"]
    assert statement.xpath(".//table//th[@scope='col']")
    assert statement.xpath(".//blockquote") and statement.xpath(".//ol//ul")
    assert words(statement.xpath(".//pre")[0]) == "<script>verbatim</script>"
    # A title is text, whatever it holds.
    h1 = doc.find(".//h1/span[@class='title']")
    assert h1 is not None and words(h1) == HOSTILE_TITLE and not h1.findall(".//b")
    assert doc.findtext(".//title") == f"{view.number} {view.id}: {HOSTILE_TITLE}"
    assert not doc.xpath("//script")


NOTED_TESTIMONY = """\
summary: |
  Names a colleague, who is redacted.[^1]

  [^1]: Summary note.
source: {title: Forum post, author: W-03, accessed: 2025-04-11}
witness: {reference: W-03, role: High-intensity therapist}
consent: {publication: public, basis: Published by the author on a public forum}
paragraphs:
  - |
    My manager set the targets.[^1] Every week.[^2]

    [^1]: First paragraph, first note.

    [^2]: First paragraph, second note.
  - |
    We were told to discharge people quickly.[^x]

    [^x]: Second paragraph, its note.
"""


def test_footnotes_are_numbered_across_the_item_with_unique_ids(
    sample: Path, tmp_path: Path
) -> None:
    """As in the PDF: an item's notes run 1, 2, 3… through all its fields (not from 1 again
    in each field), and every note and reference has its own id, so each link lands."""
    tm = sample / "evidence/testimonies/TM-003.yaml"
    text = tm.read_text(encoding="utf-8")
    head, _, rest = text.partition("summary:")
    tail = rest[rest.index("statement_of_truth:") :]
    tm.write_text(head + NOTED_TESTIMONY + tail, encoding="utf-8")
    first = sample / "evidence/testimonies/TM-001.yaml"
    text = re.sub(
        r"(?m)^summary: .*$",
        lambda _: 'summary: "Another summary.[^1]\\n\\n[^1]: Its own note."',
        first.read_text(encoding="utf-8"),
    )
    first.write_text(text, encoding="utf-8")
    ed = make_edition(sample, tmp_path)
    view = next(v for v in ed.views.items if v.id == "TM-003")
    doc = ed.page(view)
    refs = doc.xpath("//a[contains(@class,'footnote-ref')]")
    assert [words(a) for a in refs] == ["1", "2", "3", "4"]
    notes = doc.xpath("//aside[contains(@class,'footnotes')]//li")
    assert [words(li) for li in notes] == [
        "Summary note.↩︎",
        "First paragraph, first note.↩︎",
        "First paragraph, second note.↩︎",
        "Second paragraph, its note.↩︎",
    ]
    # Each block's list starts at its first note's number, so a browser shows the same numbers.
    starts = [ol.get("start") for ol in doc.xpath("//aside[contains(@class,'footnotes')]/ol")]
    assert starts == [None, "2", "4"]
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for n, (ref, li) in enumerate(zip(refs, notes, strict=True), 1):
        assert ref.get("href") == f"#{li.get('id')}"
        back = li.xpath(".//a[contains(@class,'footnote-back')]")[0]
        assert back.get("href") == f"#{ref.get('id')}"
        assert back.get("aria-label") == f"Back to reference {n}"
    for a in doc.xpath("//a[starts-with(@href,'#')]"):
        assert doc.get_element_by_id(a.get("href")[1:]) is not None
    # Another item's page numbers its own notes from 1.
    other = ed.page(next(v for v in ed.views.items if v.id == "TM-001"))
    assert [words(a) for a in other.xpath("//a[contains(@class,'footnote-ref')]")] == ["1"]


def test_hostile_markdown_output_is_defused() -> None:
    """Validation refuses these; the renderer still never lets them into a page."""
    blocks = markdown.parse_many(
        [
            "[click](javascript:alert(1)) ![x](https://example.org/x.png) "
            "[ok](https://example.org/) [mail](mailto:a@example.org) <b onclick=x>raw</b>\n\n"
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "<style>@import url(https://example.org/x.css);</style>\n\n# Top heading",
        ]
    )[0]
    rich = Rich(blocks, "hostile")
    tokenised = render([rich], "html")["hostile"]
    site = Site({}, {}, None, None)
    div = field(tokenised, site, Ids())
    html = lxml.html.tostring(div, encoding="unicode")
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html and "<img" not in html and "<style" not in html
    assert "[image not reproduced]" in html
    hrefs = [a.get("href") for a in div.iter("a")]
    assert hrefs == ["https://example.org/", "mailto:a@example.org"]
    assert [h.tag for h in div.iter("h1", "h2", "h3")] == ["h3"]


def test_a_pinpoint_inside_a_link_is_not_a_nested_link() -> None:
    blocks = markdown.parse_many(["[see [@SF-001] here](https://example.org/)"])[0]
    from inquiry.redaction import Matcher
    from inquiry.render.rich import prepare as prepare_rich

    cleaned, _ = prepare_rich(blocks, Matcher(()))
    tokenised = render([Rich(cleaned, "nested")], "html")["nested"]
    site = Site({"SF-001": "A1-SF-001.html"}, {"SF-001": "A1"}, None, None)
    div = field(tokenised, site, Ids())
    assert not div.xpath(".//a//a")
    assert [words(s) for s in div.xpath(".//a/span[@class='pin']")] == ["[?]"]


def test_text_without_layout_drops_the_page_count_only() -> None:
    from inquiry.render.html.site import inline
    from inquiry.render.nodes import TotalPages

    site = Site({}, {}, None, None)
    text = Text.of("5 evidence items in 4 tabs; ", TotalPages(), " pages")
    assert inline(site, text) == ["5 evidence items in 4 tabs"]


# ------------------------------------------------------------------------------ a real browser


def _tools() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    node = shutil.which("node")
    if chromium is None or node is None:
        missing = " and ".join(n for n, p in (("chromium", chromium), ("node", node)) if p is None)
        pytest.skip(f"{missing} not installed (apt-get install chromium nodejs npm)")
    if not (A11Y / "node_modules" / "axe-core" / "axe.min.js").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm not installed: cannot install axe-core (apt-get install npm)")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=A11Y,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return chromium, node


def axe(files: list[Path], *, width: int = 0) -> dict[str, object]:
    chromium, node = _tools()
    wide = ["--width", str(width)] if width else []
    done = subprocess.run(
        [node, str(A11Y / "run-axe.mjs"), "--chromium", chromium, *wide, *map(str, files)],
        capture_output=True,
        timeout=300,
        check=False,
        env={**os.environ, "HOME": os.environ.get("HOME", "/tmp")},
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def too_wide(result: dict[str, object]) -> dict[str, object]:
    """The pages axe found wider than the window (scrolling sideways), with their widths."""
    return {
        Path(p["file"]).name: p["reflow"]
        for p in result["pages"]  # type: ignore[attr-defined]
        if p["reflow"]["scrollWidth"] > p["reflow"]["clientWidth"]
    }


def violations(result: dict[str, object]) -> Iterator[str]:
    for page in result["pages"]:  # type: ignore[attr-defined]
        for v in page["violations"]:
            nodes = "; ".join(str(n["target"]) for n in v["nodes"][:5])
            yield f"{Path(page['file']).name}: {v['id']} ({v['impact']}): {v['help']} at {nodes}"


def test_axe_finds_no_violations_on_any_page(
    repo_edition: Edition, sample: Path, tmp_path: Path
) -> None:
    """Every page of the repository's own submission and of the sample (public, and restricted
    with drafts), and the sample's testimony written with most of Markdown."""
    public = make_edition(sample, tmp_path / "public")
    restricted = make_edition(sample, tmp_path / "restricted", audience="restricted", drafts=True)
    rich = make_edition(enrich(sample), tmp_path / "rich")
    number = next(v.number for v in rich.views.items if v.id == "TM-003")
    files = [
        *public.html_files(),
        *restricted.html_files(),
        *repo_edition.html_files(),
        rich.dest / "items" / f"{number}-TM-003.html",
    ]
    result = axe(files)
    pages = result["pages"]
    assert isinstance(pages, list) and len(pages) == len(files)
    assert all(p["passes"] > 20 for p in pages), "axe ran its rules on every page"
    assert list(violations(result)) == []


def test_every_page_reflows_at_320_css_pixels(sample: Path, tmp_path: Path) -> None:
    """WCAG 1.4.10: at 320 CSS pixels (400% zoom) nothing makes the page scroll sideways: a
    word longer than the line breaks, and a wide table scrolls within its own region."""
    enrich(sample)
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    long_word = "Reference" + "X" * 110
    table = "| " + " | ".join(f"Column {k} heading" for k in range(8)) + " |\n"
    table += "|" + "---|" * 8 + "\n| " + " | ".join(f"value {k}" for k in range(8)) + " |\n"
    captioned = "| A | B |\n|---|---|\n| 1 | 2 |\n\nTable: The same caption\n"
    text = pe.read_text(encoding="utf-8").replace(
        "summary: An example policy extract.",
        "summary: |\n  A "
        + long_word
        + " word.\n\n"
        + textwrap.indent(table + "\n" + captioned + "\n" + captioned, "  "),
    )
    pe.write_text(text, encoding="utf-8")
    ed = make_edition(sample, tmp_path)
    pages = sorted(ed.dest.rglob("*.html"))
    result = axe(pages, width=320)
    assert list(violations(result)) == []
    assert too_wide(result) == {}
    page = ed.page(next(v for v in ed.views.items if v.id == "PE-001"))
    regions = page.xpath("//div[contains(@class,'prose')]//div[@role='region']")
    assert [r.get("aria-label") for r in regions] == [
        "Table 1",
        "Table 2: The same caption",
        "Table 3: The same caption",
    ]
    assert all(r.get("tabindex") == "0" and r.get("class") == "scroll" for r in regions)


def test_axe_sees_a_violation_when_there_is_one(tmp_path: Path) -> None:
    """The check can fail: a page with an image without alternative text and no language."""
    write_tree(
        tmp_path, {"bad.html": "<!DOCTYPE html><title>x</title><main><img src='x.png'></main>"}
    )
    found = list(violations(axe([tmp_path / "bad.html"])))
    assert any("image-alt" in f for f in found) and any("html-has-lang" in f for f in found)


# ------------------------------------------------------------------------------ through the build


def test_build_writes_the_edition_with_the_pdfs_page_numbers(sample: Path, tmp_path: Path) -> None:
    from inquiry.build import build

    out = tmp_path / "out"
    build(sample, out=out, formats=("pdf", "html"), use_cache=False, jobs=1)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    doc = parse(out / "html" / "index.html")
    for item in manifest["items"]:
        row = doc.xpath(f"//table[contains(@class,'index')]//tr[th='{item['number']}']")[0]
        link = row.xpath("td[@class='num']/a")[0]
        assert link.text == wording.page_range(item["first_page"], item["last_page"])
        assert link.get("href") == f"../bundle.pdf#page={item['first_page']}"
        page = out / "html" / "items" / f"{item['number']}-{item['id']}.html"
        assert page.is_file()
        for k in range(1, len(item["exhibits"]) + 1):
            copied = out / "html" / "exhibits" / f"{item['number']}-{k}.pdf"
            assert copied.read_bytes().startswith(b"%PDF")
            entry = parse(page).get_element_by_id(f"exhibit-{k}")
            assert words(entry).startswith(f"Exhibit {k}: "), words(entry)
    facts = {words(d[0]): words(d[1]) for d in doc.xpath("//dl[contains(@class,'cover')]/div")}
    assert facts["Contents"].endswith(f"; {manifest['bundle']['pages']} pages")

    # Without the PDF, the edition still shows the PDF's page numbers (laid out, not written),
    # as text rather than links to a file that is not there.
    html_only = tmp_path / "html-only"
    build(sample, out=html_only, formats=("html",), use_cache=False, jobs=1)
    assert not (html_only / "bundle.pdf").exists()
    assert not (html_only / "manifest.json").exists()
    for path in (html_only / "html").rglob("*.html"):
        assert "bundle.pdf" not in path.read_text(encoding="utf-8")
    alone = parse(html_only / "html" / "index.html")
    for item in manifest["items"]:
        row = alone.xpath(f"//table[contains(@class,'index')]//tr[th='{item['number']}']")[0]
        assert words(row.xpath("td[@class='num']")[0]) == wording.page_range(
            item["first_page"], item["last_page"]
        )

    def pins(edition: Path) -> list[str]:
        pages = sorted((edition / "html").rglob("*.html"))
        return [words(p) for page in pages for p in parse(page).xpath("//span[@class='pin']")]

    assert pins(html_only) == pins(out)
    assert any("/" in p for p in pins(out)), "the sample cites pages"


def test_a_chart_keeps_a_readable_width_in_its_own_scrolling_region(
    sample: Path, tmp_path: Path
) -> None:
    """At 320 CSS pixels a chart drawn to the screen's width set its labels at 5 pixels: it
    keeps a width its labels can be read at, in a region that scrolls (and a keyboard can
    scroll), named by the chart's title."""
    ed = make_edition(sample, tmp_path)
    charts = [
        (v, figure)
        for v in ed.views.items
        for figure in ed.page(v).xpath("//figure[contains(@class,'chart')]")
    ]
    assert charts, "the sample has a statistic with a series"
    for _, figure in charts:
        [region] = figure.xpath("./div[@role='region']")
        assert region.get("tabindex") == "0" and region.get("class") == "scroll"
        [svg] = region.xpath("./svg")
        assert "chart-image" in svg.get("class")
        [title] = figure.xpath(f"//*[@id='{region.get('aria-labelledby')}']")
        assert "chart-title" in title.get("class") and words(title)
    css = (ed.dest / "style.css").read_text(encoding="utf-8")
    rule = css[css.index(".chart-image {") :]
    assert "min-width: 30rem" in rule[: rule.index("}")]
