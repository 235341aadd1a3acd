"""What the reader sees of the bundle, decided once for every format (the Quarto callout model).

`views(plan, …)` turns each numbered item into an `ItemView` — number, id, kind name, title,
dates as worded, labelled facts, Markdown blocks, charts, related items with their pinpoints,
exhibits — and the front matter into a `FrontView`. Redaction is one rule applied here, to every
text the views hold; the PDF, DOCX and HTML renderers only translate views, so a label, a date
format, what is shown or what is redacted cannot differ between them.

The item views are made here; the front matter's in `view_front`; both are written by the
edition's `Writer` (`view_writer`), through which every string passes, and the facts peculiar to
each kind come from `view_kinds`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inquiry import numbering
from inquiry.numbering import Numbered, Plan
from inquiry.problems import Problem
from inquiry.redaction import Hit, Matcher
from inquiry.render import view_kinds, wording
from inquiry.render.fields import Parse, Store, prepared_fields
from inquiry.render.nodes import (
    ExhibitView,
    Fact,
    Facts,
    FrontView,
    ItemLink,
    ItemView,
    Lines,
    PdfPages,
    Pin,
    Prose,
    Rich,
    Section,
    Text,
)
from inquiry.render.view_front import annex, front
from inquiry.render.view_writer import (
    Writer,
    edition_matcher,
    markdown_fields,
    own_wording_problems,
)


@dataclass(frozen=True)
class ExhibitFacts:
    """What the views need to know of an exhibit file: its type, page count and hash (with
    `redacted`, the hash of the copy redaction made, not the coalition's file)."""

    kind: str
    pages: int
    sha256: str
    redacted: bool = False


@dataclass(frozen=True)
class Views:
    front: FrontView
    items: tuple[ItemView, ...]
    matcher: Matcher
    problems: tuple[Problem, ...]


def views(
    plan: Plan,
    *,
    exhibits: Mapping[tuple[str, int], ExhibitFacts],
    commit: str | None,
    parse: Parse,
    store: Store | None = None,
    salt: str = "",
    wording: Sequence[str] = (),
) -> Views:
    """Every item's view and the front matter's, for this plan's edition. Fields are prepared
    once (`inquiry.render.fields`), remembered in `store` when given. `wording`: a format's
    own words besides the views' (the HTML's signposts), which no `redact` entry may be."""
    matcher = edition_matcher(plan)
    texts = sorted({text for _, _, text in markdown_fields(plan)})
    w = Writer(plan, matcher, prepared_fields(texts, matcher, parse, store=store, salt=salt))
    items = []
    for section in plan.sections:
        opens = _opens_tab(plan, section)
        for i, entry in enumerate(section.items):
            items.append(_item(w, entry, opens and i == 0, exhibits))
    annexed = annex(w, plan) if plan.audience == "restricted" else ()
    front_view = front(w, plan, commit, annexed)
    w.problems += own_wording_problems(plan, matcher, (front_view, items, tuple(wording)))
    return Views(front_view, tuple(items), matcher, tuple(w.problems))


def _opens_tab(plan: Plan, section: numbering.Section) -> bool:
    """Whether the section's first item is headed with its tab's title: not when it was served
    after a number of its tab (and index) since withdrawn or superseded, for it was served
    without the heading, and its pages must read as served (red team h170: withdrawing B1 put
    "Tab B" over B2's untouched pages, and refused B2 as grown when they were full)."""
    served = plan.served.items.get(section.items[0].item.id) if plan.served else None
    if served is None or plan.served is None:
        return True
    return not any(
        r.tab == section.tab.tab
        and r.first_page < served.first_page
        and plan.served.group_of(r.first_page) == section.group
        for r in plan.retired
    )


def _item(
    w: Writer, entry: Numbered, first_in_tab: bool, exhibits: Mapping[tuple[str, int], ExhibitFacts]
) -> ItemView:
    w.take_marks()
    item = entry.item
    sections = [Section("Summary", (Prose(w.rich(entry, ("summary",), item.summary)),))]
    sections += view_kinds.sections(w, entry)
    sections.append(_source(w, entry))
    exhibit_views = tuple(
        _exhibit(w, entry, k, exhibits[(item.id, k)]) for k in range(1, len(item.exhibits) + 1)
    )
    related = _related(w, entry)
    if related:
        sections.append(related)
    if exhibit_views:
        sections.append(_exhibit_list(w, entry, exhibit_views))
    # A witness statement ends with its statement of truth.
    last = [s for s in sections if s.title == view_kinds.STATEMENT_OF_TRUTH]
    sections = [s for s in sections if s.title != view_kinds.STATEMENT_OF_TRUTH] + last
    pins = tuple(p for s in sections for b in s.blocks for p in _block_pins(b))
    return ItemView(
        id=item.id,
        number=entry.number,
        kind=item.kind,
        kind_name=wording.KIND_NAMES[item.kind],
        tab=entry.tab.tab,
        tab_title=w.plain(entry.tab.title),
        first_in_tab=first_in_tab,
        title=w.text(item.title),
        date=w.date(item.date),
        date_short=w.date(item.date, wording.short_date),
        lines_of_inquiry=tuple(dict.fromkeys(item.lines_of_inquiry)),  # twice: `ref-twice`
        head=(
            Fact("Date", Text.of(w.date(item.date))),
            Fact("Lines of inquiry", Text.of(", ".join(dict.fromkeys(item.lines_of_inquiry)))),
        ),
        draft=item.status == "draft",
        running_head=f"{entry.number} · {wording.head_id(item.id)}",
        sections=tuple(sections),
        exhibits=exhibit_views,
        pins=pins,
        marks=w.take_marks(),
    )


def _block_pins(block: object) -> list[Pin]:
    """Every pinpoint a block shows, wherever in it (texts, cells, fields)."""
    if isinstance(block, Pin):
        return [block]
    if isinstance(block, Rich):
        return list(block.pins)
    if isinstance(block, Text):
        return [p for p in block.parts if isinstance(p, Pin)]
    if isinstance(block, tuple | list):
        return [p for x in block for p in _block_pins(x)]
    fields = getattr(block, "__dataclass_fields__", None)
    if fields:
        return [p for name in fields for p in _block_pins(getattr(block, name))]
    return []


def _source(w: Writer, entry: Numbered) -> Section:
    s = entry.item.source
    rows = [Fact("Title", w.text(s.title))]
    if s.author:
        rows.append(Fact("Author", w.text(s.author)))
    if s.publisher:
        rows.append(Fact("Publisher", w.text(s.publisher)))
    if s.published:
        rows.append(Fact("Published", Text.of(w.date(s.published))))
    rows.append(Fact("Accessed", Text.of(w.date(s.accessed))))
    if s.url:
        rows.append(Fact("URL", w.url(s.url)))
    return Section("Source", (Facts(tuple(rows)),))


def _related(w: Writer, entry: Numbered) -> Section | None:
    """Related items in this edition; one the edition leaves out (restricted, draft) is not
    mentioned at all, so its id and title cannot leak."""
    lines = []
    for other_id in dict.fromkeys(entry.item.related):  # once, though written twice
        other = w.by_id.get(other_id)
        if other is None or other_id == entry.item.id:
            continue
        # No page number here: a number inside an item's text would tie its layout to every
        # other item's (the index and bookmarks give pages; the link leads there).
        lines.append(
            Text.of(
                "See also ",
                ItemLink(other_id, f"{other.number} ({other_id})"),
                ": ",
                w.text(other.item.title),
                ".",
            )
        )
    return Section("Related evidence", (Lines(tuple(lines)),)) if lines else None


def _exhibit(w: Writer, entry: Numbered, k: int, facts: ExhibitFacts) -> ExhibitView:
    exhibit = entry.item.exhibits[k - 1]
    name = exhibit.file.rsplit("/", 1)[-1]
    shown_name = w.text(name)
    kind = facts.kind if facts.kind in ("pdf", "png", "jpeg") else "pdf"
    before, between, after = wording.exhibit_caption(
        entry.number, entry.item.id, k, shown_name.plain()
    )
    # The edition's marks lead the caption in the strip under every exhibit page, boxed as on
    # the item's own pages: an exhibit page printed alone still says what it may not be.
    marks = (f"{wording.DRAFT} · " if entry.item.status == "draft" else "") + (
        "".join(f"{m} · " for m in wording.RESTRICTED_MARKS)
        if w.plan.audience == "restricted"
        else ""
    )
    caption = (marks + before, between, after)
    # The PDF's own page numbers, as words: the stand-in is the DOCX's page, not the PDF's.
    item_id = entry.item.id
    where = PdfPages(w.pin(item_id, exhibit=k), w.pin(item_id, page=facts.pages, exhibit=k))
    if kind == "pdf":
        note = Text.of(
            f"This PDF exhibit ({wording.plural(facts.pages, 'page')}) is reproduced in full in "
            "the PDF bundle",
            where,
            f", after item {entry.number}.",
        )
    else:
        note = Text.of(
            "The image is reproduced here and, on a page of its own, in the PDF bundle", where, "."
        )
    return ExhibitView(
        index=k,
        description=w.text(exhibit.description),
        name=shown_name,
        file=w.text(exhibit.file),
        kind=kind,  # type: ignore[arg-type]
        sha256=facts.sha256,
        hash_label=wording.REDACTED_HASH if facts.redacted else wording.EXHIBIT_FACTS[3],
        pages=facts.pages,
        caption=caption,
        note=note,
    )


def _exhibit_list(w: Writer, entry: Numbered, exhibits: Sequence[ExhibitView]) -> Section:
    """Each exhibit, linked to its first page. Not paged: pinpoints here made every item with
    an exhibit depend on where it lands, so a cold build laid most chunks out twice (benchmark
    A: 25 s → 37 s, 0.87 → 1.01 GB); the exhibit's own pages carry its number, its page and the
    bundle page, its bookmark gives them too, and the DOCX stand-in names them."""
    lines = tuple(
        Text.of(
            ItemLink(entry.item.id, f"Exhibit {e.index}", exhibit=e.index),
            ": ",
            e.description,
            " (",
            e.file,
            f"; {wording.plural(e.pages, 'page')}).",
        )
        for e in exhibits
    )
    return Section("Exhibits", (Lines(lines),))


__all__ = [
    "ExhibitFacts",
    "Hit",
    "Views",
    "Writer",
    "edition_matcher",
    "markdown_fields",
    "views",
]
