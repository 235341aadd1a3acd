"""Views translated into pandoc AST for the DOCX: text parts, Markdown fields and blocks.

Nothing here decides what the reader sees (render/view.py does); this module only says how each
view node looks in Word. Redaction marks become runs in the "Redaction" character style.
Pinpoints (`[A1/34]`) and the index's page ranges are words with the PDF bundle's numbers, as in the
PDF and the HTML, each a link to the item's (or exhibit's) bookmark: never PAGEREF fields, which
Word and LibreOffice would recompute into this document's own pages and so make `[A1/34]` name
another page than the served PDF's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from inquiry.redaction import mark_label
from inquiry.render import wording
from inquiry.render.docx import openxml
from inquiry.render.docx.pandoc_ast import (
    Node,
    div,
    image,
    line_break,
    link,
    merge_words,
    nest_quotes,
    para,
    raw,
    styled,
    styled_para,
    table,
    words,
)
from inquiry.render.nodes import (
    Chart,
    Fact,
    Facts,
    Headline,
    ItemLink,
    Lines,
    Link,
    Mark,
    NumberedParagraphs,
    PageRange,
    PdfPages,
    Pin,
    Prose,
    Quote,
    Rich,
    Statement,
    Table,
    Text,
    TotalPages,
)
from inquiry.render.rich import special
from inquiry.render.rich_nodes import language_attr, span_language

TEXT_WIDTH_CM = 17.0
"""The width of the text block (A4 less 2 cm margins; render/docx/styles.py)."""
CHART_WIDTH_CM = 15.0
MARKDOWN_LEVEL_OFFSET = 3
"""Headings inside Markdown fields sit below the bundle's own three levels (tab, item, section),
so the navigation pane shows the bundle's structure, not whatever a field contains."""
_NO_ATTR: list[Any] = ["", [], []]


class Numbers(Protocol):
    """Where things landed in the PDF bundle."""

    def page(self, pin: Pin) -> int: ...

    def pages(self, item: str) -> tuple[int, int]: ...


@dataclass
class Context:
    """What translating needs: the PDF's page numbers, this document's page count, and bookmark
    ids."""

    numbers: Numbers | None  # None: no PDF laid out, so pinpoints show the item alone, `[A1]`
    chart_png: Callable[[Chart], bytes]
    # The DOCX's own page count as estimated, NUMPAGES' cached result: a reader that shows
    # cached results must not read the PDF's count as this document's.
    own_pages: int
    # Each item's exhibits' PDF pages (first, last), in exhibit order: a pinpoint to a page
    # that falls in an exhibit links to the page standing in for that exhibit.
    exhibit_pages: Mapping[str, Sequence[tuple[int, int]]] = field(default_factory=dict)
    _next_id: int = 0
    breaks: set[str] = field(default_factory=set)

    def bookmark(
        self, name: str, content: Sequence[Node], *, page_break: bool = False
    ) -> list[Node]:
        """`content` inside a bookmark; `page_break`: its paragraph starts a page. A bookmark
        holds some text: LibreOffice loses an empty one at the very end of a document."""
        self._next_id += 1
        if page_break:
            self.breaks.add(name)
        start = raw(openxml.bookmark_start(name, self._next_id))
        return [start, *content, raw(openxml.bookmark_end(self._next_id))]


# ----------------------------------------------------------------------------- text


def _pin_target(ctx: Context, p: Pin, page: int | None) -> str:
    """The bookmark a pinpoint links to: its exhibit's stand-in page when it names an exhibit
    or a PDF `page` inside one (`[@ID, p. N]` counts the item's pages, its exhibits' included),
    else the item's heading."""
    if p.exhibit:
        return openxml.exhibit_start(p.item, p.exhibit)
    if p.page and page is not None:
        for k, (first, last) in enumerate(ctx.exhibit_pages.get(p.item, ()), 1):
            if first <= page <= last:
                return openxml.exhibit_start(p.item, k)
    return openxml.item_start(p.item)


def pin(ctx: Context, p: Pin) -> Node:
    """`[A1/34]` with the PDF's page, as words: a link to the item (or exhibit)."""
    page = ctx.numbers.page(p) if ctx.numbers is not None else None
    shown = wording.pinpoint(p.number, page) if page is not None else f"[{p.number}]"
    return link(f"#{_pin_target(ctx, p, page)}", [{"t": "Str", "c": shown}])


def page_range(ctx: Context, item_id: str) -> list[Node]:
    """`12–14` (`4` for one page) with the PDF's pages, as words: a link to the item."""
    if ctx.numbers is None:
        return []
    shown = wording.page_range(*ctx.numbers.pages(item_id))
    return [link(f"#{openxml.item_start(item_id)}", [{"t": "Str", "c": shown}])]


def mark(label: str) -> Node:
    return styled("Redaction", [{"t": "Str", "c": label}])


def inlines(ctx: Context, text: Text) -> list[Node]:
    """A Text as inlines."""
    out: list[Node] = []
    for p in text.parts:
        if isinstance(p, str):
            out += words(p)
        elif isinstance(p, Mark):
            out.append(mark(p.label))
        elif isinstance(p, Pin):
            out.append(pin(ctx, p))
        elif isinstance(p, ItemLink):
            target = (
                openxml.exhibit_start(p.item, p.exhibit)
                if p.exhibit
                else openxml.item_start(p.item)
            )
            out.append(link(f"#{target}", words(p.text)))
        elif isinstance(p, Link):
            out.append(link(p.url, words(p.text)))
        elif isinstance(p, PageRange):
            out += page_range(ctx, p.item)
        elif isinstance(p, TotalPages):  # this document's own count, which Word updates
            out.append(raw(openxml.field("NUMPAGES", f"{ctx.own_pages:,}")))
        elif isinstance(p, PdfPages) and ctx.numbers is not None:
            out += words(wording.at_pages(ctx.numbers.page(p.first), ctx.numbers.page(p.last)))
    return out


# ----------------------------------------------------------------------------- Markdown


def rich(ctx: Context, value: Rich) -> list[Node]:
    """A Markdown field's blocks with our marks and pins translated; headings moved below the
    bundle's own; raw nodes and images (which validation refuses) dropped or described."""
    out = nest_quotes(_rich_list(ctx, value.blocks))
    assert isinstance(out, list)
    return out


_ATTRIBUTED = ("Span", "Link", "Code", "CodeBlock", "Table", "Figure")


def _rich_list(ctx: Context, nodes: list[Any]) -> list[Any]:
    out: list[Any] = []
    for node in nodes:
        t = node.get("t") if isinstance(node, dict) else None
        if t in ("RawInline", "RawBlock"):
            continue  # never passed through: it could be markup of any kind
        if t == "Div":  # only attributes, which a field may not set (a `custom-style`, say)
            out += _rich_list(ctx, node["c"][1])
            continue
        out.append(_rich_node(ctx, node))
    return merge_words(out)


def _rich_node(ctx: Context, node: Any) -> Any:
    if isinstance(node, list):
        return _rich_list(ctx, node)
    if not isinstance(node, dict):
        return node
    t = node.get("t")
    if t is None:
        return {k: _rich_node(ctx, v) for k, v in node.items()}
    found = special(node)
    if found is not None:
        kind, attrs = found
        if kind == "redacted":
            return mark(mark_label(attrs.get("code") or None))
        page = attrs.get("page", "")
        return pin(
            ctx, Pin(attrs["item"], attrs.get("number", "?"), int(page) if page.isdigit() else None)
        )
    if t == "Header":
        level, _, content = node["c"]
        level = min(level + MARKDOWN_LEVEL_OFFSET, 6)
        return {"t": t, "c": [level, list(_NO_ATTR), _rich_node(ctx, content)]}
    if t == "Image":
        return {"t": "Str", "c": wording.IMAGE_NOT_REPRODUCED}
    if t == "OrderedList":
        return {"t": t, "c": [_word_numbering(node["c"][0]), _rich_node(ctx, node["c"][1])]}
    if t == "Link" and not node["c"][1]:
        # A link written with no words (`[](https://…)`) shows its address, as in the PDF and
        # the HTML, as an autolink does.
        address = re.sub(r"^mailto:", "", str(node["c"][2][0]), flags=re.IGNORECASE)
        node = {"t": t, "c": [node["c"][0], words(address), node["c"][2]]}
    if t in _ATTRIBUTED:  # no attribute of a field's reaches Word (styles, bookmarks)...
        kept = language_attr(span_language(node["c"][0])) if t == "Span" else list(_NO_ATTR)
        return {"t": t, "c": [kept, *_rich_node(ctx, node["c"][1:])]}  # ...but a language
    if "c" in node:
        return {"t": t, "c": _rich_node(ctx, node["c"])}
    return node


def _word_numbering(attributes: list[Any]) -> list[Any]:
    """A list's numbering as pandoc's DOCX writer should write it to show the PDF's labels.
    An example list (`(@)`, `@.`, `@)`) is decimal with its own delimiter and start: the writer
    gave every example list in the document one Word list, written `(%1)`, so `@.` showed
    `(4)` and a field's `(@)` went on from another field's, where each field counts its own
    (the start the reader gave it). A `#.` list is decimal `1.` at any depth, where the writer
    made a nested one `a.`."""
    start, style, delim = attributes
    if style.get("t") in ("Example", "DefaultStyle"):
        style = {"t": "Decimal"}
    if delim.get("t") == "DefaultDelim":
        delim = {"t": "Period"}
    return [start, style, delim]


# ----------------------------------------------------------------------------- blocks


def fact_rows(ctx: Context, rows: Sequence[Fact], *, style: str = "Fact") -> list[Node]:
    """Label, tab, value: one paragraph per row, the values aligned on a tab stop."""
    return [
        styled_para(
            style,
            [styled("Fact Label", words(f.label)), raw(openxml.tab()), *inlines(ctx, f.value)],
        )
        for f in rows
    ]


def _quote(ctx: Context, block: Quote) -> list[Node]:
    paragraphs = []
    for lines in block.paragraphs:
        content: list[Node] = []
        for i, line in enumerate(lines):
            if i:
                content.append(line_break())
            content += inlines(ctx, line)
        paragraphs.append(para(content))
    return [div("Question" if block.style == "question" else "Block Text", paragraphs)]


_TEXT = ("Para", "Plain", "LineBlock")
NUMBER_WIDTH_CM = 1.0
"""The paragraph number's column: the "Witness Paragraph" style's hanging indent (its exact
width is set by finish.numbered_beside)."""


def _first_line(block: Node) -> list[Node]:
    """A text block's inlines (a line block's lines joined by breaks)."""
    if block["t"] != "LineBlock":
        return list(block["c"])
    out: list[Node] = []
    for i, line in enumerate(block["c"]):
        out += [line_break(), *line] if i else line
    return out


def _continued(blocks: Sequence[Node]) -> list[Node]:
    """A paragraph's blocks after its first line: its text indented under the number."""
    return [div("Witness Continuation", [b]) if b["t"] in _TEXT else b for b in blocks]


def _numbered(ctx: Context, block: NumberedParagraphs) -> list[Node]:
    """Numbered paragraphs. One of text alone hangs its number before its first line; one that
    holds any other block (a table, a heading, a list) is a row of a borderless table, its
    number beside its first block and every block indented under it, as in the PDF's grid
    (finish.py keeps the table borderless and lets its rows break across pages). Paragraphs of
    the second sort in a row share one table: tables that touch would be joined by Word."""
    out: list[Node] = []
    rows: list[list[tuple[list[Node], int]]] = []
    for n, paragraph in enumerate(block.paragraphs, 1):
        number = styled("Paragraph Number", words(f"{n}."))
        blocks = rich(ctx, paragraph)
        if all(b.get("t") in _TEXT for b in blocks):
            if rows:
                out.append(_beside(rows))
                rows = []
            first = _first_line(blocks[0]) if blocks else []
            out.append(styled_para("Witness Paragraph", [number, raw(openxml.tab()), *first]))
            out += _continued(blocks[1:])
        else:
            rows.append(
                [([styled_para("Witness Paragraph", [number])], 1), (_continued(blocks), 1)]
            )
    if rows:
        out.append(_beside(rows))
    return out


def _beside(rows: Sequence[Sequence[tuple[list[Node], int]]]) -> Node:
    number = NUMBER_WIDTH_CM / TEXT_WIDTH_CM
    return table((number, 1 - number), ["default"] * 2, None, rows, cell_style=None)


def _table(ctx: Context, block: Table) -> list[Node]:
    right = [c.align == "right" for c in block.columns]
    fixed = 0.18
    free = max(1, right.count(False))
    rest = max(0.1, 1.0 - fixed * right.count(True))
    widths = [fixed if r else rest / free for r in right]
    head = [[para(words(c.label))] for c in block.columns]
    rows = [[([para(inlines(ctx, cell))], 1) for cell in row] for row in block.rows]
    return [table(widths, [c.align for c in block.columns], head, rows)]


def _chart(ctx: Context, block: Chart) -> list[Node]:
    from inquiry.render.docx.chart import HEIGHT, WIDTH

    height = CHART_WIDTH_CM * HEIGHT / WIDTH
    picture = image(
        ctx.chart_png(block),
        "image/png",
        alt=block.alt,
        title=block.title,
        width_cm=CHART_WIDTH_CM,
        height_cm=height,
    )
    return [
        styled_para("Chart Title", words(block.title)),
        styled_para("Figure", [picture]),
        styled_para("Chart Source", words(block.source)),
    ]


def block(ctx: Context, b: object) -> list[Node]:
    """One view block as pandoc blocks."""
    if isinstance(b, Facts):
        return fact_rows(ctx, b.rows)
    if isinstance(b, Prose):
        return rich(ctx, b.rich)
    if isinstance(b, Quote):
        return _quote(ctx, b)
    if isinstance(b, NumberedParagraphs):
        return _numbered(ctx, b)
    if isinstance(b, Headline):
        value = [{"t": "Str", "c": b.value}]
        if b.unit:
            value += [{"t": "Space"}, styled("Statistic Unit", inlines(ctx, b.unit))]
        return [
            styled_para("Headline Label", inlines(ctx, b.label)),
            styled_para("Statistic Value", value),
        ]
    if isinstance(b, Table):
        return _table(ctx, b)
    if isinstance(b, Chart):
        return _chart(ctx, b)
    if isinstance(b, Statement):
        content = [*words(b.text), line_break(), styled("Statement Note", inlines(ctx, b.note))]
        return [styled_para("Statement of Truth", content)]
    if isinstance(b, Lines):
        return [styled_para("Line", inlines(ctx, t)) for t in b.lines]
    raise TypeError(f"no DOCX for {type(b).__name__}")  # pragma: no cover
