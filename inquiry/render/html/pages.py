"""The edition's pages: the front page (cover, index, lines of inquiry) and one page per item.

Every page has the same frame: a skip link, a banner (`<header>`) naming the bundle with the
edition's navigation, one `<main>`, and a footer with the note on page numbers. Headings go in
order: the page's one `h1`, then `h2` sections, and below those the index's tabs (`h3`) and the
headings of Markdown fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml.html import HtmlElement, tostring

from inquiry.render import wording
from inquiry.render.html import site as s
from inquiry.render.html import words
from inquiry.render.html.blocks import Writer
from inquiry.render.html.site import scrolling
from inquiry.render.languages import text_direction
from inquiry.render.nodes import FrontView, IndexSection, ItemView, LoiRow, RetiredRow
from inquiry.render.richtext import Tokenised

DOCTYPE = "<!DOCTYPE html>"


def document(
    front: FrontView,
    site: s.Site,
    *,
    title: str,
    main: Sequence[s.Child],
    after_main: Sequence[s.Child] = (),
) -> str:
    """A whole page as HTML text."""
    head = s.el(
        "head",
        None,
        s.el("meta", {"charset": "utf-8"}),
        s.el("meta", {"content": "width=device-width, initial-scale=1", "name": "viewport"}),
        # A restricted edition says so first in every page's title, which a screen reader reads
        # on arrival (the banner is in the masthead, which the skip link passes; red team h158).
        s.el("title", None, f"{wording.RESTRICTED_TITLE} · {title}" if front.restricted else title),
        s.el("meta", {"content": front.author, "name": "author"}),
        s.el("meta", {"content": front.subject, "name": "description"}),
        s.el("meta", {"content": front.keywords, "name": "keywords"}),
        s.el("link", {"href": site.root("style.css"), "rel": "stylesheet"}),
    )
    nav = s.el(
        "ul",
        None,
        s.el("li", None, s.el("a", {"href": site.root("index.html#index")}, wording.INDEX)),
        s.el(
            "li",
            None,
            s.el("a", {"href": site.root("index.html#lines-of-inquiry")}, wording.LINES_OF_INQUIRY),
        ),
    )
    pdf = site.pdf_href()
    if pdf is not None:
        nav.append(s.el("li", None, s.el("a", {"href": pdf}, words.PDF_BUNDLE)))
    banner = s.el("p", {"class": "banner"}, wording.RESTRICTED_BANNER) if front.restricted else None
    bundle = (
        s.el("p", {"class": "bundle"}, front.title)
        if site.depth == 0
        else s.el(
            "p", {"class": "bundle"}, s.el("a", {"href": site.root("index.html")}, front.title)
        )
    )
    note = words.NUMBERS_NOTE if site.layout is not None else words.NUMBERS_NOTE_NO_PAGES
    body = s.el(
        "body",
        None,
        s.el("a", {"class": "skip-link", "href": "#content"}, words.SKIP_LINK),
        s.el(
            "header",
            {"class": "masthead"},
            banner,
            bundle,
            s.el("nav", {"aria-label": words.BUNDLE_NAV}, nav),
        ),
        s.el("main", {"id": "content", "tabindex": "-1"}, *main),
        *after_main,
        s.el("footer", {"class": "footer"}, s.el("p", None, note)),
    )
    html = s.el("html", {"lang": front.language, **_direction(front.language)}, head, body)
    _tidy(html)
    return tostring(html, doctype=DOCTYPE, encoding="unicode", method="html") + "\n"


def _direction(language: str) -> dict[str, str]:
    """`dir="rtl"` for a right-to-left language (`ar`, `he-IL`, `pa-Arab`, …), nothing
    otherwise: the direction the PDF's text is set in (`inquiry.render.languages`)."""
    return {"dir": "rtl"} if text_direction(language) == "rtl" else {}


def _tidy(root: HtmlElement) -> None:
    """Attributes in sorted order and a line break after each block, for stable, readable
    bytes."""
    blocks = {
        "head", "body", "header", "main", "footer", "nav", "section", "div", "p", "ul", "ol",
        "li", "dl", "table", "thead", "tbody", "tr", "caption", "figure", "figcaption",
        "blockquote", "h1", "h2", "meta", "title", "link", "aside", "svg", "dt", "dd", "th", "td",
    }  # fmt: skip
    containers = {"html", "head", "body", "ul", "ol", "dl", "table", "thead", "tbody", "tr"}
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        items = sorted(node.attrib.items())
        node.attrib.clear()
        for k, v in items:
            node.set(k, v)
        if node.tag in blocks and node is not root and not (node.tail or "").strip():
            node.tail = "\n"
        if node.tag in containers and not (node.text or "").strip():
            node.text = "\n"


def front_page(front: FrontView, site: s.Site) -> str:
    """index.html: the cover's facts, the index by tab and the lines-of-inquiry table."""
    w = Writer(site, {}, s.Ids(), None)
    c = front.cover
    main: list[s.Child] = [
        s.el("p", {"class": "kicker"}, *w.text(c.kicker)),
        s.el("h1", None, *w.text(c.title)),
        w.facts(c.facts, "facts cover"),
    ]
    if c.drafts:
        main.append(
            s.el(
                "p",
                {"class": "draft-note"},
                s.el("strong", {"class": "draft"}, wording.DRAFT),
                " ",
                wording.DRAFT_NOTE,
            )
        )
    main.append(s.el("h2", {"id": "index"}, wording.INDEX))
    if not front.index:
        main.append(s.el("p", None, wording.EMPTY_EDITION))
    for section in front.index:
        main += _index_table(section, w, "tab")
    main.append(s.el("h2", {"id": "lines-of-inquiry"}, wording.LINES_OF_INQUIRY))
    main.append(_loi_table(front.lines_of_inquiry, w))
    for supplement in front.supplements:
        # Items added after the bundle was served, indexed apart as in the PDF.
        ident = f"supplement-{supplement.group}"
        main.append(s.el("h2", {"id": ident}, supplement.title))
        if not supplement.index:
            main.append(s.el("p", None, wording.SUPPLEMENT_LINES_ONLY))
        for section in supplement.index:
            main += _index_table(section, w, f"{ident}-tab")
        if supplement.lines_of_inquiry:
            # Named apart from the front matter's table, as the PDF heads it.
            name = f"{wording.LINES_OF_INQUIRY}: {supplement.title}"
            main.append(_loi_table(supplement.lines_of_inquiry, w, name))
    if front.annex:
        main.append(s.el("h2", {"id": "annex"}, wording.ANNEX))
        main.append(s.el("p", None, wording.ANNEX_NOTE))
        main.append(_annex_table(front, w))
    return document(front, site, title=front.title, main=main)


def _annex_table(front: FrontView, w: Writer) -> HtmlElement:
    head = s.el("tr")
    for label in wording.ANNEX_COLUMNS:
        head.append(s.el("th", {"scope": "col"}, label))
    body = s.el("tbody")
    for row in front.annex:
        where = f"Exhibit {row.exhibit}" if row.exhibit else "Text"
        body.append(
            s.el(
                "tr",
                None,
                s.el("td", None, s.pin(w.site, row.pin)),
                s.el("td", None, where),
                s.el("td", None, row.code or "—"),
                s.el("td", None, row.reason),
                s.el("td", {"class": "num"}, str(row.count)),
            )
        )
    caption = s.el("caption", {"class": "visually-hidden"}, wording.ANNEX)
    return scrolling(
        s.el("table", {"class": "data annex"}, caption, s.el("thead", None, head), body), w.ids
    )


def _index_table(section: IndexSection, w: Writer, ident: str) -> list[s.Child]:
    """A tab's heading (`h3`, under the index's or the supplement's `h2`: a screen reader's
    user can move from tab to tab by heading) and its index table, named by its caption (the
    heading's words, shown once, by the heading), its region's id `{ident}-{letter}` (unique:
    a tab may have rows in the front matter's index and in supplements)."""
    site = w.site
    columns = list(wording.INDEX_COLUMNS)
    with_pages = site.layout is not None
    if not with_pages:
        columns = columns[:-1]
    prefix = f"{wording.SUPPLEMENTARY}: " if section.supplementary else ""
    head = s.el("tr")
    for i, label in enumerate(columns):
        cls = "num" if with_pages and i == len(columns) - 1 else "text"
        head.append(s.el("th", {"class": cls, "scope": "col"}, label))
    body = s.el("tbody")
    for r in section.rows:
        if isinstance(r, RetiredRow):
            body.append(_retired_row(r, w, with_pages=with_pages))
            continue
        title = s.el("a", {"href": site.item_href(r.id)}, *w.text(r.title))
        draft = s.el("strong", {"class": "draft"}, wording.DRAFT) if r.draft else None
        tr = s.el(
            "tr",
            None,
            s.el("th", {"scope": "row"}, r.number),
            s.el("td", {"class": "id"}, r.id),
            s.el("td", None, title, " " if draft is not None else None, draft),
            s.el("td", None, r.kind_name),
            s.el("td", {"class": "date"}, r.date),
            s.el("td", None, r.lines_of_inquiry),
        )
        pages = site.item_pages(r.id)
        if pages is not None:
            tr.append(s.el("td", {"class": "num"}, pdf_pages(site, *pages)))
        body.append(tr)
    name = prefix + wording.tab_heading(section.tab, section.title)
    caption = s.el("caption", {"class": "visually-hidden"}, name)
    cls = "data index" if with_pages else "data index no-pages"
    table = s.el("table", {"class": cls}, caption, s.el("thead", None, head), body)
    heading = s.el("h3", None, name)
    heading.tail = "\n"
    region = scrolling(table, w.ids)
    region.set("id", f"{ident}-{section.tab}")
    return [heading, region]


def _retired_row(r: RetiredRow, w: Writer, *, with_pages: bool) -> HtmlElement:
    """A served number no longer shown: its statement (in place of title, kind and date) links
    to the page at its old address; its pages, those of the PDF that still stand for it."""
    statement = s.el("em", None, *s.inline(w.site, r.statement, links=False))
    tr = s.el(
        "tr",
        {"class": "retired"},
        s.el("th", {"scope": "row"}, r.number),
        s.el("td", {"class": "id"}, r.id),
        s.el("td", {"colspan": "3"}, s.el("a", {"href": w.site.retired_href(r.number)}, statement)),
        s.el("td"),
    )
    if with_pages:
        tr.append(s.el("td", {"class": "num"}, pdf_pages(w.site, r.first, r.last)))
    return tr


def pdf_pages(site: s.Site, first: int, last: int) -> s.Child:
    """`12–14`, linked to the first of those pages in the PDF bundle when it is published."""
    words_ = wording.page_range(first, last)
    href = site.pdf_href(first)
    if not href:
        return words_
    name = words.pdf_pages(first, last)
    return s.el("a", {"aria-label": name, "class": "pages", "href": href}, words_)


def _loi_table(
    lois: Sequence[LoiRow], w: Writer, name: str = wording.LINES_OF_INQUIRY
) -> HtmlElement:
    head = s.el("tr")
    for label in wording.LOI_COLUMNS:
        head.append(s.el("th", {"scope": "col"}, label))
    body = s.el("tbody")
    for loi in lois:
        if loi.pins:
            evidence: list[s.Child] = []
            for k, p in enumerate(loi.pins):
                evidence += [" " if k else None, s.pin(w.site, p)]
        else:
            evidence = [s.el("span", {"class": "quiet"}, loi.none)]
        body.append(
            s.el(
                "tr",
                None,
                s.el("th", {"scope": "row"}, loi.id),
                s.el(
                    "td",
                    None,
                    s.el("strong", None, *w.text(loi.title)),
                    s.el("br"),
                    *w.text(loi.question),
                ),
                s.el("td", {"class": "pins"}, *evidence),
            )
        )
    caption = s.el("caption", {"class": "visually-hidden"}, name)
    return scrolling(
        s.el("table", {"class": "data loi"}, caption, s.el("thead", None, head), body), w.ids
    )


def item_page(
    front: FrontView,
    view: ItemView,
    site: s.Site,
    rich: Mapping[str, Tokenised],
    *,
    previous: ItemView | None,
    following: ItemView | None,
) -> str:
    """One item's page: its head, its sections (exhibits linked to their files)."""
    w = Writer(site, rich, s.Ids(), view)
    draft = s.el("strong", {"class": "draft"}, wording.DRAFT) if view.draft else None
    kicker = s.el(
        "p",
        {"class": "kicker"},
        s.el("span", {"class": "id"}, view.id),
        f" · {view.kind_name}",
        " · " if draft is not None else None,
        draft,
    )
    heading = s.el(
        "h1",
        None,
        s.el("span", {"class": "number"}, view.number),
        " ",
        s.el("span", {"class": "title"}, *w.text(view.title)),
    )
    head = w.facts(view.head, "facts head")
    pages = site.item_pages(view.id)
    if pages is not None:
        value = pdf_pages(site, *pages)
        head.append(
            s.el("div", None, s.el("dt", None, words.PAGES_IN_PDF), s.el("dd", None, value))
        )
    tab_line = s.el("p", {"class": "tab-line"}, wording.tab_heading(view.tab, view.tab_title))
    main: list[s.Child] = [tab_line, kicker, heading, head]
    main += [w.section(section) for section in view.sections]
    title = (
        f"{wording.DRAFT} · " if view.draft else ""
    ) + f"{view.number} {view.id}: {view.title.plain()}"
    return document(
        front, site, title=title, main=main, after_main=[_neighbours(site, previous, following)]
    )


def retired_page(front: FrontView, section: IndexSection, row: RetiredRow, site: s.Site) -> str:
    """The page at the address a served item had (`items/B2-TM-002.html`) once its number is
    withdrawn or superseded: so a served link still lands, and says what became of it — its
    number and id, never its title (a withdrawn item's title may be what was withdrawn), the
    PDF's pages that stand for it, and the number now in its place, linked, with its pinpoint."""
    w = Writer(site, {}, s.Ids(), None)
    statement = s.inline(site, row.statement, links=False)
    heading = s.el(
        "h1",
        None,
        s.el("span", {"class": "number"}, row.number),
        " ",
        s.el("span", {"class": "title"}, *statement),
    )
    main: list[s.Child] = [
        s.el("p", {"class": "tab-line"}, wording.tab_heading(section.tab, section.title)),
        s.el("p", {"class": "kicker"}, s.el("span", {"class": "id"}, row.id)),
        heading,
    ]
    if site.layout is not None:
        pages = s.el("dd", None, pdf_pages(site, row.first, row.last))
        main.append(
            s.el(
                "dl",
                {"class": "facts head"},
                s.el("div", None, s.el("dt", None, words.PAGES_IN_PDF), pages),
            )
        )
    main.append(s.el("p", {"class": "retired-notice"}, *w.text(row.notice)))
    title = f"{row.number} {row.id}: {row.statement.plain()}"
    return document(front, site, title=title, main=main)


def _neighbours(
    site: s.Site, previous: ItemView | None, following: ItemView | None
) -> HtmlElement | None:
    ul = s.el("ul")
    for label, view, rel in ((words.PREVIOUS, previous, "prev"), (words.NEXT, following, "next")):
        if view is None:
            continue
        link = s.el(
            "a",
            {"href": site.item_href(view.id), "rel": rel},
            s.el("span", {"class": "quiet"}, f"{label}: "),
            f"{view.number} {view.id}",
        )
        ul.append(s.el("li", None, link))
    if not len(ul):
        return None
    return s.el("nav", {"aria-label": words.ITEMS_NAV, "class": "neighbours"}, ul)
