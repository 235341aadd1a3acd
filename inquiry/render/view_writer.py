"""The writer of views for one edition: every string through the edition's one matcher.

`Writer` makes the parts of views (plain and redacted text, links, rich fields with their
pinpoints numbered, pins); `edition_matcher` is the edition's redaction rule, and
`markdown_fields` lists the Markdown fields whose prepared blocks the writer draws on.
`inquiry.render.view` builds the item views with it, `inquiry.render.view_front` the front matter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from inquiry.checks.common import at_words
from inquiry.model import Item, PolicyExtract, Statistic, SurveyFinding, Testimony
from inquiry.name_addresses import unquotings
from inquiry.numbering import Numbered, Plan
from inquiry.problems import Problem
from inquiry.redaction import Entry, Matcher, mark_label
from inquiry.render import wording
from inquiry.render.fields import VERSION, Prepared
from inquiry.render.nodes import Link, Mark, Pin, Rich, Text
from inquiry.render.rich import shown, special, texts_run_across


def edition_matcher(plan: Plan) -> Matcher:
    """The matcher of `edition_entries`."""
    return Matcher(edition_entries(plan))


def edition_entries(plan: Plan) -> list[Entry]:
    """The public edition redacts every `redact` string of every item, everywhere (an item's
    own list and its exhibits' text entries): of the items it includes and of those it leaves
    out, since a witness whose testimony is restricted may still be named in a public item,
    and of drafts that fail the schema (`Plan.unchecked`). The restricted edition redacts
    nothing."""
    if plan.audience != "public":
        return []
    items = [n.item for n in plan.items] + [e.item for e in plan.left_out]
    return [*(e for item in items for e in redaction_entries(item)), *plan.unchecked]


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
        self._last: tuple[Numbered, tuple[str | int, ...], tuple[str, str]] | None = None
        self._shown: dict[str, tuple[str, str]] = {}  # each field's words as read, by source

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

    def drawn(self, s: str) -> str:
        """`plain`, for words drawn again where the item's own text has been redacted already
        (a chart's title, axis and source): their marks are counted as the item's, in the
        order drawn, so the redaction schedule finds each mark on its page."""
        parts = self.matcher.split(" ".join(s.split()))
        self.marks += [p.code for p in parts if not isinstance(p, str)]
        return "".join(p if isinstance(p, str) else mark_label(p.code) for p in parts)

    def date(self, date: str | dt.date, how: Callable[[str], str] = wording.long_date) -> str:
        """A date as the bundle writes it (`15 May 2025`), or as the evidence gives it
        (`2025-05-15`) when that wording holds a redacted string (a witness called May or
        June): the date is kept, and the bundle's own wording names no one."""
        written = date.isoformat() if isinstance(date, dt.date) else date
        shown = how(written)
        return written if self.matcher.search(shown) else shown

    def date_span(self, start: str | dt.date, end: str | dt.date) -> str:
        """`1 April 2025 – 31 May 2025` (each end as `date` writes it); one date when equal."""
        first, last = self.date(start), self.date(end)
        return first if first == last else f"{first} – {last}"

    def lines(self, s: str) -> tuple[tuple[Text, ...], ...]:
        """Verbatim text as paragraphs of lines: the author's line breaks stay."""
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", s.strip()) if p.strip()]
        return tuple(
            tuple(self.text(line) for line in p.splitlines() if line.strip()) for p in paragraphs
        )

    def url(self, url: str) -> Text:
        """A link, unless its address names a redacted string: then only its redacted words."""
        if self.matcher.in_url(url):
            # Shown decoded (as often as it was encoded), so `Sebastian%20Quill` and
            # `Sebastian%2520Quill` are redacted like the words they spell.
            return self.text([url, *unquotings(url)][-1])
        return Text.of(Link(url, url))

    def rich(self, entry: Numbered, path: tuple[str | int, ...], source: str) -> Rich:
        blocks, outcome = self.prepared[source]
        pins: list[Pin] = []
        seen: dict[str, int] = {}  # the how-manyth reference to each item in this field
        for found in outcome.pins:
            seen[found.item] = seen.get(found.item, 0) + 1
            target = self.by_id.get(found.item)
            if target is None:
                # At the reference's own line, as `validate` reports references.
                self.problems.append(
                    at_words(
                        entry.entry,
                        path,
                        f"@{found.item}",
                        "ref-excluded-item",
                        f"`{found.item}` is not in the {self.plan.audience} edition"
                        + _why_left_out(self.plan, found.item),
                        "cite only items this edition includes, or leave the reference out",
                        nth=seen[found.item],
                    )
                )
                continue
            pins.append(Pin(found.item, target.number, found.page))
        for bad in outcome.bad_locators:
            self._problem(
                entry, path, "ref-locator", f"`{bad}` is not a page locator", "write `[@ID, p. 2]`"
            )
        words = self._shown.get(source)
        if words is None and self.matcher:
            words = self._shown[source] = shown(blocks)
        last, self._last = self._last, (entry, path, words or ("", ""))
        if (
            last is not None
            and last[0] is entry
            and texts_run_across(last[2], words or ("", ""), self.matcher)
        ):
            self._problem(
                entry,
                path,
                "redact-across-fields",
                "a redacted string begins in the field at line "
                f"{entry.entry.doc.value_pos(last[1]).line} and runs on into this one, where "
                "neither field's redaction can cut it (the HTML and the DOCX read one field on "
                "into the next)",
                "keep each redacted name within one field, or list each part of it as a "
                "`redact` entry of its own",
            )
        if pins:
            blocks = _number_pins(blocks, self.by_id)
        # The blocks follow from the source, the edition's redactions, the cited numbers and
        # how fields are prepared.
        numbers = "|".join(f"{p.item}={p.number}" for p in pins)
        text = f"{VERSION}|{self.matcher.signature}|{numbers}|{source}"
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


def own_wording_problems(plan: Plan, matcher: Matcher, made: object) -> list[Problem]:
    """A problem at each `redact` entry found in the bundle's own wording of the views `made`
    (labels, notes, headings: every string outside the evidence's Markdown, which was redacted
    before it got there). A witness listed as `Page` or `Index` cannot be removed from the
    bundle's own words: the build is refused at the entry, not at the final check."""
    if not matcher:
        return []
    strings: list[str] = []
    _strings(made, strings)
    if any(n.item.exhibits for n in plan.items):
        strings += wording.PAGE_N_OF_M  # each exhibit page's stamp, drawn at assembly
    found = {text for text, _ in matcher.search("\n".join(strings))}
    out: list[Problem] = []
    for loaded in [n.entry for n in plan.items] + list(plan.left_out):
        for path, entry in _entry_paths(loaded.item):
            if entry.text in found:
                pos = loaded.doc.value_pos(path)
                out.append(
                    Problem(
                        loaded.file,
                        pos.line,
                        pos.column,
                        "redact-own-wording",
                        "this redacted string is also in the bundle's own wording (its labels, "
                        "headings or notes), which the public bundle cannot leave out",
                        "error",
                        "list the name as the evidence writes it with more words (a first "
                        "name, a title, a surname), so that the bundle's own words can stay",
                    )
                )
    return out


def _strings(obj: object, out: list[str]) -> None:
    """Every string of a view outside its Markdown (whose text was redacted as a tree)."""
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, Rich):
        return
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            _strings(getattr(obj, f.name), out)
    elif isinstance(obj, (tuple, list)):
        for value in obj:
            _strings(value, out)
    elif isinstance(obj, dict):
        for value in obj.values():
            _strings(value, out)


def _entry_paths(item: Item) -> list[tuple[tuple[str | int, ...], Entry]]:
    """Each string `redact` entry of an item with the path to it in the item's file."""
    out: list[tuple[tuple[str | int, ...], Entry]] = []
    if isinstance(item, Testimony):
        for k, value in enumerate(item.redact):
            if (entry := _entry(value)) is not None:
                out.append((("redact", k), entry))
    for j, exhibit in enumerate(item.exhibits):
        for k, value in enumerate(getattr(exhibit, "redact", ()) or ()):
            if (entry := _entry(value)) is not None:
                out.append((("exhibits", j, "redact", k), entry))
    return out


def _why_left_out(plan: Plan, item_id: str) -> str:
    """Why this edition leaves the item out: it is a draft, or restricted."""
    left = next((e.item for e in plan.left_out if e.item.id == item_id), None)
    if left is None:
        return ""
    if left.status == "draft" and not plan.include_drafts:
        return " (it is a draft)"
    return " (it is restricted)" if left.audience == "restricted" else ""


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


def redaction_entries(item: Item) -> list[Entry]:
    """The redaction entries an item brings to the edition: its own and its exhibits' strings."""
    return [entry for _, entry in _entry_paths(item)]
