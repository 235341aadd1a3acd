"""Where the layout starts, and page counts remembered between builds so that it rarely
compiles a piece only to count its pages.

A bundle's page numbers follow from the page counts of its pieces, and a piece's count is known
only once it is compiled with the numbers it shows: layout is a fixed point (`render_pdf`), and it
can have more than one (a pinpoint at a digit boundary: `[D1/9]` fits its line, `[D1/10]` wraps,
and each layout is consistent). So every build starts from the same place, an estimate from the
items' lengths alone (`estimate`), never from what an earlier build found: the bundle is the same
whatever the cache holds.

What an earlier build found still saves work. Pinpoints and page ranges use tabular figures, so a
piece's page count depends on how many digits each number it shows has, never on which: a piece's
count is remembered under its source with every number replaced by the smallest of as many digits
(`Widths`), and a pass needs to compile only a piece whose source, so read, was never laid out.
The pieces of the settled layout are compiled as they are, and their counts checked: a count
remembered wrongly (a damaged cache) means the layout is made again with nothing remembered.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence

from inquiry.render.nodes import ItemView, Pin
from inquiry.render.pdf import typst_source as ts
from inquiry.render.pdf.compile import engine_version
from inquiry.render.pdf.layout import Layout, Pieces, compute
from inquiry.render.richtext import Store

NAMESPACE = "pages-by-width"


def _widest(n: int) -> int:
    """The smallest number with as many digits as `n` (1, 10, 100…)."""
    return 10 ** (len(str(n)) - 1) if n > 0 else n


class Widths:
    """`numbers` with each number as wide as it is and no more said: what a piece's layout
    depends on (a page range of one page stays one page, of several stays several)."""

    def __init__(self, numbers: ts.Numbers) -> None:
        self.numbers = numbers

    def page(self, pin: Pin) -> int:
        return _widest(self.numbers.page(pin))

    def pages(self, item: str) -> tuple[int, int]:
        first, last = self.numbers.pages(item)
        low = _widest(first)
        if last <= first:
            return (low, low)
        high = _widest(last)
        return (low, high if high != low else low + 1)

    def total(self) -> int:
        return _widest(self.numbers.total())


class Memo:
    """Page counts (and where each item starts) of pieces laid out before, by their source as
    `Widths` writes it; one cache entry a piece."""

    def __init__(self, cache: Store, tagged: bool) -> None:
        self.cache = cache
        self.tagged = tagged

    def _key(self, source: str) -> str:
        text = f"{engine_version()}|widths-1|{self.tagged}|{source}"
        return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()

    def get(self, source: str) -> tuple[int, dict[str, int]] | None:
        """The count and anchors remembered for `source`, or None (a damaged entry too)."""
        hit = self.cache.get(NAMESPACE, self._key(source))
        try:
            data = json.loads(hit) if hit is not None else None
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        pages, anchors = data.get("pages"), data.get("anchors")
        if not (isinstance(pages, int) and not isinstance(pages, bool) and pages > 0):
            return None
        if not isinstance(anchors, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
            for k, v in anchors.items()
        ):
            return None
        return pages, anchors

    def put(self, source: str, pages: int, anchors: Mapping[str, int]) -> None:
        data = json.dumps({"pages": pages, "anchors": dict(anchors)}, sort_keys=True)
        self.cache.put(NAMESPACE, self._key(source), data.encode())


def estimate(items: Sequence[ItemView], exhibit_counts: Mapping[str, tuple[int, ...]]) -> Layout:
    """Where pages will probably land, from the items' lengths alone (the same start for every
    build of the same sources): about 9,000 characters a page, twenty index rows a page."""
    pieces: dict[str, Pieces] = {}
    for view in items:
        size = sum(len(str(s)) for s in view.sections)
        pieces[view.id] = Pieces(max(1, math.ceil(size / 9000)), exhibit_counts[view.id])
    front = 3 + math.ceil(len(items) / 20)
    return compute(front, [(v.id, v.number) for v in items], pieces, 0)
