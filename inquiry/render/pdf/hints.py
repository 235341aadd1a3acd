"""Page counts remembered between builds, for the first layout pass to start from.

A bundle's page numbers follow from the page counts of its pieces, and a piece's count is known
only once it is compiled with the numbers it shows: layout is a fixed point (`render_pdf`). Its
first pass starts from the counts the last build found, of every item and of the front matter
(which comes before every item, so its length moves every number after it). When they are right,
nothing is compiled twice. They are hints: a wrong or missing one costs a pass, never a different
bundle. Each is keyed by its piece's typst source with every number zeroed, and all of a
submission's are one cache entry, read and written once a build.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence

from inquiry.render.nodes import FrontView, ItemView, Pin
from inquiry.render.pdf import typst_source as ts
from inquiry.render.pdf.compile import engine_version
from inquiry.render.pdf.layout import ANNEX, Layout, Pieces, compute
from inquiry.render.richtext import Store

NAMESPACE = "pages"


class _Zero:
    """Numbers for a page-count key: every pinpoint alike, so the key ignores where pages land."""

    def page(self, pin: Pin) -> int:
        return 0

    def pages(self, item: str) -> tuple[int, int]:
        return (0, 0)

    def total(self) -> int:
        return 0


def _page_key(view: ItemView, rich: ts.RichTypst) -> str:
    source = ts.item(view, rich, _Zero())
    return hashlib.sha256(f"{engine_version()}|{source}".encode()).hexdigest()


def page_keys(
    items: Sequence[ItemView], rich: ts.RichTypst, front: FrontView, preamble: str
) -> dict[str | int, str]:
    """Keys for remembering page counts: each item's (by id), and those of the front matter
    (group 0) and the annex, which come before every item. Each key ignores where pages land."""
    keys: dict[str | int, str] = {view.id: _page_key(view, rich) for view in items}
    indexes = {0: ts.front(front, _Zero(), preamble_=preamble)}
    if front.annex:
        indexes[ANNEX] = ts.annex(front, _Zero(), preamble_=preamble)
    for group, source in indexes.items():
        keys[group] = hashlib.sha256(f"{engine_version()}|index|{source}".encode()).hexdigest()
    return keys


def _hints_key(keys: Mapping[str | int, str]) -> str:
    """Where this submission's page counts are remembered: one entry per set of items (an
    edit keeps it; adding an item starts a new one), read and written once a build."""
    ids = "\n".join(sorted(str(what) for what in keys))
    return hashlib.sha256(f"{engine_version()}|pages|{ids}".encode()).hexdigest()


def remembered(cache: Store | None, keys: Mapping[str | int, str]) -> dict[str | int, int]:
    """The page counts earlier builds remembered, by item id or index group. They are hints:
    a wrong or damaged one costs a layout pass, never a different bundle."""
    hit = cache.get(NAMESPACE, _hints_key(keys)) if cache is not None else None
    try:
        counts = json.loads(hit) if hit is not None else {}
    except ValueError:
        counts = {}
    if not isinstance(counts, dict):
        return {}
    out: dict[str | int, int] = {}
    for what, key in keys.items():
        count = counts.get(key)
        if isinstance(count, int) and not isinstance(count, bool) and count > 0:
            out[what] = count
    return out


def estimate(
    items: Sequence[ItemView],
    known: Mapping[str | int, int],
    exhibit_counts: Mapping[str, tuple[int, ...]],
) -> Layout:
    """Where pages will probably land: page counts remembered from earlier builds of the same
    items and front matter, else a guess from the item's length. A right guess means one layout
    pass: a wrong one (the front matter's length, say) changes every pinpoint after it, and every
    item that shows one is compiled twice."""
    pieces: dict[str, Pieces] = {}
    for view in items:
        own = known.get(view.id)
        if own is None:
            size = sum(len(str(s)) for s in view.sections)
            own = max(1, math.ceil(size / 9000))
        pieces[view.id] = Pieces(own, exhibit_counts[view.id])
    # About twenty index rows a page, after the cover and the lines of inquiry.
    front = known.get(0, 3 + math.ceil(len(items) / 20))
    return compute(front, [(v.id, v.number) for v in items], pieces, known.get(ANNEX, 0))


def remember(
    cache: Store | None,
    keys: Mapping[str | int, str],
    known: Mapping[str | int, int],
    pages: Mapping[str | int, int],
) -> None:
    """Remember this build's page counts, when any is new or changed (a rebuild writes none)."""
    if cache is None or all(known.get(what) == pages.get(what) for what in keys):
        return
    counts = {key: pages[what] for what, key in keys.items() if what in pages}
    data = json.dumps(counts, sort_keys=True, separators=(",", ":")).encode()
    cache.put(NAMESPACE, _hints_key(keys), data)
