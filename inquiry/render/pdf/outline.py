"""The bookmarks and the document metadata, from the views and where everything landed.

Bookmarks follow the judiciary's guidance: one per tab, one per item beneath it, one per exhibit
beneath its item; each a short description ending with its page number. Every title comes from a
view, so it is redacted exactly as the pages are.
"""

from __future__ import annotations

from collections.abc import Sequence

from inquiry.render.nodes import FrontView, ItemView
from inquiry.render.pdf.assemble import Mark, Metadata
from inquiry.render.pdf.layout import Layout
from inquiry.render.pdf.typst_code import short_title


def bookmarks(items: Sequence[ItemView], layout: Layout, *, front: int) -> list[Mark]:
    """Front matter, then tab → item → exhibit, in bundle order."""
    marks: list[Mark] = []
    if front >= 1:
        marks.append(Mark("Cover (p. 1)", 1))
    tabs: dict[str, tuple[str, list[Mark]]] = {}
    for view in items:
        placed = layout.items[view.id]
        exhibits = tuple(
            Mark(
                f"Exhibit {e.index}: {short_title(e.description.plain(), 60)} (p. {first})",
                first,
            )
            for e, (first, _) in zip(view.exhibits, placed.exhibits, strict=True)
        )
        mark = Mark(
            f"{view.number} {view.id} {short_title(view.title.plain())} (p. {placed.first})",
            placed.first,
            exhibits,
        )
        title = f"Tab {view.tab} — {view.tab_title}"
        tabs.setdefault(view.tab, (title, []))[1].append(mark)
    for title, children in tabs.values():
        first = children[0].page
        marks.append(Mark(f"{title} (p. {first})", first, tuple(children)))
    return marks


def metadata(front: FrontView) -> Metadata:
    return Metadata(
        title=front.title,
        author=front.author,
        subject=front.subject,
        keywords=front.keywords,
        language=front.language,
    )
