"""Accessibility fixes read back from a built bundle: the index's data cells name their own
column and their tab (not all seven columns), the front matter's bookmark has children for the
index and the lines of inquiry, and an exhibit's "Exhibit N" in the HTML edition goes where the
PDF's goes (the exhibit's first page of the bundle), never to itself."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
import pikepdf
import pytest
from test_pdf import Built, build_pdf, make_sample

from inquiry.render import wording
from inquiry.render.nodes import Supplement
from inquiry.render.pdf.layout import Layout, Run
from inquiry.render.pdf.outline import INDEX_ANCHOR, LOI_ANCHOR, bookmarks


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("a11y-s25")
    return build_pdf(make_sample(base), base / "out", cache=build_cache, formats=("pdf", "html"))


# --------------------------------------------------------------------------- the index's headers


@dataclass
class Node:
    """A structure element as poppler reads it: role, id, /Headers, words, children."""

    role: str
    ident: str = ""
    headers: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    kids: list[Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Its words and its descendants', in order."""
        return "".join(w for n in self.walk() for w in n.words).strip()

    def walk(self) -> list[Node]:
        return [self, *(n for k in self.kids for n in k.walk())]


_ELEMENT = re.compile(r"^( *)([A-Za-z][A-Za-z0-9]*)(?: <([^>]*)>)?(?: \"[^\"]*\")?(?: \(\w+\))?:?$")
_WORDS = re.compile(r'^ *"(.*)"$')
_HEADERS = re.compile(r"^ */Headers \[(.*)\]$")


def struct_tree(pdf: Path) -> Node:
    """The structure tree, from `pdfinfo -struct-text` (poppler resolves the marked content to
    words; the tree's shape is in the indentation)."""
    out = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")  # a title poppler prints as raw UTF-16 is not ours
    root = Node("root")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for line in out.splitlines():
        if m := _HEADERS.match(line):
            stack[-1][1].headers = re.findall(r"\(([^)]*)\)", m.group(1))
        elif m := _WORDS.match(line):
            stack[-1][1].words.append(m.group(1))
        elif m := _ELEMENT.match(line):
            indent = len(m.group(1))
            while stack[-1][0] >= indent:
                stack.pop()
            node = Node(m.group(2), m.group(3) or "")
            stack[-1][1].kids.append(node)
            stack.append((indent, node))
    return root


def resolved(cell: Node, by_id: dict[str, Node]) -> list[str]:
    """A cell's headers' words as the PDF's algorithm finds them: each of its /Headers, then
    that header's own headers, depth first, each once."""
    seen: list[str] = []

    def visit(ids: list[str]) -> None:
        for ident in ids:
            if ident not in seen:
                seen.append(ident)
                visit(by_id[ident].headers)

    visit(cell.headers)
    return [by_id[i].text for i in seen]


def test_an_index_cell_names_its_column_and_its_tab(built: Built) -> None:
    tree = struct_tree(built.pdf)
    nodes = tree.walk()
    by_id = {n.ident: n for n in nodes if n.ident}
    index = next(n for n in nodes if n.role == "Table")
    rows = [n for n in index.walk() if n.role == "TR"]
    columns = [c.text for c in rows[0].kids]
    assert columns == list(wording.INDEX_COLUMNS)
    checked = 0
    tab = ""
    for row in rows[1:]:
        cells = [c for c in row.kids if c.role in ("TH", "TD")]
        if len(cells) == 1 and cells[0].role == "TH":
            tab = cells[0].text
            assert resolved(cells[0], by_id) == []  # a row group's header, under no column
            continue
        assert tab.startswith("Tab "), tab
        for name, cell in zip(columns, cells, strict=True):
            assert cell.role == "TD"
            assert resolved(cell, by_id) == [name, tab], (cell.text, name, tab)
            checked += 1
    items = built.manifest["items"]
    assert checked == len(wording.INDEX_COLUMNS) * len(items)
    # A cell of each kind by its words: the first item's number, title and pages.
    first = items[0]
    cell_of = {c.text: c for r in rows for c in r.kids}
    tab_a = next(n.text for n in nodes if n.role == "TH" and n.text.startswith("Tab A"))
    assert resolved(cell_of[first["number"]], by_id) == ["No.", tab_a]
    assert resolved(cell_of[first["title"]], by_id) == ["Title", tab_a]
    pages = wording.page_range(first["first_page"], first["last_page"])
    assert resolved(cell_of[pages], by_id) == ["Pages", tab_a]


def test_other_tables_keep_their_headers(built: Built) -> None:
    """The lines of inquiry (no sub-header rows): each cell under its column's header alone."""
    tree = struct_tree(built.pdf)
    nodes = tree.walk()
    by_id = {n.ident: n for n in nodes if n.ident}
    loi = [n for n in nodes if n.role == "Table"][1]
    rows = [n for n in loi.walk() if n.role == "TR"]
    columns = [c.text for c in rows[0].kids]
    assert columns == list(wording.LOI_COLUMNS)
    for row in rows[1:]:
        for name, cell in zip(columns, row.kids, strict=True):
            assert resolved(cell, by_id) == [name]


# --------------------------------------------------------------------------- bookmarks


def test_the_front_matters_bookmark_has_the_index_and_the_lines_of_inquiry(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        pages: dict[tuple[int, int], int] = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        with pdf.open_outline() as outline:
            top = list(outline.root)
            front = top[0]
            children = []
            for child in front.children:
                dest = child.destination
                assert isinstance(dest, pikepdf.Array), child.title  # opens a page of its own
                children.append((child.title, pages[dest[0].objgen]))
            count = len(top)
    tabs = {i["tab"] for i in built.manifest["items"]}
    assert count == 1 + len(tabs)  # the front matter's, then one a tab: no more top entries
    assert front.title == "Cover, index and lines of inquiry (p. 1)"
    first, last = built.manifest["bundle"]["front_pages"]
    assert [title for title, _ in children] == [
        f"{wording.INDEX} (p. {children[0][1]})",
        f"{wording.LINES_OF_INQUIRY} (p. {children[1][1]})",
    ]
    index, lois = children[0][1], children[1][1]
    assert first < index < lois <= last
    # Each opens its own page: the page's text begins with its heading.
    text = subprocess.run(
        ["pdftotext", "-layout", str(built.pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    page_texts = text.split("\f")
    assert page_texts[index - 1].strip().startswith(wording.INDEX)
    assert page_texts[lois - 1].strip().startswith(wording.LINES_OF_INQUIRY)


def test_a_supplements_lines_of_inquiry_have_a_bookmark_under_it() -> None:
    """From the anchors each index piece reports: the front matter's parts under its bookmark,
    a supplement's lines of inquiry first under its own; an anchor past an index's pages (none
    should be) gives no bookmark, and without anchors the front matter's has no children."""
    runs = (
        Run("index", 1, 4, index=0),
        Run("filler", 5, 7),
        Run("index", 8, 9, index=1),
    )
    layout = Layout(4, 9, {}, runs)
    loi: Any = object()  # a supplement with lines of inquiry: what they are does not matter
    supplement = Supplement(1, "Supplementary index 1", (), (loi,))
    parts = {0: {INDEX_ANCHOR: 1, LOI_ANCHOR: 3}, 1: {INDEX_ANCHOR: 0, LOI_ANCHOR: 1}}
    marks = bookmarks([], layout, supplements=[supplement], parts=parts)
    tree = [(m.title, m.page, [(c.title, c.page) for c in m.children]) for m in marks]
    assert tree == [
        (
            "Cover, index and lines of inquiry (p. 1)",
            1,
            [("Index (p. 2)", 2), ("Lines of inquiry (p. 4)", 4)],
        ),
        (
            "Supplementary index 1 (p. 8)",
            8,
            [("Lines of inquiry: Supplementary index 1 (p. 9)", 9)],
        ),
    ]
    beyond = bookmarks([], layout, parts={0: {INDEX_ANCHOR: 1, LOI_ANCHOR: 4}})
    assert [c.title for c in beyond[0].children] == ["Index (p. 2)"]
    assert bookmarks([], layout)[0].children == ()


# --------------------------------------------------------------------------- the HTML edition


def test_an_exhibits_number_in_html_opens_its_first_page_of_the_pdf(built: Built) -> None:
    items = [i for i in built.manifest["items"] if i["exhibits"]]
    assert items
    for item in items:
        page = built.out / "html" / "items" / f"{item['number']}-{item['id']}.html"
        doc = lxml.html.parse(str(page)).getroot()
        for k, exhibit in enumerate(item["exhibits"], 1):
            entry = doc.get_element_by_id(f"exhibit-{k}")
            link = entry.find("a")
            assert link is not None and link.text_content() == f"Exhibit {k}"
            assert link.get("href") == f"../../bundle.pdf#page={exhibit['first_page']}"
        own = page.name
        assert not [a for a in doc.iter("a") if (a.get("href") or "").startswith(own)]


def test_without_the_pdf_an_exhibits_number_is_no_link_to_itself(
    tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inquiry.build import build

    monkeypatch.setenv("INQUIRY_CACHE_DIR", str(build_cache))
    build(make_sample(tmp_path), out=tmp_path / "out", formats=("html",))
    items = tmp_path / "out" / "html" / "items"
    checked = 0
    for page in sorted(items.glob("*.html")):
        doc = lxml.html.parse(str(page)).getroot()
        for a in doc.iter("a"):
            href = a.get("href") or ""
            assert not href.startswith((page.name, "#exhibit-")), (page.name, href)
        for entry in doc.xpath("//li[starts-with(@id, 'exhibit-')]"):
            assert entry.text is not None and entry.text.startswith("Exhibit "), page.name
            checked += 1
    assert checked == 2
