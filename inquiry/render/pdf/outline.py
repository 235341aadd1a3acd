"""The bookmarks and the document metadata, from the views and where everything landed.

Bookmarks follow the judiciary's guidance: one per tab, one per item beneath it, one per exhibit
beneath its item; each a short description ending with its page number. The front matter's
bookmark opens the cover and holds one for the index and one for the lines of inquiry (a
supplementary index's, one for its lines of inquiry), found by the labels the template gives
their headings. Every title comes from a view, so it is redacted exactly as the pages are. A
served number no longer shown (withdrawn, or superseded by a reissue) keeps a bookmark to its
pages under its tab, so a served pinpoint to it can still be followed; the restricted edition's
annex has one of its own, last.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from inquiry.render import wording
from inquiry.render.cut import no_name
from inquiry.render.nodes import FrontView, IndexRow, ItemView, Supplement
from inquiry.render.pdf.assemble import Mark, Metadata
from inquiry.render.pdf.layout import ANNEX, Layout, RetiredPages
from inquiry.render.pdf.typst_code import short_title

# The labels template.typ gives the index's and the lines of inquiry's headings, as
# `Compiled.anchors` names them (what follows the anchor prefix): no item id starts with ":".
INDEX_ANCHOR = ":index"
LOI_ANCHOR = ":lines-of-inquiry"


def bookmarks(
    items: Sequence[ItemView],
    layout: Layout,
    *,
    supplements: Sequence[Supplement] = (),
    tabs: Mapping[str, str] | None = None,
    parts: Mapping[int, Mapping[str, int]] | None = None,
    shows: Callable[[str], bool] = no_name,
) -> list[Mark]:
    """The cover, then tab → item → exhibit in bundle order; items added after serving sit
    under their supplementary index's bookmark; then the annex, if any. `parts` gives each
    index group's anchors (0-based pages within its piece), for the bookmarks of the index
    and the lines of inquiry under the front matter's (and a supplement's lines of inquiry). A
    long title is cut short, never so that it `shows` a redacted string."""
    group_of = {
        r.id: s.group
        for s in supplements
        for section in s.index
        for r in section.rows
        if isinstance(r, IndexRow)  # a retired number's id may be an item's shown elsewhere
    }
    retired_in = _retired_groups(layout)
    # Every tab's heading, from submission.yaml (a tab left with withdrawn numbers only has no
    # item to give it), else from its items' views.
    titles = {letter: wording.tab_heading(letter, title) for letter, title in (tabs or {}).items()}
    titles |= {v.tab: wording.tab_heading(v.tab, v.tab_title) for v in items}
    found = _parts(layout, parts or {})
    front = [
        Mark(f"{title} (p. {page})", page)
        for title, key in ((wording.INDEX, INDEX_ANCHOR), (wording.LINES_OF_INQUIRY, LOI_ANCHOR))
        if (page := found.get((0, key))) is not None
    ]
    marks: list[Mark] = [Mark("Cover, index and lines of inquiry (p. 1)", 1, tuple(front))]
    marks += _tabs(
        [v for v in items if group_of.get(v.id, 0) == 0],
        retired_in.get(0, []),
        layout,
        titles,
        shows,
    )
    for s in supplements:
        pages = layout.index_pages(s.group)
        if pages is None:
            continue
        mine = [v for v in items if group_of.get(v.id) == s.group]
        children = _tabs(mine, retired_in.get(s.group, []), layout, titles, shows)
        loi = found.get((s.group, LOI_ANCHOR))
        if loi is not None and s.lines_of_inquiry:
            title = f"{wording.LINES_OF_INQUIRY}: {s.title}"  # as its heading says
            children.insert(0, Mark(f"{title} (p. {loi})", loi))
        marks.append(Mark(f"{s.title} (p. {pages[0]})", pages[0], tuple(children)))
    annex = layout.index_pages(ANNEX)
    if annex is not None:
        marks.append(Mark(f"{wording.ANNEX} (p. {annex[0]})", annex[0]))
    return marks


def _parts(layout: Layout, parts: Mapping[int, Mapping[str, int]]) -> dict[tuple[int, str], int]:
    """(index group, anchor) → the bundle page its heading is on, for the anchors found on
    the index's own pages (a served index is padded with blank pages after them)."""
    out: dict[tuple[int, str], int] = {}
    for group, anchors in parts.items():
        pages = layout.index_pages(group)
        if pages is None:
            continue
        for key in (INDEX_ANCHOR, LOI_ANCHOR):
            at = anchors.get(key)
            if at is not None and pages[0] + at <= pages[1]:
                out[(group, key)] = pages[0] + at
    return out


def _retired_groups(layout: Layout) -> dict[int, list[RetiredPages]]:
    """Retired numbers by the index group whose pages they follow (0: the front matter's)."""
    starts = sorted(
        (run.first, run.index) for run in layout.runs if run.kind == "index" and run.index > 0
    )
    out: dict[int, list[RetiredPages]] = {}
    for r in layout.retired:
        group = max([(first, g) for first, g in starts if first <= r.first], default=(0, 0))[1]
        out.setdefault(group, []).append(r)
    return out


def _tabs(
    items: Sequence[ItemView],
    retired: Sequence[RetiredPages],
    layout: Layout,
    titles: Mapping[str, str],
    shows: Callable[[str], bool],
) -> list[Mark]:
    marks: list[tuple[str, Mark]] = []
    for view in items:
        placed = layout.items[view.id]
        exhibits = tuple(
            Mark(
                f"Exhibit {e.index}: {short_title(e.description.plain(), 60, shows)} (p. {first})",
                first,
            )
            for e, (first, _) in zip(view.exhibits, placed.exhibits, strict=True)
        )
        title = short_title(view.title.plain(), shows=shows)
        draft = f"{wording.DRAFT} · " if view.draft else ""  # as its pages and index row say
        mark = Mark(
            f"{view.number} {view.id} {draft}{title} (p. {placed.first})",
            placed.first,
            exhibits,
        )
        marks.append((view.tab, mark))
    for r in retired:
        title = wording.retired_bookmark(r.number, r.id, r.by or None)
        marks.append((r.tab, Mark(f"{title} (p. {r.first})", r.first)))
    # Page order: a retired number's pages sit among the served items of its tab.
    tabs: dict[str, list[Mark]] = {}
    for tab, mark in sorted(marks, key=lambda m: m[1].page):
        tabs.setdefault(tab, []).append(mark)
    out = []
    for tab, children in tabs.items():
        first = children[0].page
        title = titles.get(tab, f"Tab {tab}")  # a tab since taken out of submission.yaml
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
