"""Where every page lands, computed in Python from page counts alone.

Unserved, the front matter comes first, then each item's own pages followed by its exhibits', in
plan order, and in the restricted edition the annex (the schedule of what the public edition
redacts) last. Served (see `inquiry.numbering`), every served piece keeps its pages: the front
matter and each supplementary index re-rendered in place (padded with blank pages), each served
item in place while it fits (padded likewise: its first and last pages never change, and each
exhibit it still has, unchanged, keeps its pages too), each retired number's pages standing as
"withdrawn" or "superseded" pages; what was added since comes after the last served page, behind
a supplementary index of its own. The annex stays on its served pages while nothing is added
and it fits them; otherwise those pages say where it went, and it ends the bundle again.

Nothing here reads a PDF: given how many pages each piece takes, every page, pinpoint and page
count follows by addition. The result is a list of runs — which piece fills which pages — that
assembly follows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from inquiry.numbering import Numbered, Plan, Retired, ServedItem
from inquiry.render import wording
from inquiry.render.nodes import Pin
from inquiry.render.retired import successors

RunKind = Literal["index", "item", "exhibit", "filler"]


@dataclass(frozen=True)
class Pieces:
    """How many pages an item's own text and each of its exhibits take."""

    own: int
    exhibits: tuple[int, ...] = ()
    sha256: tuple[str, ...] = ()  # each exhibit's source file's, where known


@dataclass(frozen=True)
class Head:
    """The running head of a retired number's pages: its tab's letter, its number and its id,
    as its item's pages showed them (`Tab C — Statistics`, `C1 · ST-001`)."""

    tab: str
    number: str
    id: str


@dataclass(frozen=True)
class Run:
    """Pages `first`–`last` filled by one piece: an index (group 0 is the front matter), an
    item's own pages, one of its exhibits, or filler pages (each with its words)."""

    kind: RunKind
    first: int
    last: int
    item: str = ""
    index: int = 0  # the exhibit's number, or the index group
    words: tuple[str, ...] = ()
    link: str = ""  # filler pages that name another item (superseded): its id, their link;
    # or a page (`@15`: where the annex that stood on them went)
    head: Head | None = None  # a retired number's pages: the running head they carry


@dataclass(frozen=True)
class Placed:
    """An item's place: its pages, its own text's pages, and each exhibit's pages (1-based)."""

    id: str
    number: str
    first: int
    last: int
    own: tuple[int, int]
    exhibits: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class RetiredPages:
    """A served number no longer shown and the pages that still stand for it: what a served
    pinpoint to it now reaches. `by` names the number in its place when it was superseded
    (`by_page` that number's first page, 0 when it has since left the bundle too)."""

    id: str
    number: str
    tab: str
    first: int
    last: int
    by: str = ""
    by_page: int = 0


@dataclass(frozen=True)
class Layout:
    """The bundle's pages."""

    front: int
    count: int
    items: Mapping[str, Placed] = field(default_factory=dict)
    runs: tuple[Run, ...] = ()
    grew: tuple[str, ...] = ()  # served items that no longer fit their pages
    retired: tuple[RetiredPages, ...] = ()
    annex: tuple[int, int] | None = None
    """The annex's pages (in its served place, the blank pages after it too), or None."""
    former_annexes: tuple[tuple[int, int], ...] = ()
    """The pages of annexes served before, which now say where the annex is."""

    def page(self, pin: Pin) -> int:
        """The bundle page a pinpoint names."""
        placed = self.items[pin.item]
        if pin.exhibit:
            index = min(pin.exhibit, len(placed.exhibits)) - 1
            if index < 0:
                return placed.first
            first, last = placed.exhibits[index]
            return min(first + (pin.page or 1) - 1, last)
        if pin.page:
            return min(placed.first + pin.page - 1, placed.last)
        return placed.first

    def pages(self, item: str) -> tuple[int, int]:
        placed = self.items[item]
        return placed.first, placed.last

    def total(self) -> int:
        return self.count

    def index_pages(self, group: int) -> tuple[int, int] | None:
        for run in self.runs:
            if run.kind == "index" and run.index == group:
                return run.first, run.last
        return None

    def blank_pages(self, item: str) -> set[int]:
        """The pages of a served item's span left blank ("intentionally left blank"): what
        its text and exhibits, re-rendered in place, no longer take."""
        first, last = self.pages(item)
        return {
            page
            for run in self.runs
            if run.kind == "filler" and first <= run.first and run.last <= last
            for page in range(run.first, run.last + 1)
        }

    def exhibit_pages(self) -> dict[int, tuple[str, int, int]]:
        """Bundle page → (item id, exhibit index, page within the exhibit), 1-based."""
        out: dict[int, tuple[str, int, int]] = {}
        for run in self.runs:
            if run.kind == "exhibit":
                for page in range(run.first, run.last + 1):
                    out[page] = (run.item, run.index, page - run.first + 1)
        return out


class _Builder:
    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.items: dict[str, Placed] = {}
        self.page = 1

    def index(self, group: int, pages: int) -> None:
        self.runs.append(Run("index", self.page, self.page + pages - 1, index=group))
        self.page += pages

    def item(self, item_id: str, number: str, p: Pieces) -> None:
        first = self.page
        own = (first, first + p.own - 1)
        self.runs.append(Run("item", own[0], own[1], item=item_id))
        self.page += p.own
        exhibits = []
        for k, n in enumerate(p.exhibits, 1):
            exhibits.append((self.page, self.page + n - 1))
            self.runs.append(Run("exhibit", self.page, self.page + n - 1, item=item_id, index=k))
            self.page += n
        self.items[item_id] = Placed(item_id, number, first, self.page - 1, own, tuple(exhibits))

    def served_item(self, number: Numbered, p: Pieces, slot: ServedItem) -> bool:
        """Place a served item in its served pages (the next page is its first): its own text,
        then its exhibits, each one it still has unchanged (same file, same page count) on its
        served pages, blank pages between and after. False, and nothing placed, when it does not
        fit: past its last page, or pushing an unchanged exhibit off its pages."""
        served: dict[tuple[str, int], list[int]] = {}
        for sha, first, last in slot.exhibits:
            served.setdefault((sha, last - first + 1), []).append(first)
        start = self.page + p.own
        starts = []
        for k, pages in enumerate(p.exhibits):
            spots = served.get((p.sha256[k] if k < len(p.sha256) else "", pages))
            if spots:
                where = spots.pop(0)
                if where < start:
                    return False
                start = where
            starts.append(start)
            start += pages
        if start - 1 > slot.last_page:
            return False
        first, item_id = self.page, number.item.id
        own = (first, first + p.own - 1)
        self.runs.append(Run("item", own[0], own[1], item=item_id))
        self.page += p.own
        exhibits = []
        # Its blank pages (where an exhibit it no longer has stood) carry its running head.
        head = Head(number.number[0], number.number, item_id)  # `A3` is in tab A
        for k, (at, pages) in enumerate(zip(starts, p.exhibits, strict=True), 1):
            self.fill(at - 1, wording.BLANK_PAGE, head)
            exhibits.append((at, at + pages - 1))
            self.runs.append(Run("exhibit", at, at + pages - 1, item=item_id, index=k))
            self.page += pages
        self.fill(slot.last_page, wording.BLANK_PAGE, head)
        self.items[item_id] = Placed(
            item_id, number.number, first, slot.last_page, own, tuple(exhibits)
        )
        return True

    def fill(self, until: int, words: str | Sequence[str], head: Head | None = None) -> None:
        """Filler pages up to and including page `until` (with `head`, an item's running
        head)."""
        count = until - self.page + 1
        if count <= 0:
            return
        texts = (words,) * count if isinstance(words, str) else tuple(words)[:count]
        self.runs.append(Run("filler", self.page, until, words=texts, head=head))
        self.page = until + 1


ANNEX = -1
"""The index group of the restricted edition's redaction annex, which always comes last."""


def compute(
    front: int,
    order: Sequence[tuple[str, str]],
    pieces: Mapping[str, Pieces],
    annex: int = 0,
) -> Layout:
    """The layout of `order` ((id, number) in bundle order) after `front` pages of front matter,
    and `annex` pages of annex after the last item."""
    b = _Builder()
    b.index(0, front)
    for item_id, number in order:
        b.item(item_id, number, pieces[item_id])
    if annex:
        b.index(ANNEX, annex)
    pages = (b.page - annex, b.page - 1) if annex else None
    return Layout(front, b.page - 1, b.items, tuple(b.runs), annex=pages)


def compute_served(plan: Plan, indexes: Mapping[int, int], pieces: Mapping[str, Pieces]) -> Layout:
    """The layout of a served plan: `indexes` gives each index group's page count (0: the
    front matter). Pieces that outgrew their served pages are listed in `grew`."""
    served = plan.served
    assert served is not None
    b = _Builder()
    grew: list[str] = []
    kept = [
        n
        for n in plan.items
        if n.item.id in served.items and served.items[n.item.id].number == n.number
    ]
    kept_ids = {n.item.id for n in kept}
    new = [n for n in plan.items if n.item.id not in kept_ids]
    # The annex stays on its served pages while the bundle ends there and it fits them.
    annex, home = indexes.get(ANNEX, 0), served.annex
    in_place = home is not None and 0 < annex <= home[1] - home[0] + 1 and not new
    former = [*served.former_annexes, *([home] if home is not None and not in_place else [])]
    slots: list[tuple[int, int, int | Numbered | Retired | None]] = [(1, served.front, 0)]
    slots += [(a, z, k) for k, (a, z) in enumerate(served.supplements, 1)]
    slots += [(a, z, None) for a, z in former]
    if in_place and home is not None:
        slots.append((home[0], home[1], ANNEX))
    slots += [
        (served.items[n.item.id].first_page, served.items[n.item.id].last_page, n) for n in kept
    ]
    slots += [(r.first_page, r.last_page, r) for r in plan.retired]
    slots.sort(key=lambda slot: slot[0])
    for first, last, what in slots:
        b.fill(first - 1, wording.BLANK_PAGE)
        room = last - first + 1
        if isinstance(what, Retired):
            b.fill(last, _retired_words(what))
            continue
        if what is None:
            b.fill(last, _ANNEX_MOVED)
            continue
        if isinstance(what, int):
            needed = indexes.get(what, 1)
            if needed > room:
                grew.append(f"index {what}")
            b.index(what, min(needed, room))
        elif not b.served_item(what, pieces[what.item.id], served.items[what.item.id]):
            grew.append(what.item.id)
            b.item(what.item.id, what.number, Pieces(room))  # refused: the pages still add up
        b.fill(last, wording.BLANK_PAGE)
    b.fill(served.last_page, wording.BLANK_PAGE)
    group = len(served.supplements) + 1
    if new or group in indexes:  # items added since, or a line of inquiry only they list
        b.index(group, indexes.get(group, 1))
        for n in new:
            b.item(n.item.id, n.number, pieces[n.item.id])
    placed: tuple[int, int] | None
    if in_place:
        placed = home
    elif annex:
        placed = (b.page, b.page + annex - 1)
        b.index(ANNEX, annex)
    else:
        placed = None
    layout = Layout(
        served.front,
        b.page - 1,
        b.items,
        _name_annex(b.runs, placed),
        tuple(grew),
        annex=placed,
        former_annexes=tuple(sorted(former)),
    )
    return _name_retired(layout, plan.retired)


_ANNEX_MOVED = "\x00annex"


def _name_annex(runs: Sequence[Run], annex: tuple[int, int] | None) -> tuple[Run, ...]:
    """The pages of an annex served before say where the annex is now, and link to it."""
    page = annex[0] if annex else 0
    words, link = wording.annex_moved(page), f"@{page}" if page else ""
    return tuple(
        replace(r, words=(words,) * (r.last - r.first + 1), link=link)
        if r.kind == "filler" and r.words[:1] == (_ANNEX_MOVED,)
        else r
        for r in runs
    )


_RETIRED = "\x00retired:"


def _retired_words(retired: Retired) -> str:
    # Filled in once every item's first page is known (`_name_retired`).
    return f"{_RETIRED}{retired.number}"


def _name_retired(layout: Layout, retired: Sequence[Retired]) -> Layout:
    """Withdrawn pages name the number and id they stood for; superseded pages also name the
    number now in their place and its first page, following the chain when that number was
    itself reissued since (A1 → A3 → A4), and link to it. Both carry the running head of the
    item's pages they stand for (its tab, number and id: never its title)."""
    by_number = {p.number: p for p in layout.items.values()}
    successor = successors(retired, by_number)
    pages: dict[str, RetiredPages] = {}
    for r in retired:
        new = successor.get(r.number)
        if new is not None:
            target = by_number.get(new)
            pages[r.number] = RetiredPages(
                r.id, r.number, r.tab, r.first_page, r.last_page, new, target.first if target else 0
            )
        else:
            pages[r.number] = RetiredPages(r.id, r.number, r.tab, r.first_page, r.last_page)
    runs = []
    for run in layout.runs:
        if run.kind == "filler" and run.words and run.words[0].startswith(_RETIRED):
            shown = pages[run.words[0][len(_RETIRED) :]]
            if shown.by:
                text = wording.superseded(shown.number, shown.id, shown.by, shown.by_page)
                target = by_number.get(shown.by)
                link = target.id if target and shown.by_page else ""
            else:
                text = wording.withdrawn(shown.number, shown.id)
                link = ""
            run = Run(
                "filler",
                run.first,
                run.last,
                words=(text,) * (run.last - run.first + 1),
                link=link,
                head=Head(shown.tab, shown.number, shown.id),
            )
        runs.append(run)
    return replace(layout, runs=tuple(runs), retired=tuple(pages.values()))
