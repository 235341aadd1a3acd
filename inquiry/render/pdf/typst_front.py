"""The front matter, supplementary indexes and annex translated into typst.

A long index is laid out in pieces of at most `INDEX_PIECE_ROWS` rows, each its own typst
document, as items are laid out in chunks: typst holds a whole document's layout in memory,
about 0.22 GB for each thousand rows (the front matter of 3,000 items took 0.74 GB), so the
index of 10,000 items could not be laid out under `limits.TYPST_MEMORY`. Pieces hold whole
tabs where they can; a tab longer than a piece is cut into parts of about equal length. Each
part begins a page (the column headings and its tab's row again at its top, as on every page
the table continues on), and the lines-of-inquiry table, which begins a page anyway, is a piece
of its own. An index of `INDEX_PIECE_ROWS` rows or fewer is one document, as it always was; so is an
annex of `ANNEX_PIECE_ROWS` rows or fewer (a longer one is cut into parts of about equal length,
each a document beginning a page). A served index that no longer fits its served pages is
laid out as before stop 43, as it was served (`index_pieces`, `whole`).
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace

from inquiry.render import wording
from inquiry.render.nodes import (
    FrontView,
    IndexRow,
    IndexSection,
    LoiRow,
    RetiredRow,
    Supplement,
)
from inquiry.render.pdf.layout import ANNEX
from inquiry.render.pdf.typst_code import index_id, index_id_width, index_number_width, lit
from inquiry.render.pdf.typst_source import (
    Numbers,
    goto,
    goto_page,
    inline,
    pin_code,
)

TALL_ROW = 24
"""Lines of inquiry (less one) past which an index row may break across pages: kept whole, a
row of 200 ran off the page's foot and lost all but 65 (red team h162)."""
LOI_WHOLE_PINS = 45
LOI_WHOLE_CHARS = 1_200
"""A line of inquiry's row is kept on one page (h192: its question's last lines stood alone on
the next page, under an empty cell, a reader left to guess whose they were) unless it cites more
than `LOI_WHOLE_PINS` items or its title and question, as written for typst, are longer than
`LOI_WHOLE_CHARS`: such a row may be taller than a page, and kept whole it would run off it."""
INDEX_PIECE_ROWS = 1_500
"""The most rows of one index laid out as one typst document (about 0.4 GB of typst's memory)."""
WHOLE_ROWS = 3_000
"""The most rows of an index laid out as before stop 43 (`index_pieces`): a longer one could
not be laid out so (the front matter of 3,000 items took 0.74 GB), so none was served so."""
ANNEX_PIECE_ROWS = 3_000
"""The most rows of the annex laid out as one typst document (10,000 rows took 0.86 GB)."""


def index_parts(
    sections: Sequence[IndexSection], limit: int = INDEX_PIECE_ROWS
) -> list[list[IndexSection]]:
    """`sections` in pieces of at most `limit` rows, in order: whole tabs packed together while
    they fit; a tab longer than `limit` cut into the fewest parts of about equal length, each
    piece of it alone. One piece (of every section) when they all fit."""
    if sum(len(s.rows) for s in sections) <= limit:
        return [list(sections)]
    out: list[list[IndexSection]] = []
    held = limit  # rows in the last piece: none may be added to a piece not yet begun
    for s in sections:
        rows = len(s.rows)
        if rows <= limit:
            if held + rows > limit:
                out.append([])
                held = 0
            out[-1].append(s)
            held += rows
            continue
        out += [[replace(s, rows=s.rows[part])] for part in even_parts(rows, limit)]
        held = limit
    return out


def even_parts(count: int, limit: int) -> list[slice]:
    """`count` things in the fewest runs of at most `limit`, of about equal length (one run,
    empty, for none)."""
    size = math.ceil(count / math.ceil(count / limit)) if count > limit else max(count, 1)
    return [slice(start, start + size) for start in range(0, max(count, 1), size)]


def _row_dest(row: IndexRow | RetiredRow) -> str:
    """Where an index row links: an item's first page, or a retired number's first page."""
    return goto_page(row.first) if isinstance(row, RetiredRow) else goto(item=row.id)


def _row(r: IndexRow | RetiredRow, numbers: Numbers, width: float) -> str:
    if isinstance(r, RetiredRow):
        # A retired number: its statement in place of title, kind and date.
        return (
            f"(number: {lit(r.number)}, {index_id(r.id, width)}, "
            f"retired: {lit(r.statement.plain())}, "
            f"pages: {lit(wording.page_range(r.first, r.last))}, "
            f"dest: {lit(_row_dest(r))})"
        )
    pages = wording.page_range(*numbers.pages(r.id))
    return (
        f"(number: {lit(r.number)}, {index_id(r.id, width)}, "
        f"title: {inline(r.title, numbers)}, "
        f"kind: {lit(r.kind_name)}, date: {lit(r.date)}, "
        f"lois: {lit(r.lines_of_inquiry)}, draft: {'true' if r.draft else 'false'}, "
        f"tall: {'true' if r.lines_of_inquiry.count(',') >= TALL_ROW else 'false'}, "
        f"pages: {lit(pages)}, dest: {lit(_row_dest(r))})"
    )


def _index_page(
    title: str,
    sections: Sequence[IndexSection],
    numbers: Numbers,
    empty: str = wording.EMPTY_EDITION,
    *,
    width: float,
    number: float | None,
    dests: dict[str, str],
    continued: bool = False,
) -> str:
    """One piece of an index: its heading (none when `continued`) and a table of `sections`,
    each tab's row linking to `dests[tab]` (its first row, though not in this piece)."""
    out = []
    for s in sections:
        rows = "".join(_row(r, numbers, width) + ", " for r in s.rows)
        heading = wording.tab_heading(s.tab, s.title)
        out.append(f"(title: {lit(heading)}, dest: {lit(dests[s.tab])}, rows: ({rows}))")
    header = "(" + ", ".join(lit(c) for c in wording.INDEX_COLUMNS) + ",)"
    more = f", number-width: {number:g}pt" if number is not None else ""
    more += ", continued: true" if continued else ""
    return (
        f"#index-page({lit(title)}, {header}, ({''.join(s + ', ' for s in out)}), "
        f"{lit(empty)}, id-width: {width:g}pt{more})"  # a string shown as text, not a literal
    )


def _index_pages(
    title: str, sections: Sequence[IndexSection], numbers: Numbers, empty: str, whole: bool
) -> list[str]:
    """An index's pieces (see `index_parts`), its columns as wide in each; with `whole`, one
    document, laid out as before stop 43 (its number column not widened either)."""
    rows = sys.maxsize if whole else INDEX_PIECE_ROWS
    width = index_id_width(max((len(r.id) for s in sections for r in s.rows), default=0))
    longest = max((len(r.number) for s in sections for r in s.rows), default=0)
    number = None if whole else index_number_width(longest)
    dests = {s.tab: _row_dest(s.rows[0]) for s in sections}
    return [
        _index_page(
            title, part, numbers, empty, width=width, number=number, dests=dests, continued=k > 0
        )
        for k, part in enumerate(index_parts(sections, rows))
    ]


def _loi_page(title: str, lois: Sequence[LoiRow], numbers: Numbers) -> str:
    rows = []
    for loi in lois:
        if loi.pins:
            evidence = "[" + " ".join(f"#{pin_code(p, numbers)};" for p in loi.pins) + "]"
        else:
            evidence = f"small({lit(loi.none)})"
        written = (inline(loi.title, numbers), inline(loi.question, numbers))
        tall = len(loi.pins) > LOI_WHOLE_PINS or sum(map(len, written)) > LOI_WHOLE_CHARS
        rows.append(
            f"(id: {lit(loi.id)}, title: {written[0]}, question: {written[1]}, "
            f"evidence: {evidence}, tall: {'true' if tall else 'false'})"
        )
    header = "(" + ", ".join(lit(c) for c in wording.LOI_COLUMNS) + ",)"
    return f"#loi-page({lit(title)}, {header}, ({''.join(x + ', ' for x in rows)}))"


def _documents(pages: Sequence[str], split: bool, preamble_: str) -> list[str]:
    """Typst documents of `pages` in order: one, unless `split` (each its own)."""
    if not split:
        return [preamble_ + "\n".join(pages) + "\n"]
    return [preamble_ + p + "\n" for p in pages if p]


def index_pieces(
    view: FrontView, numbers: Numbers, *, preamble_: str, whole: Collection[int] = ()
) -> list[tuple[int, str]]:
    """(index group, typst source) of every index piece, in page order: the front matter's
    (group 0), each supplementary index's, the annex's (`layout.ANNEX`). How many pieces depends
    on the rows, never on `numbers`. The indexes of the groups in `whole` are laid out as before
    stop 43, one document however long: a served index may need it to fit its served pages
    (each piece begins a page, and a widened number column narrows the titles', so either can
    take a page more than it did) — but not one of more than `WHOLE_ROWS` rows."""

    def as_served(group: int, sections: Sequence[IndexSection]) -> bool:
        return group in whole and sum(len(s.rows) for s in sections) <= WHOLE_ROWS

    kept = as_served(0, view.index)
    out = [(0, s) for s in front(view, numbers, preamble_=preamble_, whole=kept)]
    for sup in view.supplements:
        kept = as_served(sup.group, sup.index)
        out += [(sup.group, s) for s in supplement(sup, numbers, preamble_=preamble_, whole=kept)]
    if view.annex:
        out += [(ANNEX, s) for s in annex(view, numbers, preamble_=preamble_)]
    return out


def front(view: FrontView, numbers: Numbers, *, preamble_: str, whole: bool = False) -> list[str]:
    """The cover, the index and the lines-of-inquiry table: one typst document, or several for
    an index too long for one (the cover with the index's first piece)."""
    c = view.cover
    facts = ", ".join(f"({lit(f.label)}, {inline(f.value, numbers)})" for f in c.facts)
    cover = (
        f"#cover((kicker: {inline(c.kicker, numbers)}, title: {inline(c.title, numbers)}, "
        f"facts: ({facts},), drafts: {lit(wording.DRAFT_NOTE) if c.drafts else 'none'}, "
        f"note: {lit(c.note)}))"
    )
    index = _index_pages(wording.INDEX, view.index, numbers, wording.EMPTY_EDITION, whole)
    lois = _loi_page(wording.LINES_OF_INQUIRY, view.lines_of_inquiry, numbers)
    return _documents([cover + "\n" + index[0], *index[1:], lois], len(index) > 1, preamble_)


def supplement(
    view: Supplement, numbers: Numbers, *, preamble_: str, whole: bool = False
) -> list[str]:
    """A supplementary index: the items added after the bundle was served, and the lines of
    inquiry they bear on (pieces as the front matter's)."""
    index = _index_pages(view.title, view.index, numbers, wording.SUPPLEMENT_LINES_ONLY, whole)
    lois = (
        _loi_page(f"{wording.LINES_OF_INQUIRY}: {view.title}", view.lines_of_inquiry, numbers)
        if view.lines_of_inquiry
        else ""
    )
    return _documents([*index, lois], len(index) > 1, preamble_)


def annex(view: FrontView, numbers: Numbers, *, preamble_: str) -> list[str]:
    """The restricted edition's schedule of what the public edition redacts: one typst
    document, or pieces of `ANNEX_PIECE_ROWS` rows (each after the first `continued`)."""
    rows: list[str] = []
    for row in view.annex:
        where = f"Exhibit {row.exhibit}" if row.exhibit else "Text"
        cells = [
            f"[#{pin_code(row.pin, numbers)};]",
            lit(where),
            lit(row.code or "—"),
            lit(row.reason),
            lit(str(row.count)),
        ]
        rows.append("".join(c + ", " for c in cells))
    header = "(" + ", ".join(lit(c) for c in wording.ANNEX_COLUMNS) + ",)"
    return [
        preamble_
        + f"#annex-page({lit(wording.ANNEX)}, {lit(wording.ANNEX_NOTE)}, {header}, "
        + f"({''.join(rows[part])}){', continued: true' if part.start else ''})\n"
        for part in even_parts(len(rows), ANNEX_PIECE_ROWS)
    ]


def piece_names(index_groups: Sequence[int], sources: Sequence[str]) -> dict[str, str]:
    """What a failure calls each index piece: the front matter, a supplementary index or the
    annex, with its part when it is laid out in several."""
    counts = Counter(index_groups)
    seen: Counter[int] = Counter()
    out: dict[str, str] = {}
    for group, source in zip(index_groups, sources, strict=True):
        seen[group] += 1
        name = (
            "the front matter"
            if group == 0
            else "the annex"
            if group == ANNEX
            else f"{wording.SUPPLEMENTARY.lower()} index {group}"
        )
        if counts[group] > 1:
            name += f" (part {seen[group]} of {counts[group]})"
        out.setdefault(source, name)
    return out
