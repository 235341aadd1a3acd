"""An item's sections and blocks as HTML: one small translation per node type, nothing decided.

Facts are a description list, verbatim words a block quote keeping their line breaks, a witness's
paragraphs an ordered list (numbered as in the PDF), tables have a caption and header cells with
their scope (each in a region that scrolls sideways on a narrow screen), and a chart is a figure:
an SVG image whose text alternative states every value (`Chart.alt`), followed by the view's
table of the same values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml.html import HtmlElement

from inquiry.render.html import fields, words
from inquiry.render.html import site as s
from inquiry.render.html.chart import svg
from inquiry.render.nodes import (
    Block,
    Chart,
    Fact,
    Facts,
    Headline,
    ItemLink,
    ItemView,
    Lines,
    NumberedParagraphs,
    Pin,
    Prose,
    Quote,
    Section,
    Statement,
    Table,
    Text,
)
from inquiry.render.richtext import Tokenised


class Writer:
    """Writes the blocks of one page."""

    def __init__(
        self, site: s.Site, rich: Mapping[str, Tokenised], ids: s.Ids, view: ItemView | None
    ) -> None:
        self.site = site
        self.rich = rich
        self.ids = ids
        self.view = view

    def text(self, text: Text) -> list[s.Child]:
        return s.inline(self.site, text, here=self.view.id if self.view is not None else None)

    def facts(self, rows: Sequence[Fact], cls: str = "facts") -> HtmlElement:
        dl = s.el("dl", {"class": cls})
        for f in rows:
            dl.append(
                s.el("div", None, s.el("dt", None, f.label), s.el("dd", None, *self.text(f.value)))
            )
        return dl

    def section(self, section: Section) -> HtmlElement:
        if section.title is None:
            return s.el("div", {"class": "section"}, *self.blocks(section.blocks, None))
        hid = self.ids.new("s-" + _slug(section.title))
        return s.el(
            "section",
            {"aria-labelledby": hid, "class": "section"},
            s.el("h2", {"id": hid}, section.title),
            *self.blocks(section.blocks, section.title),
        )

    def blocks(self, blocks: Sequence[Block], title: str | None) -> list[s.Child]:
        out: list[s.Child] = []
        caption = title
        for block in blocks:
            if isinstance(block, Chart):
                caption = block.title  # the table after a chart holds its values
            out.append(self.block(block, caption, title))
        return out

    def block(self, block: Block, caption: str | None, title: str | None) -> HtmlElement:
        if isinstance(block, Facts):
            return self.facts(block.rows)
        if isinstance(block, Prose):
            return self.prose(block.rich.key)
        if isinstance(block, Quote):
            return self.quote(block)
        if isinstance(block, NumberedParagraphs):
            ol = s.el("ol", {"class": "numbered"})
            for p in block.paragraphs:
                ol.append(s.el("li", None, self.prose(p.key)))
            return ol
        if isinstance(block, Headline):
            return s.el(
                "p",
                {"class": "headline"},
                s.el("span", {"class": "label"}, *self.text(block.label)),
                " ",
                s.el("span", {"class": "value"}, block.value),
                " " if block.unit else None,
                s.el("span", {"class": "unit"}, *self.text(block.unit)) if block.unit else None,
            )
        if isinstance(block, Table):
            return self.table(block, caption, hidden=caption == title)
        if isinstance(block, Chart):
            return self.chart(block)
        if isinstance(block, Statement):
            return s.el(
                "div",
                {"class": "statement" if block.given else "statement none"},
                s.el("p", None, block.text),
                s.el("p", {"class": "note"}, *self.text(block.note)),
            )
        if isinstance(block, Lines):
            return self.lines(block)
        raise TypeError(f"no HTML for {type(block).__name__}")  # pragma: no cover

    def prose(self, key: str) -> HtmlElement:
        return fields.field(self.rich[key], self.site, self.ids)

    def quote(self, block: Quote) -> HtmlElement:
        quote = s.el("blockquote", {"class": block.style})
        for paragraph in block.paragraphs:
            p = s.el("p")
            for i, line in enumerate(paragraph):
                s.add(p, s.el("br") if i else None, *self.text(line))
            quote.append(p)
        return quote

    def table(self, table: Table, caption: str | None, *, hidden: bool = False) -> HtmlElement:
        right = {i for i, c in enumerate(table.columns) if c.align == "right"}
        head = s.el("tr")
        for i, c in enumerate(table.columns):
            head.append(s.el("th", {"class": _align(i, right), "scope": "col"}, c.label))
        body = s.el("tbody")
        for row in table.rows:
            tr = s.el("tr")
            for i, cell in enumerate(row):
                if i == 0:
                    attrs = {"class": _align(i, right), "scope": "row"}
                    tr.append(s.el("th", attrs, *self.text(cell)))
                else:
                    tr.append(s.el("td", {"class": _align(i, right)}, *self.text(cell)))
            body.append(tr)
        cap = s.el("caption", {"class": "visually-hidden"} if hidden else None, caption)
        data = s.el(
            "table", {"class": "data"}, cap if caption else None, s.el("thead", None, head), body
        )
        # A long label or unit scrolls, not the page. The region is numbered ("Table 1:
        # Figures"): its caption may be its section's title, or a chart's, each a region's name.
        return s.scrolling(data, self.ids, numbered=True)

    def chart(self, chart: Chart) -> HtmlElement:
        title_id = self.ids.new("chart")
        caption_id = self.ids.new("chart-title")
        # The chart keeps a width its labels can be read at; on a narrower screen it scrolls
        # sideways in its own region (focusable, so a keyboard can scroll it, as a wide
        # table's), and the page does not.
        frame = {
            "class": "scroll",
            "role": "region",
            "tabindex": "0",
            "aria-labelledby": caption_id,
        }
        return s.el(
            "figure",
            {"class": "chart"},
            s.el("div", frame, svg(chart, title_id)),
            s.el(
                "figcaption",
                None,
                s.el("span", {"class": "chart-title", "id": caption_id}, chart.title),
                " ",
                s.el("span", {"class": "chart-source"}, chart.source),
            ),
        )

    def lines(self, block: Lines) -> HtmlElement:
        """One line each; a line that describes one of this item's exhibits is where that
        exhibit's pinpoints land, and links to its file."""
        ul = s.el("ul", {"class": "lines"})
        for line in block.lines:
            li = s.el("li", None, *self.text(line))
            k = self.exhibit_in(line)
            if k is not None and self.view is not None:
                li.set("id", f"exhibit-{k}")
                exhibit = self.view.exhibits[k - 1]
                href = self.site.root(f"exhibits/{exhibit_name(self.view.number, k)}")
                s.add(
                    li,
                    " ",
                    s.el(
                        "a", {"class": "file", "href": href}, words.exhibit_file(k, exhibit.pages)
                    ),
                )
            ul.append(li)
        return ul

    def exhibit_in(self, line: Text) -> int | None:
        if self.view is None:
            return None
        for p in line.parts:
            if isinstance(p, Pin | ItemLink) and p.item == self.view.id and p.exhibit is not None:
                return p.exhibit if 1 <= p.exhibit <= len(self.view.exhibits) else None
        return None


def exhibit_name(number: str, k: int) -> str:
    """An exhibit's file name in the edition: from the item's number only, never its own name."""
    s.page_name(number, "x")  # the same check as for page names
    return f"{number}-{k}.pdf"


def _align(i: int, right: set[int]) -> str:
    return "num" if i in right else "text"


def _slug(title: str) -> str:
    out = "".join(ch.lower() if ch.isascii() and ch.isalnum() else "-" for ch in title)
    return "-".join(p for p in out.split("-") if p) or "section"
