"""Views translated into typst: one document per chunk of items (the front matter's pieces are
in typst_front.py), and the filler pages.

Nothing here decides what the reader sees (render/view.py does); this module only writes typst.
User text only ever enters typst as string literals (`typst_code.lit`) or as pandoc's typst output
for a redacted Markdown field; redaction marks and pinpoints arrive as our own tokens in that
output and are replaced here by calls into the template. Page numbers come from a `Numbers`
object: the layout once it is known, an estimate before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from inquiry.redaction import mark_label
from inquiry.render import wording
from inquiry.render.languages import text_direction
from inquiry.render.nodes import (
    Chart,
    Facts,
    Headline,
    ItemLink,
    ItemView,
    Lines,
    Link,
    Mark,
    NumberedParagraphs,
    PageRange,
    Pin,
    Prose,
    Quote,
    Section,
    Statement,
    Table,
    Text,
    TotalPages,
)
from inquiry.render.pdf.chart import chart
from inquiry.render.pdf.layout import Head, Run
from inquiry.render.pdf.typst_code import lit
from inquiry.render.richtext import Tokenised, typst_language

WIDE_HEADING = 32
"""Characters of a column of figures' heading past which it shares the line (`fr`, not `auto`)."""

GOTO = "inquiry-goto:"
"""Links into the bundle are URIs with this scheme; assembly turns each into a link to a page.
Markdown cannot produce one: validation only lets http, https and mailto links through."""


class Numbers(Protocol):
    """Where things landed (or are estimated to land) in the bundle."""

    def page(self, pin: Pin) -> int: ...

    def pages(self, item: str) -> tuple[int, int]: ...

    def total(self) -> int: ...


def goto(pin: Pin | None = None, *, item: str | None = None) -> str:
    """The private URI of a link into the bundle: an item, one of its pages or exhibits."""
    if pin is None:
        return f"{GOTO}{item}"
    if pin.exhibit:
        return f"{GOTO}{pin.item}/x{pin.exhibit}"
    if pin.page:
        return f"{GOTO}{pin.item}/p{pin.page}"
    return f"{GOTO}{pin.item}"


def goto_page(page: int) -> str:
    """The private URI of a link to a bundle page by its number (a retired number's pages,
    which no item holds)."""
    return f"{GOTO}@{page}"


def anchor(item_id: str) -> str:
    """The label on an item's heading: typst makes it a named destination, by which assembly
    finds the item's first page in a compiled chunk."""
    return f"inq item {item_id}"


def pin_code(pin: Pin, numbers: Numbers) -> str:
    words = wording.pinpoint(pin.number, numbers.page(pin))
    return f"pin({lit(words)}, {lit(goto(pin))})"


def inline(text: Text, numbers: Numbers) -> str:
    """A Text as typst content `[…]`."""
    out = []
    for p in text.parts:
        if isinstance(p, str):
            out.append(f"#{lit(p)}")
        elif isinstance(p, Mark):
            out.append(f"#redacted({lit(p.label)});")
        elif isinstance(p, Pin):
            out.append(f"#{pin_code(p, numbers)};")
        elif isinstance(p, ItemLink):
            target = goto(Pin(p.item, "", exhibit=p.exhibit)) if p.exhibit else goto(item=p.item)
            out.append(f"#std.link({lit(target)}, {lit(p.text)});")
        elif isinstance(p, Link):
            shown = url_text(p.text)
            out.append(f"#std.link({lit(p.url)}, text(font: mono-font, size: 7.5pt, {shown}));")
        elif isinstance(p, PageRange):
            out.append(f"#{lit(wording.page_range(*numbers.pages(p.item)))}")
        elif isinstance(p, TotalPages):
            out.append(f"#{lit(f'{numbers.total():,}')}")
    return "[" + "".join(out) + "]"


@dataclass(frozen=True)
class RichTypst:
    """Every Markdown field of the bundle already written as typst by pandoc, with tokens."""

    by_key: Mapping[str, Tokenised]

    def code(self, key: str, numbers: Numbers) -> str:
        tokenised = self.by_key[key]

        def replace(kind: str, attrs: Mapping[str, str]) -> str:
            if kind == "redacted":
                return f"#redacted({lit(mark_label(attrs.get('code') or None))});"
            pin = Pin(attrs["item"], attrs.get("number", "?"), _int(attrs.get("page")))
            return f"#{pin_code(pin, numbers)};"

        return "md[\n" + tokenised.fill(replace) + "\n]"

    def notes(self, key: str) -> int:
        """How many footnotes a field holds."""
        return self.by_key[key].text.count("#footnote")


RUN_PARAGRAPHS = 20
RUN_NOTES = 30
"""A statement's numbered paragraphs are laid out as lists of at most 20, and of fewer where
they hold more than 30 footnotes (typst lays a list out again for each footnote in it)."""


def numbered_runs(notes: Sequence[int]) -> list[int]:
    """How many paragraphs each run holds, given each paragraph's footnotes."""
    runs: list[int] = []
    size = held = 0
    for count in notes:
        if size and (size == RUN_PARAGRAPHS or held + count > RUN_NOTES):
            runs.append(size)
            size = held = 0
        size += 1
        held += count
    if size:
        runs.append(size)
    return runs


URL_PART_MAX = 60
"""The longest part of a URL kept on one line; a longer one may break anywhere typst would
break it (see the template's long-run rule), rather than run off the page."""
_URL_PARTS = re.compile(r"-?[^/-]*/?")


def url_text(url: str) -> str:
    """A URL's words as typst content that breaks only after a slash or before a hyphen: each
    part between those places is a box. Typst would otherwise break after a hyphen, where a PDF
    reader's copy (and search) takes the hyphen for hyphenation and drops it, so the copied
    address is wrong (`…-laden-non-` + `prefigurative…` became `…nonprefigurative…`). A line
    that begins with the hyphen keeps it. Boxes add nothing to the text a reader copies."""
    parts = [part for part in _URL_PARTS.findall(url) if part]
    code = [f"box({lit(part)})" if len(part) <= URL_PART_MAX else lit(part) for part in parts]
    return "{" + "; ".join(code) + "}" if code else lit(url)


STATEMENT_NOTE_MAX = 100
"""The longest note under a statement of truth (in characters) set as a paragraph of its own:
its two lines at most keep the page as the one paragraph of statement and note laid it out
(the template's `statement`); a longer one (a witness reference of a hundred digits) is still
that one paragraph, one span to a screen reader."""


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _block(block: object, rich: RichTypst, numbers: Numbers) -> str:
    if isinstance(block, Facts):
        rows = ", ".join(f"({lit(f.label)}, {inline(f.value, numbers)})" for f in block.rows)
        # A short box is kept on one page (a source's last row was left alone on the next); a
        # long one may break, never running off a page it cannot fit.
        short = len(block.rows) <= 8 and sum(len(f.value.plain()) for f in block.rows) <= 600
        return f"facts(({rows},), breakable: {'false' if short else 'true'})"
    if isinstance(block, Prose):
        return rich.code(block.rich.key, numbers)
    if isinstance(block, Quote):
        paragraphs = [
            " #linebreak() ".join(inline(line, numbers)[1:-1] for line in p)
            for p in block.paragraphs
        ]
        if block.style == "extract":  # a quotation of paragraphs, one P each
            return "extract((" + "".join(f"[{p}], " for p in paragraphs) + "))"
        return "question([" + " #parbreak() ".join(paragraphs) + "])"
    if isinstance(block, NumberedParagraphs):
        items = ", ".join(rich.code(p.key, numbers) for p in block.paragraphs)
        runs = numbered_runs([rich.notes(p.key) for p in block.paragraphs])
        return f"numbered(({items},), runs: ({', '.join(map(str, runs))},))"
    if isinstance(block, Headline):
        return (
            f"headline({inline(block.label, numbers)}, {lit(block.value)}, "
            f"{inline(block.unit, numbers)})"
        )
    if isinstance(block, Table):
        # A long heading's column of figures shares the line: as wide as its heading, it left the
        # others no room, their words printed over each other (red team h166).
        columns = ", ".join(
            lit("auto" if c.align == "right" and len(c.label) <= WIDE_HEADING else "fr")
            for c in block.columns
        )
        aligns = ", ".join(lit(c.align) for c in block.columns)
        header = "(" + ", ".join(lit(c.label) for c in block.columns) + ",)"
        cells = [header] + [
            "(" + ", ".join(inline(cell, numbers) for cell in row) + ",)" for row in block.rows
        ]
        return f"data-table(({columns},), ({aligns},), ({', '.join(cells)},))"
    if isinstance(block, Chart):
        return chart(block)
    if isinstance(block, Statement):
        one = ", one: true" if len(block.note.plain()) > STATEMENT_NOTE_MAX else ""
        return f"statement({lit(block.text)}, {inline(block.note, numbers)}{one})"
    if isinstance(block, Lines):
        return "lines((" + "".join(inline(t, numbers) + ", " for t in block.lines) + "))"
    raise TypeError(f"no typst for {type(block).__name__}")  # pragma: no cover


def _section(section: Section, rich: RichTypst, numbers: Numbers) -> str:
    body = "{" + "; ".join(_block(b, rich, numbers) for b in section.blocks) + "}"
    title = "none" if section.title is None else f"[{section.title}]"
    return f"#section({title}, {body})"


def item(view: ItemView, rich: RichTypst, numbers: Numbers) -> str:
    """One item's page(s)."""
    tab_line = f"Tab {view.tab} — {view.tab_title}"
    head = ", ".join(f"({lit(f.label)}, {inline(f.value, numbers)})" for f in view.head)
    d = (
        f"(number: {lit(view.number)}, id: {lit(view.id)}, kind: {lit(view.kind_name)}, "
        f"title: {inline(view.title, numbers)}, anchor: {lit(anchor(view.id))}, "
        f"draft: {'true' if view.draft else 'false'}, running-head: {lit(view.running_head)}, "
        f"tab-line: {lit(tab_line)}, "
        f"tab-heading: {lit(tab_line) if view.first_in_tab else 'none'}, head: ({head},))"
    )
    body = "\n".join(_section(s, rich, numbers) for s in view.sections)
    return f"#item-page({d}, [\n{body}\n])"


def preamble(*, restricted: str | None, language: str) -> str:
    lang, region = typst_language(language)
    args = f"restricted: {lit(restricted) if restricted else 'none'}, lang: {lit(lang)}"
    args += f", region: {lit(region) if region else 'none'}"
    args += f", dir: {text_direction(language)}"
    return f'#import "template.typ": *\n#show: setup.with({args})\n'


def chunk(views: Sequence[ItemView], rich: RichTypst, numbers: Numbers, *, preamble_: str) -> str:
    """A typst document holding these items, each from a new page."""
    return preamble_ + "\n".join(item(v, rich, numbers) for v in views) + "\n"


def filler_pages(runs: Sequence[Run], tabs: Mapping[str, str], *, preamble_: str) -> str:
    """The pages of filler runs (blank, withdrawn, superseded, moved), one for each of a run's
    words; a page naming an item (its successor) links to it, and a retired number's pages
    carry the running head its item's pages had: its tab (titled from `tabs`, letter → the
    edition's title, redacted) and `C1 · ST-001`."""
    return preamble_ + "".join(
        _filler(w, run.link, run.head, tabs) for run in runs for w in run.words
    )


def _filler(words: str, item: str, head: Head | None, tabs: Mapping[str, str]) -> str:
    dest = lit(goto(item=item)) if item else "none"
    if head is None:
        return f"#filler-page({lit(words)}, dest: {dest})\n"
    tab_line = wording.tab_heading(head.tab, tabs.get(head.tab, ""))
    running = f"{head.number} · {wording.head_id(head.id)}"
    d = f"(tab-line: {lit(tab_line)}, running-head: {lit(running)}, draft: false)"
    return f"#filler-page({lit(words)}, dest: {dest}, head: {d})\n"
