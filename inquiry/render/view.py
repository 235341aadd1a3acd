"""What the reader sees of the bundle, decided once for every format (the Quarto callout model).

`views(plan, …)` turns each numbered item into an `ItemView` — number, id, kind name, title,
dates as worded, labelled facts, Markdown blocks, charts, related items with their pinpoints,
exhibits — and the front matter into a `FrontView`. Redaction is one rule applied here, to every
text the views hold; the PDF, DOCX and HTML renderers only translate views, so a label, a date
format, what is shown or what is redacted cannot differ between them.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inquiry.model import PolicyExtract, Statistic, SurveyFinding, Testimony
from inquiry.numbering import Numbered, Plan
from inquiry.numbering import Section as PlanSection
from inquiry.problems import Problem
from inquiry.redaction import Entry, Hit, Matcher
from inquiry.render import view_kinds, wording
from inquiry.render.fields import Parse, Prepared, Store, prepared_fields
from inquiry.render.nodes import (
    AnnexRow,
    Cover,
    ExhibitView,
    Fact,
    Facts,
    FrontView,
    IndexRow,
    IndexSection,
    ItemLink,
    ItemView,
    Lines,
    Link,
    LoiRow,
    Mark,
    PageRange,
    Pin,
    Prose,
    Rich,
    Section,
    Supplement,
    Text,
    TotalPages,
)
from inquiry.render.rich import everything, special


@dataclass(frozen=True)
class ExhibitFacts:
    """What the views need to know of an exhibit file: its type, page count and hash."""

    kind: str
    pages: int
    sha256: str


@dataclass(frozen=True)
class Views:
    front: FrontView
    items: tuple[ItemView, ...]
    matcher: Matcher
    problems: tuple[Problem, ...]


def edition_matcher(plan: Plan) -> Matcher:
    """The public edition redacts every `redact` string of every included item, everywhere
    (an item's own list and its exhibits' text entries); the restricted edition redacts nothing."""
    if plan.audience != "public":
        return Matcher(())
    return Matcher([e for n in plan.items for e in edition_matcher_entries(n)])


def _entry(value: object) -> Entry | None:
    if isinstance(value, str):
        return Entry(value)
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return Entry(text, getattr(value, "code", None))
    return None  # a region: exhibits only


class Writer:
    """Makes the parts of views for one edition: every string through the one matcher."""

    def __init__(self, plan: Plan, matcher: Matcher, prepared: Mapping[str, Prepared]) -> None:
        self.plan = plan
        self.matcher = matcher
        self.prepared = prepared
        self.by_id = plan.by_id()
        self.problems: list[Problem] = []
        self.marks: list[str | None] = []  # codes of the marks made since the last `take_marks`

    def take_marks(self) -> tuple[str | None, ...]:
        """The codes of the redaction marks made since the last call (one item's, in order)."""
        marks, self.marks = tuple(self.marks), []
        return marks

    def text(self, s: str) -> Text:
        """Plain text, redacted, white space collapsed (a field's line breaks are not the
        reader's: paragraphs are joined with a space)."""
        s = " ".join(s.split())
        if not self.matcher.search(s):
            return Text((s,)) if s else Text()
        parts = [p if isinstance(p, str) else Mark(p.code) for p in self.matcher.split(s)]
        self.marks += [p.code for p in parts if isinstance(p, Mark)]
        return Text.of(*parts)

    def plain(self, s: str) -> str:
        return self.matcher.plain(" ".join(s.split()))

    def lines(self, s: str) -> tuple[tuple[Text, ...], ...]:
        """Verbatim text as paragraphs of lines: the author's line breaks stay."""
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", s.strip()) if p.strip()]
        return tuple(
            tuple(self.text(line) for line in p.splitlines() if line.strip()) for p in paragraphs
        )

    def url(self, url: str) -> Text:
        """A link, unless its address names a redacted string: then only its redacted words."""
        if self.matcher.in_url(url):
            # Shown decoded, so `Sebastian%20Quill` is redacted like the words it spells.
            return self.text(urllib.parse.unquote_plus(url))
        return Text.of(Link(url, url))

    def rich(self, entry: Numbered, path: tuple[str | int, ...], source: str) -> Rich:
        blocks, outcome = self.prepared[source]
        pins: list[Pin] = []
        for found in outcome.pins:
            target = self.by_id.get(found.item)
            if target is None:
                self._problem(
                    entry,
                    path,
                    "ref-excluded-item",
                    f"`{found.item}` is not in the {self.plan.audience} edition"
                    + ("" if self.plan.include_drafts else " (it may be a draft)"),
                    "cite only items this edition includes, or leave the reference out",
                )
                continue
            pins.append(Pin(found.item, target.number, found.page))
        for bad in outcome.bad_locators:
            self._problem(
                entry, path, "ref-locator", f"`{bad}` is not a page locator", "write `[@ID, p. 2]`"
            )
        if pins:
            blocks = _number_pins(blocks, self.by_id)
        # The blocks follow from the source, the edition's redactions and the cited numbers.
        numbers = "|".join(f"{p.item}={p.number}" for p in pins)
        text = f"{self.matcher.signature}|{numbers}|{source}"
        key = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
        self.marks += outcome.marks
        return Rich(blocks, key, tuple(pins))

    def pin(self, item_id: str, *, page: int | None = None, exhibit: int | None = None) -> Pin:
        return Pin(item_id, self.by_id[item_id].number, page, exhibit)

    def _problem(
        self, entry: Numbered, path: tuple[str | int, ...], code: str, message: str, hint: str
    ) -> None:
        pos = entry.entry.doc.value_pos(path)
        self.problems.append(
            Problem(entry.entry.file, pos.line, pos.column, code, message, "error", hint)
        )


def _number_pins(blocks: Any, by_id: Mapping[str, Numbered]) -> Any:
    """Give each pin span its target's number (`A3`), for renderers to show."""
    if isinstance(blocks, list):
        return [_number_pins(b, by_id) for b in blocks]
    if isinstance(blocks, dict):
        found = special(blocks) if "t" in blocks else None
        if found and found[0] == "pin":
            attrs = found[1]
            target = by_id.get(attrs.get("item", ""))
            if target is not None:
                pairs = [*blocks["c"][0][2], ["number", target.number]]
                return {
                    "t": "Span",
                    "c": [[blocks["c"][0][0], blocks["c"][0][1], pairs], blocks["c"][1]],
                }
            return blocks
        return {k: _number_pins(v, by_id) for k, v in blocks.items()}
    return blocks


def markdown_fields(plan: Plan) -> list[tuple[Numbered, tuple[str | int, ...], str]]:
    """Every Markdown field of every included item, with its path."""
    return markdown_fields_for(plan.items)


def markdown_fields_for(
    items: Sequence[Numbered],
) -> list[tuple[Numbered, tuple[str | int, ...], str]]:
    out: list[tuple[Numbered, tuple[str | int, ...], str]] = []
    for n in items:
        item = n.item
        out.append((n, ("summary",), item.summary))
        if isinstance(item, SurveyFinding):
            out.append((n, ("finding",), item.finding))
        elif isinstance(item, Testimony):
            out += [(n, ("paragraphs", i), p) for i, p in enumerate(item.paragraphs)]
        elif isinstance(item, Statistic) and item.caveats:
            out.append((n, ("caveats",), item.caveats))
        elif isinstance(item, PolicyExtract) and item.commentary:
            out.append((n, ("commentary",), item.commentary))
    return out


def views(
    plan: Plan,
    *,
    exhibits: Mapping[tuple[str, int], ExhibitFacts],
    commit: str | None,
    parse: Parse,
    store: Store | None = None,
    salt: str = "",
) -> Views:
    """Every item's view and the front matter's, for this plan's edition. Fields are prepared
    once (`inquiry.render.fields`), remembered in `store` when given."""
    matcher = edition_matcher(plan)
    texts = sorted({text for _, _, text in markdown_fields(plan)})
    w = Writer(plan, matcher, prepared_fields(texts, matcher, parse, store=store, salt=salt))
    items = []
    for section in plan.sections:
        for i, entry in enumerate(section.items):
            items.append(_item(w, entry, i == 0, exhibits))
    front = _front(w, plan, commit, _annex(w, plan) if plan.audience == "restricted" else ())
    return Views(front, tuple(items), matcher, tuple(w.problems))


def _annex(w: Writer, plan: Plan) -> tuple[AnnexRow, ...]:
    """The restricted edition's schedule of what the public edition redacts: for each public
    item, how often each of the public edition's redacted strings occurs in its text, and each
    exhibit's declared redactions, with the code's meaning (never the strings themselves)."""
    public = Matcher(
        [e for n in plan.items if n.item.audience == "public" for e in edition_matcher_entries(n)]
    )
    if not public:
        return ()
    codes = dict(getattr(plan.submission, "redaction_codes", {}) or {})
    code_of = {e.text: e.code for e in public.entries}
    rows: list[AnnexRow] = []
    for n in plan.items:
        if n.item.audience != "public":
            continue
        texts = [_strings(n.item.model_dump(mode="json"))]
        # As rendered in this (restricted, unredacted) edition: what the public edition marks.
        texts += [everything(w.prepared[t][0]) for _, _, t in markdown_fields_for([n])]
        counts: dict[str | None, int] = {}
        for found, _ in public.search("\n".join(texts)):
            counts[code_of.get(found)] = counts.get(code_of.get(found), 0) + 1
        for code, count in sorted(counts.items(), key=lambda kv: kv[0] or ""):
            rows.append(AnnexRow(w.pin(n.item.id), None, code, _reason(codes, code), count))
        for k, exhibit in enumerate(n.item.exhibits, 1):
            declared: dict[str | None, int] = {}
            for entry in getattr(exhibit, "redact", ()) or ():
                code = getattr(entry, "code", None)
                declared[code] = declared.get(code, 0) + 1
            for code, count in sorted(declared.items(), key=lambda kv: kv[0] or ""):
                rows.append(
                    AnnexRow(w.pin(n.item.id, exhibit=k), k, code, _reason(codes, code), count)
                )
    return tuple(rows)


_MARKDOWN_KEYS = ("summary", "finding", "paragraphs", "caveats", "commentary")


def _reason(codes: Mapping[str, str], code: str | None) -> str:
    if code is None:
        return "No reason code given"
    return codes.get(code, "Reason code not declared in submission.yaml")


def _strings(value: object) -> str:
    """Every string in an item's fields, one per line (not its `redact` lists)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        skip = {"redact", *_MARKDOWN_KEYS}  # Markdown fields are counted as rendered instead
        return "\n".join(_strings(v) for k, v in value.items() if k not in skip)
    if isinstance(value, list):
        return "\n".join(_strings(v) for v in value)
    return ""


def edition_matcher_entries(n: Numbered) -> list[Entry]:
    """The redaction entries an item brings to the edition: its own and its exhibits' strings."""
    item = n.item
    out: list[Entry] = []
    if isinstance(item, Testimony):
        out += [e for e in map(_entry, item.redact) if e is not None]
    for exhibit in item.exhibits:
        out += [e for e in map(_entry, getattr(exhibit, "redact", ()) or ()) if e is not None]
    return out


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
    pins = tuple(p for s in sections for b in s.blocks for p in _block_pins(b))
    return ItemView(
        id=item.id,
        number=entry.number,
        kind=item.kind,
        kind_name=wording.KIND_NAMES[item.kind],
        tab=entry.tab.tab,
        tab_title=entry.tab.title,
        first_in_tab=first_in_tab,
        title=w.text(item.title),
        date=wording.long_date(item.date),
        date_short=wording.short_date(item.date),
        lines_of_inquiry=tuple(item.lines_of_inquiry),
        head=(
            Fact("Date", Text.of(wording.long_date(item.date))),
            Fact("Lines of inquiry", Text.of(", ".join(item.lines_of_inquiry))),
        ),
        draft=item.status == "draft",
        running_head=f"{entry.number} · {item.id}",
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
        rows.append(Fact("Published", Text.of(wording.long_date(s.published))))
    rows.append(Fact("Accessed", Text.of(wording.long_date(s.accessed))))
    if s.url:
        rows.append(Fact("URL", w.url(s.url)))
    return Section("Source", (Facts(tuple(rows)),))


def _related(w: Writer, entry: Numbered) -> Section | None:
    """Related items in this edition; one the edition leaves out (restricted, draft) is not
    mentioned at all, so its id and title cannot leak."""
    lines = []
    for other_id in entry.item.related:
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
    marks = ("DRAFT · " if entry.item.status == "draft" else "") + (
        "RESTRICTED · " if w.plan.audience == "restricted" else ""
    )
    caption = (marks + before, between, after)
    if kind == "pdf":
        note = Text.of(
            f"This PDF exhibit ({wording.plural(facts.pages, 'page')}) is reproduced in full in "
            f"the PDF bundle, after item {entry.number}."
        )
    else:
        note = Text.of("The image is reproduced here and, on a page of its own, in the PDF bundle.")
    return ExhibitView(
        index=k,
        description=w.text(exhibit.description),
        name=shown_name,
        file=w.text(exhibit.file),
        kind=kind,  # type: ignore[arg-type]
        sha256=facts.sha256,
        pages=facts.pages,
        caption=caption,
        note=note,
    )


def _exhibit_list(w: Writer, entry: Numbered, exhibits: Sequence[ExhibitView]) -> Section:
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


def _front(
    w: Writer, plan: Plan, commit: str | None, annex: tuple[AnnexRow, ...] = ()
) -> FrontView:
    sub = plan.submission
    restricted = plan.audience == "restricted"
    count = len(plan.items)
    facts = [
        Fact("Submitted by", w.text(sub.submitted_by)),
        Fact("Date of submission", Text.of(wording.long_date(sub.date))),
        Fact(
            "Edition", Text.of(wording.RESTRICTED_EDITION if restricted else wording.PUBLIC_EDITION)
        ),
        Fact(
            "Contents",
            Text.of(
                f"{wording.plural(count, 'evidence item')} in "
                f"{wording.plural(len({s.tab.tab for s in plan.sections}), 'tab')}; ",
                TotalPages(),
                " pages",
            ),
        ),
    ]
    if commit:
        facts.append(Fact("Built from commit", Text.of(commit)))
    cover = Cover(
        kicker=w.text(sub.inquiry),
        title=w.text(sub.title),
        facts=tuple(facts),
        drafts=any(n.item.status == "draft" for n in plan.items),
        note=wording.NUMBERS_NOTE,
    )
    return FrontView(
        cover=cover,
        index=_index(w, [s for s in plan.sections if s.group == 0]),
        lines_of_inquiry=_lois(w, plan, [n for n in plan.items if n.group == 0], every=True),
        supplements=_supplements(w, plan),
        annex=annex,
        restricted=restricted,
        language=str(getattr(sub, "language", None) or "en-GB"),
        title=w.plain(sub.title),
        author=w.plain(sub.submitted_by),
        subject=w.plain(sub.inquiry),
        keywords="; ".join(f"{loi.id}: {w.plain(loi.title)}" for loi in sub.lines_of_inquiry),
    )


def _supplements(w: Writer, plan: Plan) -> tuple[Supplement, ...]:
    groups = sorted({s.group for s in plan.sections if s.group > 0})
    served_groups = len(plan.served.supplements) if plan.served else 0
    out = []
    for group in range(1, max([served_groups, *groups], default=0) + 1):
        sections = [s for s in plan.sections if s.group == group]
        items = [n for n in plan.items if n.group == group]
        out.append(
            Supplement(
                group=group,
                title=f"{wording.SUPPLEMENTARY} index {group}",
                index=_index(w, sections),
                lines_of_inquiry=_lois(w, plan, items, every=False),
            )
        )
    return tuple(out)


def _index(w: Writer, sections: Sequence[PlanSection]) -> tuple[IndexSection, ...]:
    return tuple(
        IndexSection(
            tab=s.tab.tab,
            title=s.tab.title,
            first=s.items[0].item.id,
            supplementary=s.group > 0,
            rows=tuple(
                IndexRow(
                    number=n.number,
                    id=n.item.id,
                    title=w.text(n.item.title),
                    kind_name=wording.KIND_NAMES[n.item.kind],
                    date=wording.short_date(n.item.date),
                    lines_of_inquiry=", ".join(n.item.lines_of_inquiry),
                    draft=n.item.status == "draft",
                    pages=PageRange(n.item.id),
                )
                for n in s.items
            ),
        )
        for s in sections
    )


def _lois(w: Writer, plan: Plan, items: Sequence[Numbered], *, every: bool) -> tuple[LoiRow, ...]:
    """Each line of inquiry with pinpoints to `items` bearing on it (`every`: also those with
    none, which the front matter lists; a supplement lists only lines it adds evidence to)."""
    rows = []
    for loi in plan.submission.lines_of_inquiry:
        pins = tuple(w.pin(n.item.id) for n in items if loi.id in n.item.lines_of_inquiry)
        if pins or every:
            rows.append(LoiRow(loi.id, w.text(loi.title), w.text(loi.question), pins))
    return tuple(rows)


__all__ = ["ExhibitFacts", "Hit", "Views", "Writer", "edition_matcher", "markdown_fields", "views"]
