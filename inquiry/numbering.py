"""Which items go in the bundle, in what order, under which numbers.

The one source of tabs, order and item numbers for the PDF, the DOCX, the HTML and the manifest.

Unserved, the bundle runs tab by tab, each tab's items by date then id, numbered A1, A2, …
Once an edition has been served (`served/<audience>.json`), its numbers and pages are cited and
must never move: every served item keeps its number (and, in the PDF, its pages); an item added
since is appended after the last served page — in tab order, numbered on from the last number
its tab ever used — under "Supplementary"; a served item no longer in the edition is retired
("withdrawn"), and one reissued with `--reissue` moves to the end as a new number, its old
number retired as "superseded". Retired numbers are never reused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from inquiry.load import Corpus, LoadedItem
from inquiry.model import Item, Submission, Tab
from inquiry.redacted_log import written_entries
from inquiry.redaction import Entry

Audience = Literal["public", "restricted"]
_NUMBER = re.compile(r"^([A-Z])([0-9]+)$")


@dataclass(frozen=True)
class Numbered:
    """An item placed in the bundle: `number` is e.g. `A3`."""

    number: str
    tab: Tab
    entry: LoadedItem
    group: int = 0  # 0: the main index; k: the k-th supplement (items added after serving)

    @property
    def item(self) -> Item:
        return self.entry.item


@dataclass(frozen=True)
class Section:
    tab: Tab
    items: tuple[Numbered, ...]
    group: int = 0

    @property
    def supplementary(self) -> bool:
        return self.group > 0


@dataclass(frozen=True)
class ServedItem:
    """Where a served item sits: its number and its pages, never to move."""

    id: str
    number: str
    tab: str
    first_page: int
    last_page: int
    exhibits: tuple[tuple[str, int, int], ...] = ()  # (sha256, first_page, last_page) each
    source_sha256: str = ""  # its file's, as served ("" when not known: it redacts)
    kind: str = ""  # as served
    redacted: bool = False  # its text was served redacted (`source_redacted`)
    exhibits_redacted: tuple[bool, ...] = ()  # each exhibit was served redacted
    marks: int | None = None  # the redaction marks its pages showed, when the record says


@dataclass(frozen=True)
class Retired:
    """A served number no longer shown: its pages stay, saying why."""

    id: str
    number: str
    tab: str
    first_page: int
    last_page: int
    state: Literal["withdrawn", "superseded"]
    superseded_by: str | None = None


@dataclass(frozen=True)
class Served:
    """What a served record fixes: the front matter's pages, every served number's pages, and
    in the restricted edition the annex's (`annex`, where the schedule of redactions was
    served; `former_annexes`, the pages of earlier editions' annexes, which now say where it
    went)."""

    front: int
    items: Mapping[str, ServedItem]
    retired: tuple[Retired, ...] = ()
    supplements: tuple[tuple[int, int], ...] = ()  # the supplementary indexes' pages
    annex: tuple[int, int] | None = None
    former_annexes: tuple[tuple[int, int], ...] = ()
    front_lines: frozenset[str] | None = None  # the front matter's lines of inquiry, if said
    tab_titles: Mapping[str, str] = field(default_factory=dict)  # each served tab's title

    @property
    def last_page(self) -> int:
        """The last page served: nothing new may be laid out on or before it."""
        pages = [i.last_page for i in self.items.values()] + [r.last_page for r in self.retired]
        runs = [*self.supplements, *self.former_annexes, *([self.annex] if self.annex else [])]
        return max([self.front, *pages, *(last for _, last in runs)])

    def group_of(self, page: int) -> int:
        """Which index a served page falls under: 0 the front's, k the k-th supplement's."""
        return sum(1 for first, _ in self.supplements if first <= page)

    def last_numbers(self) -> dict[str, int]:
        """The highest number each tab has ever used."""
        out: dict[str, int] = {}
        for number in [i.number for i in self.items.values()] + [r.number for r in self.retired]:
            m = _NUMBER.match(number)
            if m:
                out[m.group(1)] = max(out.get(m.group(1), 0), int(m.group(2)))
        return out


def served_from(manifest: Mapping[str, Any]) -> Served:
    """The constraints a served manifest sets (see `inquiry.served` for reading the record)."""
    bundle = manifest.get("bundle", {})
    front = bundle.get("front_pages", [1, 0])[1]
    items = {
        i["id"]: ServedItem(
            i["id"],
            i["number"],
            i["tab"],
            int(i["first_page"]),
            int(i["last_page"]),
            tuple(
                (str(e.get("sha256", "")), int(e["first_page"]), int(e["last_page"]))
                for e in i.get("exhibits", [])
            ),
            "" if i.get("source_redacted") else str(i.get("source_sha256", "")),
            str(i.get("kind", "")),
            i.get("source_redacted") is True,
            tuple(e.get("redacted") is True for e in i.get("exhibits", [])),
            i["redactions"] if type(i.get("redactions")) is int else None,
        )
        for i in manifest.get("items", [])
    }
    supplements = tuple((int(a), int(b)) for a, b in bundle.get("supplement_pages", []))
    retired = tuple(
        Retired(
            r["id"],
            r["number"],
            r["tab"],
            int(r["first_page"]),
            int(r["last_page"]),
            "superseded" if r.get("state") == "superseded" else "withdrawn",
            r.get("superseded_by"),
        )
        for r in manifest.get("retired", [])
    )
    entries = [(i.first_page, i.last_page) for i in items.values()]
    entries += [(r.first_page, r.last_page) for r in retired]
    annex, former = _annexes(bundle, supplements, entries)
    lines = bundle.get("lines_of_inquiry")
    front_lines = frozenset(map(str, lines)) if isinstance(lines, list) else None
    tabs = bundle.get("tabs")
    titles = (
        {str(k): str(v) for k, v in tabs.items() if isinstance(v, str)}
        if isinstance(tabs, dict)
        else {}
    )
    return Served(int(front), items, retired, supplements, annex, former, front_lines, titles)


def _annexes(
    bundle: Mapping[str, Any],
    supplements: Sequence[tuple[int, int]],
    entries: Sequence[tuple[int, int]],
) -> tuple[tuple[int, int] | None, tuple[tuple[int, int], ...]]:
    """The served annex's pages and those of earlier editions' annexes (`annex_pages`,
    `former_annex_pages`). A restricted record made before they were written has its annex on
    the pages no entry names at the end (up to `bundle.pages`), and an earlier one on those
    just before a supplementary index (see `served_record.unclaimed_pages`)."""
    if "annex_pages" in bundle:
        annex = bundle["annex_pages"]
        former = tuple((int(a), int(b)) for a, b in bundle.get("former_annex_pages", []))
        return ((int(annex[0]), int(annex[1])) if annex else None), former
    pages = bundle.get("pages")
    if bundle.get("audience") != "restricted" or not isinstance(pages, int):
        return None, ()
    front = int(bundle.get("front_pages", [1, 0])[1])
    starts, ends = {a for a, _ in supplements}, {b for _, b in supplements}
    gaps, page = [], front + 1
    for first, last in sorted([*supplements, *entries, (pages + 1, pages + 1)]):
        if first > page and page - 1 not in ends and (first in starts or first > pages):
            gaps.append((page, first - 1))
        page = max(page, last + 1)
    annex_at = gaps.pop() if gaps and gaps[-1][1] == pages else None
    return annex_at, tuple(gaps)


@dataclass(frozen=True)
class Plan:
    """The bundle's contents in order; tabs with no items are left out."""

    submission: Submission
    audience: Audience
    include_drafts: bool
    sections: tuple[Section, ...]
    served: Served | None = None
    retired: tuple[Retired, ...] = field(default=())
    left_out: tuple[LoadedItem, ...] = field(default=())
    """The submission's items this edition leaves out (restricted ones, drafts): their `redact`
    strings are still removed from the public edition."""
    unchecked: tuple[Entry, ...] = field(default=())
    """The `redact` strings of drafts that fail the schema (left out, and no item): removed from
    the public edition too (validation holds their lists to the schema even in a draft)."""

    @property
    def items(self) -> tuple[Numbered, ...]:
        return tuple(n for s in self.sections for n in s.items)

    def by_id(self) -> dict[str, Numbered]:
        return {n.item.id: n for n in self.items}


def missing_tabs(plan: Plan) -> dict[str, list[Numbered]]:
    """Served items still in the edition whose served tab's letter submission.yaml no longer
    has, by that letter: their pages would change tab (and heading) under a served number."""
    if plan.served is None:
        return {}
    letters = {tab.tab for tab in plan.submission.tabs}
    out: dict[str, list[Numbered]] = {}
    for n in plan.items:
        record = plan.served.items.get(n.item.id)
        if record is not None and record.number == n.number and record.tab not in letters:
            out.setdefault(record.tab, []).append(n)
    return out


def included(item: Item, *, audience: Audience, include_drafts: bool) -> bool:
    if item.audience == "restricted" and audience == "public":
        return False
    return item.status != "draft" or include_drafts


def plan(
    corpus: Corpus,
    *,
    audience: Audience = "public",
    include_drafts: bool = False,
    served: Served | None = None,
    reissue: Iterable[str] = (),
) -> Plan:
    """Order and number the included items: tabs as in submission.yaml, then date, then id —
    or, once served, served items where they were and the rest appended."""
    assert corpus.submission is not None, "plan() needs a valid submission"
    chosen = [
        e
        for e in corpus.items
        if included(e.item, audience=audience, include_drafts=include_drafts)
    ]
    left_out = tuple(
        e
        for e in corpus.items
        if not included(e.item, audience=audience, include_drafts=include_drafts)
    )
    unchecked = tuple(
        e for entry in corpus.entries if entry.item is None for e in written_entries(entry.doc.data)
    )
    tabs = corpus.submission.tabs
    if served is None:
        sections = []
        for tab in tabs:
            mine = sorted((e for e in chosen if e.item.kind in tab.kinds), key=_order)
            if mine:
                numbered = tuple(Numbered(f"{tab.tab}{i}", tab, e) for i, e in enumerate(mine, 1))
                sections.append(Section(tab, numbered))
        return Plan(
            corpus.submission,
            audience,
            include_drafts,
            tuple(sections),
            left_out=left_out,
            unchecked=unchecked,
        )
    made = _served_plan(corpus.submission, chosen, audience, include_drafts, served, set(reissue))
    return replace(made, left_out=left_out, unchecked=unchecked)


def _order(entry: LoadedItem) -> tuple[str, str, int, str]:
    """Date order, then id order with the number read as a number (`SF-999` before
    `SF-1000`, which text order would put first)."""
    prefix, _, number = entry.item.id.partition("-")
    return (entry.item.date, prefix, int(number) if number.isdigit() else -1, entry.item.id)


def _served_plan(
    submission: Submission,
    chosen: list[LoadedItem],
    audience: Audience,
    include_drafts: bool,
    served: Served,
    reissue: set[str],
) -> Plan:
    tab_of_kind = {kind: tab for tab in submission.tabs for kind in tab.kinds}
    by_letter = {tab.tab: tab for tab in submission.tabs}
    present = {e.item.id: e for e in chosen}
    kept = sorted(
        (s for s in served.items.values() if s.id in present and s.id not in reissue),
        key=lambda s: s.first_page,
    )
    # Sections of served items, in page order, grouped as they were served.
    sections: list[Section] = []
    for s in kept:
        entry = present[s.id]
        tab = by_letter.get(s.tab) or tab_of_kind[entry.item.kind]
        group = served.group_of(s.first_page)
        numbered = Numbered(s.number, tab, entry, group)
        if sections and sections[-1].tab.tab == tab.tab and sections[-1].group == group:
            previous = sections[-1]
            sections[-1] = Section(previous.tab, (*previous.items, numbered), group)
        else:
            sections.append(Section(tab, (numbered,), group))
    # New items (and reissued ones), appended in tab order, numbered on in their tab.
    last = served.last_numbers()
    fresh = [e for e in chosen if e.item.id not in served.items or e.item.id in reissue]
    new_numbers: dict[str, str] = {}
    group = len(served.supplements) + 1
    for tab in submission.tabs:
        mine = sorted((e for e in fresh if tab_of_kind.get(e.item.kind) is tab), key=_order)
        if not mine:
            continue
        start = last.get(tab.tab, 0)
        appended = tuple(
            Numbered(f"{tab.tab}{start + i}", tab, e, group) for i, e in enumerate(mine, 1)
        )
        new_numbers.update({n.item.id: n.number for n in appended})
        sections.append(Section(tab, appended, group))
    # A number withdrawn before whose item is served again (`--reissue` of a withdrawn id) is
    # superseded by its new number: its pages say where the item is now, not that it is gone.
    retired = [
        replace(r, state="superseded", superseded_by=new_numbers[r.id])
        if r.state == "withdrawn" and r.id in new_numbers
        else r
        for r in served.retired
    ]
    for s in served.items.values():
        if s.id in reissue and s.id in present:
            retired.append(
                Retired(
                    s.id,
                    s.number,
                    s.tab,
                    s.first_page,
                    s.last_page,
                    "superseded",
                    new_numbers[s.id],
                )
            )
        elif s.id not in present:
            retired.append(Retired(s.id, s.number, s.tab, s.first_page, s.last_page, "withdrawn"))
    retired.sort(key=lambda r: r.first_page)
    return Plan(submission, audience, include_drafts, tuple(sections), served, tuple(retired))
