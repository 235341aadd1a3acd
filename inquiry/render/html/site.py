"""Where the HTML edition's pages are and how they link: items, the PDF, and plain text parts.

Pages are named from an item's number and id only (`items/A1-SF-001.html`), never from its title
or a file name, which may hold redacted words; a served number since withdrawn or superseded keeps
a page at that address, saying so. A pinpoint `[A1/34]` is two links in one: the
item number goes to the item's page in this edition (the primary link: a reader of the HTML stays
in the accessible edition, and an exhibit pinpoint lands on the exhibit's entry), the page number
to that page of the PDF bundle when the PDF is published alongside (`bundle.pdf#page=34`), so the
pinpoint reads exactly as in the PDF and both destinations are one keystroke away.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from lxml.html import Element as _Element
from lxml.html import HtmlElement

from inquiry.redaction import REDACTED
from inquiry.render import wording
from inquiry.render.html import words
from inquiry.render.nodes import FrontView, ItemLink, Link, Mark, PageRange, Pin, Text, TotalPages
from inquiry.render.pdf.layout import Layout

Child = HtmlElement | str | None
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
WEB_SCHEMES = ("http://", "https://", "mailto:")


def el(tag: str, attrs: Mapping[str, str] | None = None, *children: Child) -> HtmlElement:
    """An HTML element with attributes and children (text or elements, None skipped)."""
    node = _Element(tag)
    for key, value in (attrs or {}).items():
        node.set(key, value)
    add(node, *children)
    return node


def add(parent: HtmlElement, *children: Child) -> HtmlElement:
    """Append text and elements to `parent`, text joining the last child's tail."""
    for child in children:
        if child is None or child == "":
            continue
        if isinstance(child, str):
            if len(parent):
                last = parent[-1]
                last.tail = (last.tail or "") + child
            else:
                parent.text = (parent.text or "") + child
        else:
            parent.append(child)
    return parent


NAME_LIMIT = 100
"""The longest page file name written whole. An id may have any number of digits (SF- and 250
of them is valid), and a file system takes names of at most 255 bytes: a longer name failed the
HTML build ("File name too long")."""


def page_name(number: str, item_id: str) -> str:
    """An item page's file name, from its number and id only (`A1-SF-001.html`).

    A name over `NAME_LIMIT` characters keeps its start and ends in `-h` and a hash of the whole
    id instead (`A1-SF-000…-h3f9c….html`): the same for the same id in every build, and never
    another page's, since an id's own name ends in a digit before `.html`, never in `-h` and hex.
    """
    for part in (number, item_id):
        if not _SAFE_NAME.match(part):
            raise ValueError(f"an item number or id unfit for a file name: {part!r}")
    name = f"{number}-{item_id}"
    if len(name) + len(".html") <= NAME_LIMIT:
        return f"{name}.html"
    digest = hashlib.sha256(item_id.encode("ascii")).hexdigest()[:20]
    keep = NAME_LIMIT - len(f"-h{digest}.html")
    return f"{name[:keep]}-h{digest}.html"


def is_web(url: str) -> bool:
    return url.strip().lower().startswith(WEB_SCHEMES)


@dataclass
class Ids:
    """Element ids unique within one page."""

    used: dict[str, int] = field(default_factory=dict)

    def new(self, stem: str) -> str:
        n = self.count(stem)
        return stem if n == 1 else f"{stem}-{n}"

    def count(self, stem: str) -> int:
        """How many times `stem` has now been asked for, this one included."""
        n = self.used.get(stem, 0) + 1
        self.used[stem] = n
        return n


@dataclass(frozen=True)
class Site:
    """The links of one page: where the item pages and the PDF are, seen from this page."""

    pages: Mapping[str, str]  # item id → file name under items/
    numbers: Mapping[str, str]  # item id → number
    layout: Layout | None
    pdf_name: str | None
    depth: int = 0  # 0: index.html; 1: items/…
    retired: Mapping[str, str] = field(default_factory=dict)
    """A served number no longer shown → the file under items/ at its old address."""
    meanings: Mapping[str, str] = field(default_factory=dict)
    """A redaction mark (`[PI]`) → what it stands for (`legend`)."""

    def at(self, depth: int) -> Site:
        return replace(self, depth=depth)

    def root(self, path: str) -> str:
        """A path from the edition's root, relative to this page."""
        return "../" * self.depth + path

    def item_href(self, item_id: str, fragment: str | None = None) -> str:
        name = self.pages[item_id]
        href = name if self.depth == 1 else self.root(f"items/{name}")
        return href + (f"#{fragment}" if fragment else "")

    def retired_href(self, number: str) -> str:
        """The page at a retired number's old address (what its item's page was called)."""
        name = self.retired[number]
        return name if self.depth == 1 else self.root(f"items/{name}")

    def pdf_href(self, page: int | None = None) -> str | None:
        """The PDF bundle (beside the `html/` folder), at a page."""
        if self.pdf_name is None:
            return None
        href = "../" * (self.depth + 1) + quote(self.pdf_name)
        return href + (f"#page={page}" if page else "")

    def pin_page(self, pin: Pin) -> int | None:
        return self.layout.page(pin) if self.layout is not None else None

    def item_pages(self, item_id: str) -> tuple[int, int] | None:
        return self.layout.pages(item_id) if self.layout is not None else None

    def exhibit_page(self, item_id: str, k: int) -> int | None:
        """The bundle page the item's `k`-th exhibit starts on (None without a layout)."""
        if self.layout is None or item_id not in self.layout.items:
            return None
        exhibits = self.layout.items[item_id].exhibits
        return exhibits[k - 1][0] if 1 <= k <= len(exhibits) else None


def mark(site: Site, label: str) -> HtmlElement:
    """A redaction mark: visible, high contrast; an abbreviation whose expansion is its meaning
    (`<abbr title="Personal information">[PI]</abbr>`), so that assistive technology can say
    what the code stands for where it stands, not only on the cover."""
    meaning = site.meanings.get(label)
    if not meaning:
        return el("span", {"class": "redacted"}, label)
    return el("abbr", {"class": "redacted", "title": meaning}, label)


def legend(front: FrontView) -> dict[str, str]:
    """Each mark's meaning (`[PI]` → `Personal information`), as the cover's legend gives it
    (`FrontView.marks`); `[REDACTED]` says what it is and needs none. Empty when the edition
    redacts nothing (a restricted edition has no legend)."""
    return {mark: meaning for mark, meaning in front.marks if mark != REDACTED}


def pin(site: Site, p: Pin, *, linked: bool = True) -> HtmlElement:
    """A pinpoint: `[A1/34]` (or `[A1]` without a layout), linked as the module says."""
    page = site.pin_page(p)
    words_ = wording.pinpoint(p.number, page) if page is not None else f"[{p.number}]"
    if not linked or p.item not in site.pages:
        return el("span", {"class": "pin"}, words_)
    fragment = f"exhibit-{p.exhibit}" if p.exhibit else None
    title = words.item_link(p.number, p.item)
    pdf = site.pdf_href(page) if page is not None else None
    if pdf is None or page is None:
        link = el("a", {"href": site.item_href(p.item, fragment), "title": title}, words_)
        return el("span", {"class": "pin"}, link)
    name = words.pdf_page(page)
    return el(
        "span",
        {"class": "pin"},
        "[",
        el("a", {"href": site.item_href(p.item, fragment), "title": title}, p.number),
        "/",
        el("a", {"aria-label": name, "class": "pdf", "href": pdf, "title": name}, str(page)),
        "]",
    )


def item_link(site: Site, link: ItemLink, *, here: str | None = None) -> Child:
    """Words that link to an item's page, or to one of its exhibits. An exhibit goes where the
    PDF's words go, to its first page of the PDF bundle, when the PDF is published alongside;
    otherwise to its entry on the item's page, except from that page itself (`here`): a link to
    where it stands leads nowhere, and the entry links the exhibit's own file."""
    if link.item not in site.pages:
        return link.text
    if link.exhibit is not None:
        page = site.exhibit_page(link.item, link.exhibit)
        pdf = site.pdf_href(page) if page is not None else None
        if pdf is not None and page is not None:
            name = words.exhibit_in_pdf(link.text, page)
            return el("a", {"aria-label": name, "href": pdf, "title": name}, link.text)
    if link.item == here:
        return link.text
    fragment = f"exhibit-{link.exhibit}" if link.exhibit else None
    return el("a", {"href": site.item_href(link.item, fragment)}, link.text)


def page_range(site: Site, item_id: str) -> str:
    pages = site.item_pages(item_id)
    return wording.page_range(*pages) if pages else ""


def inline(site: Site, text: Text, *, links: bool = True, here: str | None = None) -> list[Child]:
    """A Text as HTML children: words, marks, pinpoints and links; `here`, the item whose page
    this is (no link leads to it from itself)."""
    out: list[Child] = []
    after_total = False
    for p in text.parts:
        if after_total and isinstance(p, str):
            after_total = False
            continue  # the words of an unknown page count (` pages`)
        after_total = False
        if isinstance(p, str):
            out.append(p)
        elif isinstance(p, Mark):
            out.append(mark(site, p.label))
        elif isinstance(p, Pin):
            out.append(pin(site, p, linked=links))
        elif isinstance(p, ItemLink):
            out.append(item_link(site, p, here=here) if links else p.text)
        elif isinstance(p, Link):
            if links and is_web(p.url):
                out.append(el("a", {"class": "url", "href": p.url}, p.text))
            else:
                out.append(el("span", {"class": "url"}, p.text))
        elif isinstance(p, PageRange):
            out.append(page_range(site, p.item))
        elif isinstance(p, TotalPages):
            if site.layout is not None:
                out.append(f"{site.layout.total():,}")
            else:
                # Without a layout the page count is unknown: leave it out with the words
                # around it (`22 items in 4 tabs; ` [count] ` pages` → `22 items in 4 tabs`).
                if out and isinstance(out[-1], str):
                    out[-1] = out[-1].rstrip().rstrip(";,").rstrip()
                after_total = True
    return [c for c in out if c != ""]


def scrolling(table: HtmlElement, ids: Ids, *, numbered: bool = False) -> HtmlElement:
    """A table in a region that scrolls sideways on a narrow screen (rather than the page),
    focusable so that a keyboard can scroll it, named by the table's caption; `numbered` (a
    table written in a Markdown field, whose caption may repeat another's) names it "Table N"
    and its caption, so that no two regions of a page share a name."""
    caption = table.find("caption")
    attrs = {"class": "scroll", "role": "region", "tabindex": "0"}
    if numbered or caption is None:
        words_ = caption.text_content().strip() if caption is not None else ""
        n = ids.count("table-region")
        attrs["aria-label"] = f"Table {n}: {words_}" if words_ else f"Table {n}"
    else:
        caption.set("id", ids.new("table"))
        attrs["aria-labelledby"] = caption.get("id", "")
    return el("div", attrs, table)
