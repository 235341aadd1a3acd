"""The bookmarks and the document metadata, from the views and where everything landed.

Bookmarks follow the judiciary's guidance: one per tab, one per item beneath it, one per exhibit
beneath its item; each a short description ending with its page number. Every title comes from a
view, so it is redacted exactly as the pages are.
"""

from __future__ import annotations

from collections.abc import Sequence

from inquiry.render.nodes import FrontView, ItemView, Supplement
from inquiry.render.pdf.assemble import Mark, Metadata
from inquiry.render.pdf.layout import Layout
from inquiry.render.pdf.typst_code import short_title


def bookmarks(
    items: Sequence[ItemView], layout: Layout, *, supplements: Sequence[Supplement] = ()
) -> list[Mark]:
    """The cover, then tab → item → exhibit in bundle order; items added after serving sit
    under their supplementary index's bookmark."""
    group_of = {r.id: s.group for s in supplements for section in s.index for r in section.rows}
    marks: list[Mark] = [Mark("Cover, index and lines of inquiry (p. 1)", 1)]
    marks += _tabs([v for v in items if group_of.get(v.id, 0) == 0], layout)
    for s in supplements:
        pages = layout.index_pages(s.group)
        if pages is None:
            continue
        children = tuple(_tabs([v for v in items if group_of.get(v.id) == s.group], layout))
        marks.append(Mark(f"{s.title} (p. {pages[0]})", pages[0], children))
    return marks


def _tabs(items: Sequence[ItemView], layout: Layout) -> list[Mark]:
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
    out = []
    for title, children in tabs.values():
        first = children[0].page
        out.append(Mark(f"{title} (p. {first})", first, tuple(children)))
    return out


def metadata(front: FrontView) -> Metadata:
    return Metadata(
        title=front.title,
        author=front.author,
        subject=front.subject,
        keywords=front.keywords,
        language=front.language,
    )
