"""The front matter in the DOCX: the cover, the index and the lines-of-inquiry table.

The index gives each item's page range in the PDF bundle, as the PDF's index does, each row linked
to the item, and each served number since withdrawn or superseded in its place with the PDF's
pages that stand for it; the lines-of-inquiry table lists the pinpoints of the items bearing on
each line.

An index (or annex) of more than `TABLE_PIECE_ROWS` rows is several tables one after the other,
each under the column headings (and, cut inside a tab, that tab's row again): each is a piece
pandoc may write on its own (`merge.convert_in_pieces`), where the index of 10,000 items as one
table ran pandoc out of its memory limit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from inquiry.render import wording
from inquiry.render.docx import openxml
from inquiry.render.docx.pandoc_ast import (
    Node,
    header,
    line_break,
    link,
    para,
    styled,
    styled_para,
    table,
    words,
)
from inquiry.render.docx.translate import Context, fact_rows, inlines, page_range, pin
from inquiry.render.nodes import FrontView, IndexRow, IndexSection, LoiRow, RetiredRow

FRONT_INDEX = "front_index"
FRONT_LOI = "front_loi"
INDEX_WIDTHS = (0.05, 0.09, 0.42, 0.13, 0.11, 0.12, 0.08)
NUMBER_FITS = 3
"""The longest number the index's number column holds whole at its usual width (`A99`): Word
and LibreOffice broke `A112` into `A11` and `2` on two lines."""
NUMBER_CHARACTER = 0.015  # of the table's width: a figure and a margin, from the title's


def index_widths(longest: int) -> tuple[float, ...]:
    """The index's column widths for numbers of at most `longest` characters."""
    extra = NUMBER_CHARACTER * max(0, longest - NUMBER_FITS)
    number, ident, title, *rest = INDEX_WIDTHS
    return (number + extra, ident, title - extra, *rest)


TABLE_PIECE_ROWS = 1_500
"""The most rows of one front-matter table (the PDF's index pieces hold as many)."""

Row = list[tuple[list[Node], int]]


def _cut(rows: Sequence[tuple[Row, Row | None]]) -> list[list[Row]]:
    """Rows (each with the tab row it falls under, or None for a tab row itself) in tables of
    at most `TABLE_PIECE_ROWS` rows, of about equal length: one table when they all fit. A
    table that begins inside a tab begins with that tab's row."""
    if len(rows) <= TABLE_PIECE_ROWS:
        return [[row for row, _ in rows]]
    size = math.ceil(len(rows) / math.ceil(len(rows) / TABLE_PIECE_ROWS))
    out = []
    for start in range(0, len(rows), size):
        part = list(rows[start : start + size])
        after = rows[start + size][1] if start + size < len(rows) else None
        if len(part) > 1 and after is not None and part[-1][0] is after:
            part.pop()  # a tab's row last, its items in the next table: it heads that one only
        under = part[0][1]
        out.append(([under] if under is not None else []) + [row for row, _ in part])
    return out


def cover(ctx: Context, view: FrontView) -> list[Node]:
    c = view.cover
    out = [
        styled_para("Cover Kicker", inlines(ctx, c.kicker)),
        styled_para("Cover Title", inlines(ctx, c.title)),
        *fact_rows(ctx, c.facts, style="Cover Fact"),
    ]
    if c.drafts:
        draft = [styled("Draft Label", words(wording.DRAFT)), {"t": "Space"}]
        out.append(styled_para("Draft Note", [*draft, *words(wording.DRAFT_NOTE)]))
    out.append(styled_para("Cover Note", words(wording.DOCX_NUMBERS_NOTE)))
    return out


def _row(ctx: Context, r: IndexRow) -> list[tuple[list[Node], int]]:
    target = f"#{openxml.item_start(r.id)}"
    # The title links too, as the PDF's whole row and the HTML's title do (a link holds no
    # other link: a title never has one, but a Word hyperlink inside another is invalid).
    title = inlines(ctx, r.title)
    if not any(n.get("t") == "Link" for n in title):
        title = [link(target, title)]
    if r.draft:
        title += [{"t": "Space"}, styled("Draft Label", words(wording.DRAFT))]
    cells = [
        [link(target, words(r.number))],
        words(r.id),
        title,
        words(r.kind_name),
        words(r.date),
        words(r.lines_of_inquiry),
        page_range(ctx, r.id),
    ]
    return [([para(c)], 1) for c in cells]


def _retired_row(ctx: Context, r: RetiredRow) -> list[tuple[list[Node], int]]:
    """A served number no longer shown: its statement in place of title, kind and date, and
    the PDF's pages that stand for it, as words. This document has no page for it, so only
    the number now in its place links (to that item)."""
    pages = words(wording.page_range(r.first, r.last)) if ctx.numbers is not None else []
    cells = [
        (words(r.number), 1),
        (words(r.id), 1),
        ([{"t": "Emph", "c": inlines(ctx, r.statement)}], 3),
        ([], 1),
        (pages, 1),
    ]
    return [([para(c)], span) for c, span in cells]


def _section_row(s: IndexSection) -> list[tuple[list[Node], int]]:
    title = wording.tab_heading(s.tab, s.title)
    if s.supplementary:
        title = f"{wording.SUPPLEMENTARY}: {title}"
    heading: list[Node] = [{"t": "Strong", "c": words(title)}]
    if s.first:
        heading = [link(f"#{openxml.item_start(s.first)}", heading)]
    return [([para(heading)], 7)]


def index(ctx: Context, view: FrontView) -> list[list[Node]]:
    """The index's heading and table: one piece, or for a long index its first table with the
    heading and then each further table (see `_cut`)."""
    out: list[Node] = [header(1, ctx.bookmark(FRONT_INDEX, words(wording.INDEX), page_break=True))]
    if not view.index:
        return [[*out, styled_para("Body Text", words(wording.EMPTY_EDITION))]]
    rows: list[tuple[Row, Row | None]] = []
    # Supplements (items added after serving) follow the served index, as in the PDF.
    sections = [*view.index, *(sec for supp in view.supplements for sec in supp.index)]
    for s in sections:
        tab = _section_row(s)
        rows.append((tab, None))
        rows += [
            (_retired_row(ctx, r) if isinstance(r, RetiredRow) else _row(ctx, r), tab)
            for r in s.rows
        ]
    aligns = ["left"] * 6 + ["right"]
    head = [[para(words(c))] for c in wording.INDEX_COLUMNS]
    widths = index_widths(max((len(r.number) for s in sections for r in s.rows), default=0))
    tables = [table(widths, aligns, head, part, cell_style="Index Text") for part in _cut(rows)]
    return [[*out, tables[0]], *([t] for t in tables[1:])]


def lines_of_inquiry(ctx: Context, view: FrontView) -> list[Node]:
    """The lines-of-inquiry table, then each supplementary index's (the lines its items bear
    on, and lines added since serving with the served items on them), as in the PDF."""
    out: list[Node] = [
        header(1, ctx.bookmark(FRONT_LOI, words(wording.LINES_OF_INQUIRY), page_break=True)),
        _loi_table(ctx, view.lines_of_inquiry),
    ]
    for supp in view.supplements:
        if supp.lines_of_inquiry:
            out.append(header(2, words(f"{wording.LINES_OF_INQUIRY}: {supp.title}")))
            out.append(_loi_table(ctx, supp.lines_of_inquiry))
    return out


def _loi_table(ctx: Context, lois: Sequence[LoiRow]) -> Node:
    rows = []
    for loi in lois:
        if loi.pins:
            evidence: list[Node] = []
            for i, p in enumerate(loi.pins):
                if i:
                    evidence.append({"t": "Space"})
                evidence.append(pin(ctx, p))
        else:
            evidence = words(loi.none)
        line = [
            styled("Strong Text", inlines(ctx, loi.title)),
            line_break(),
            *inlines(ctx, loi.question),
        ]
        rows.append(
            [
                ([para([styled("Strong Text", words(loi.id))])], 1),
                ([para(line)], 1),
                ([para(evidence)], 1),
            ]
        )
    head = [[para(words(c))] for c in wording.LOI_COLUMNS]
    return table((0.12, 0.6, 0.28), ["left"] * 3, head, rows, cell_style="Table Text")


def annex(ctx: Context, view: FrontView) -> list[list[Node]]:
    """The restricted edition's schedule of what the public edition redacts (none: no piece),
    in pieces as the index."""
    if not view.annex:
        return []
    out: list[Node] = [
        header(1, ctx.bookmark("annex", words(wording.ANNEX), page_break=True)),
        styled_para("Body Text", words(wording.ANNEX_NOTE)),
    ]
    rows: list[tuple[Row, Row | None]] = [
        (
            [
                ([para([pin(ctx, row.pin)])], 1),
                ([para(words(f"Exhibit {row.exhibit}" if row.exhibit else "Text"))], 1),
                ([para(words(row.code or "—"))], 1),
                ([para(words(row.reason))], 1),
                ([para(words(str(row.count)))], 1),
            ],
            None,
        )
        for row in view.annex
    ]
    head = [[para(words(c))] for c in wording.ANNEX_COLUMNS]
    aligns = ["left"] * 4 + ["right"]
    widths = (0.14, 0.14, 0.12, 0.45, 0.15)
    tables = [table(widths, aligns, head, part, cell_style="Table Text") for part in _cut(rows)]
    return [[*out, tables[0]], *([t] for t in tables[1:])]
