"""Where every page lands, computed in Python from page counts alone.

The front matter comes first, then each item's own pages followed by its exhibits', in plan order.
Nothing here reads a PDF: given how many pages each piece takes, every item's first and last page,
every pinpoint and the page count follow by addition. Pinpoints in the items' text are filled in
from a `Layout` (or from an estimate of one before the items are laid out, see `render_pdf`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from inquiry.render.nodes import Pin


@dataclass(frozen=True)
class Pieces:
    """How many pages an item's own text and each of its exhibits take."""

    own: int
    exhibits: tuple[int, ...] = ()


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
class Layout:
    """The bundle's pages: front matter, then items in order."""

    front: int
    count: int
    items: Mapping[str, Placed] = field(default_factory=dict)
    order: tuple[str, ...] = ()

    def page(self, pin: Pin) -> int:
        """The bundle page a pinpoint names."""
        placed = self.items[pin.item]
        if pin.exhibit:
            index = min(pin.exhibit, len(placed.exhibits)) - 1
            return placed.exhibits[index][0] if index >= 0 else placed.first
        if pin.page:
            return min(placed.first + pin.page - 1, placed.last)
        return placed.first

    def pages(self, item: str) -> tuple[int, int]:
        placed = self.items[item]
        return placed.first, placed.last

    def total(self) -> int:
        return self.count

    def exhibit_pages(self) -> dict[int, tuple[str, int, int]]:
        """Bundle page → (item id, exhibit index, page within the exhibit), 1-based."""
        out: dict[int, tuple[str, int, int]] = {}
        for placed in self.items.values():
            for k, (first, last) in enumerate(placed.exhibits, 1):
                for page in range(first, last + 1):
                    out[page] = (placed.id, k, page - first + 1)
        return out


def compute(front: int, order: Sequence[tuple[str, str]], pieces: Mapping[str, Pieces]) -> Layout:
    """The layout of `order` ((id, number) in bundle order) after `front` pages of front matter."""
    items: dict[str, Placed] = {}
    page = front + 1
    for item_id, number in order:
        p = pieces[item_id]
        own = (page, page + p.own - 1)
        page += p.own
        exhibits = []
        for n in p.exhibits:
            exhibits.append((page, page + n - 1))
            page += n
        items[item_id] = Placed(item_id, number, own[0], page - 1, own, tuple(exhibits))
    return Layout(front, page - 1, items, tuple(i for i, _ in order))
