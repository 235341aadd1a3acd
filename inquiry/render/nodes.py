"""The format-neutral pieces a view is made of: what the reader sees, not how it is drawn.

Plain text is a `Text` of parts — words, redaction marks, and references whose numbers are only
known once the PDF is laid out (pinpoints, page ranges, the page count). Markdown is a `Rich`:
pandoc AST blocks already redacted (see `render/rich.py`). Blocks are the few shapes an item's
sections take. Every renderer (typst, Word, HTML) translates exactly these and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from inquiry.redaction import Matcher, mark_label
from inquiry.render import wording


@dataclass(frozen=True)
class Mark:
    """Where a redacted string was: shown as `[CODE]` or `[REDACTED]`."""

    code: str | None

    @property
    def label(self) -> str:
        return mark_label(self.code)


@dataclass(frozen=True)
class Pin:
    """A pinpoint to an item: `[A3/45]`. `page` is the item's own page (1 = its first page);
    with `exhibit`, its k-th exhibit's page (its first without `page`). Resolved by the
    renderer from the layout."""

    item: str
    number: str
    page: int | None = None
    exhibit: int | None = None


@dataclass(frozen=True)
class ItemLink:
    """Words that link to an item's first page (e.g. `A3 (SF-003)`), or to the first page of
    its `exhibit`-th exhibit."""

    item: str
    text: str
    exhibit: int | None = None


@dataclass(frozen=True)
class Link:
    """A web link: its words and where it goes."""

    url: str
    text: str


@dataclass(frozen=True)
class PageRange:
    """An item's page range (`12–13`), from the layout."""

    item: str


@dataclass(frozen=True)
class TotalPages:
    """The bundle's page count, from the layout."""


@dataclass(frozen=True)
class PdfPages:
    """Where the PDF bundle has the pages from `first` to `last`, as words after a space
    (` at pages 15–17`, ` at page 15`), from the PDF's layout: the DOCX's page standing in for
    an exhibit says so, in plain text (a field would be updated to the DOCX's own pages).
    Nothing at all without the PDF's layout."""

    first: Pin
    last: Pin


Part = str | Mark | Pin | ItemLink | Link | PageRange | TotalPages | PdfPages


@dataclass(frozen=True)
class Text:
    """A run of plain text made of parts."""

    parts: tuple[Part, ...] = ()

    @classmethod
    def of(cls, *parts: Part | Text | Iterable[Part]) -> Text:
        out: list[Part] = []
        for p in parts:
            if isinstance(p, Text):
                out.extend(p.parts)
            elif isinstance(p, Part):
                out.append(p)
            else:
                out.extend(p)
        merged: list[Part] = []
        for p in out:
            if isinstance(p, str) and merged and isinstance(merged[-1], str):
                merged[-1] += p
            elif p != "":
                merged.append(p)
        return cls(tuple(merged))

    def __bool__(self) -> bool:
        return bool(self.parts)

    def plain(self) -> str:
        """The words alone, marks as their labels (for bookmarks, metadata, alt text)."""
        out = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
            elif isinstance(p, Mark):
                out.append(p.label)
            elif isinstance(p, ItemLink | Link):
                out.append(p.text)
            elif isinstance(p, Pin):
                out.append(f"[{p.number}]")
        return "".join(out)


@dataclass(frozen=True, eq=False)
class Rich:
    """A Markdown field as redacted pandoc AST blocks (with our pin and mark spans)."""

    blocks: list[Any]
    key: str = ""  # a stable digest of `blocks`, for caches and equality
    pins: tuple[Pin, ...] = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rich) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


# ------------------------------------------------------------------------------ blocks


@dataclass(frozen=True)
class Fact:
    label: str
    value: Text


@dataclass(frozen=True)
class Facts:
    """Label–value rows (the survey, the witness, the document, the source)."""

    rows: tuple[Fact, ...]


@dataclass(frozen=True)
class Prose:
    """A Markdown field."""

    rich: Rich


@dataclass(frozen=True)
class Quote:
    """Verbatim words: paragraphs of lines, line breaks kept (a policy extract, a question)."""

    paragraphs: tuple[tuple[Text, ...], ...]
    style: Literal["extract", "question"] = "extract"


@dataclass(frozen=True)
class NumberedParagraphs:
    """Numbered paragraphs (a witness's statement)."""

    paragraphs: tuple[Rich, ...]


@dataclass(frozen=True)
class Headline:
    """A statistic's figure, large: what it measures, the value and its unit."""

    label: Text
    value: str
    unit: Text


@dataclass(frozen=True)
class Column:
    label: str
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True)
class Chart:
    """A series drawn as a chart; `alt` says what it shows and its shape (first, last, highest
    and lowest values): the table that follows it gives every value."""

    periods: tuple[str, ...]
    values: tuple[float, ...]
    unit: str
    title: str
    source: str
    alt: str
    withheld: Matcher | None = field(default=None, repr=False)
    """The edition's matcher: a label cut short to fit must not show one of its strings."""

    def shows(self, text: str) -> bool:
        """Whether `text`, words drawn for this chart, shows a string the edition redacts."""
        return self.withheld is not None and bool(self.withheld.search(text))


@dataclass(frozen=True)
class Statement:
    """A statement of truth (or the sentence saying none was given), and a note under it."""

    text: str
    note: Text
    given: bool


@dataclass(frozen=True)
class Lines:
    """One line each (related items, exhibits): each a Text with its links and pinpoints."""

    lines: tuple[Text, ...]


Block = Facts | Prose | Quote | NumberedParagraphs | Headline | Table | Chart | Statement | Lines


@dataclass(frozen=True)
class Section:
    title: str | None
    blocks: tuple[Block, ...]


# ------------------------------------------------------------------------------ items


@dataclass(frozen=True)
class ExhibitView:
    """An exhibit as the reader meets it: its number, what it is, and its file."""

    index: int
    description: Text
    name: Text  # the file name shown (redacted)
    file: Text  # the path shown (redacted)
    kind: Literal["pdf", "png", "jpeg"]
    sha256: str
    hash_label: str  # what the hash is of: the file, or the copy redaction made of it
    pages: int
    caption: tuple[str, str, str]  # the strip under each page: before, between, after numbers
    note: Text  # what the DOCX says in its stead


@dataclass(frozen=True)
class ItemView:
    """One item as the reader sees it, in every format."""

    id: str
    number: str
    kind: str
    kind_name: str
    tab: str
    tab_title: str
    first_in_tab: bool
    title: Text
    date: str
    date_short: str
    lines_of_inquiry: tuple[str, ...]
    head: tuple[Fact, ...]  # the rows under the title: date, lines of inquiry
    draft: bool
    running_head: str  # `A1 · SF-001`: never the title, which may be long or redacted
    sections: tuple[Section, ...]
    exhibits: tuple[ExhibitView, ...] = ()
    pins: tuple[Pin, ...] = field(default=())  # every pinpoint the item shows
    marks: tuple[str | None, ...] = ()  # the code of every redaction mark the item shows


# ------------------------------------------------------------------------------ front matter


@dataclass(frozen=True)
class IndexRow:
    number: str
    id: str
    title: Text
    kind_name: str
    date: str
    lines_of_inquiry: str
    draft: bool
    pages: PageRange


@dataclass(frozen=True)
class RetiredRow:
    """A served number no longer shown, in its place among its tab's rows: cited once, it must
    still be found. It shows the number and id served and, in place of title, kind and date,
    `statement` ("Withdrawn", "Superseded by B7") — never the title, which may be what was
    withdrawn — with the served pages that still stand for it, `first`–`last`. `by` and `by_id`
    name the number now in its place and that number's item when it is in this edition; `notice`
    is what the page at its old address says (with a pinpoint to that number's first page)."""

    number: str
    id: str
    statement: Text  # the number in its place linked to its item, when in this edition
    first: int
    last: int
    notice: Text
    by: str = ""
    by_id: str = ""


@dataclass(frozen=True)
class IndexSection:
    """A tab's rows in one index, in page order: its items and its retired numbers. Its
    heading links to its first row's pages."""

    tab: str
    title: str
    first: str  # the id of its first item ("" when it shows retired numbers only)
    rows: tuple[IndexRow | RetiredRow, ...]
    supplementary: bool = False


@dataclass(frozen=True)
class LoiRow:
    id: str
    title: Text
    question: Text
    pins: tuple[Pin, ...]
    none: str  # what the evidence column says when `pins` is empty


@dataclass(frozen=True)
class Cover:
    kicker: Text
    title: Text
    facts: tuple[Fact, ...]
    drafts: bool
    note: str


@dataclass(frozen=True)
class Supplement:
    """The index of items added after a bundle was served: placed after its last served page,
    so nothing served moves."""

    group: int
    title: str
    index: tuple[IndexSection, ...]
    lines_of_inquiry: tuple[LoiRow, ...]


@dataclass(frozen=True)
class AnnexRow:
    """One line of the restricted edition's redaction schedule: where the public edition
    redacts (an item's text, or one of its exhibits), how often, under which code and why."""

    pin: Pin
    exhibit: int | None
    code: str | None
    reason: str
    count: int


@dataclass(frozen=True)
class FrontView:
    cover: Cover
    index: tuple[IndexSection, ...]
    lines_of_inquiry: tuple[LoiRow, ...]
    supplements: tuple[Supplement, ...]
    annex: tuple[AnnexRow, ...]
    restricted: bool
    language: str
    title: str  # the bundle's title, redacted, for metadata and running heads
    author: str
    subject: str
    keywords: str
    tab_titles: tuple[tuple[str, str], ...] = ()  # (letter, title redacted) of every tab
    marks: tuple[tuple[str, str], ...] = ()  # (mark, meaning redacted): `("[PI]", "Personal …")`
    edition: str = wording.PUBLIC_EDITION  # as the cover names it (`wording.DRAFTS_EDITION`…)
