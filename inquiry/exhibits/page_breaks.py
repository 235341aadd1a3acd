"""Redacted strings an exhibit's page break splits.

A page may end with a name's first part (`Jane`, or `Jane Smi-`) and a later page begin with the
rest: a reader reads on over the break, so the name is on the pages. Each page's own survey
(`inquiry.exhibits.find`) cannot see it; here the end of one page is read on into the start of
the next page that holds text (past blank pages, and pages holding a page number alone), in the
order pdfium extracts the text and in reading order (rows top to bottom: a right column drawn
before the left one, footnotes drawn after the body), past up to `EDGE_LINES` lines between the
parts (a page number, a running head or foot, a letterhead).
Each part is boxed on its own page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pypdfium2 as pdfium

from inquiry.exhibits.find import (
    Box,
    as_read,
    columns,
    line_boxes,
    open_pdfium,
    page_chars,
    read_lines,
    reading_rows,
    shift,
)
from inquiry.redaction import Matcher

EDGE_CHARS = 300
"""How much of a page's end, and of the next page's start, is read across the break."""
EDGE_LINES = 6
"""How many lines at a page's end or the next page's start a name is read past, however long:
a page number, a running head or foot (`IN THE MATTER OF THE PUBLIC INQUIRY - WITNESS
STATEMENT OF …`, a company's registration line), a letterhead or a footer of several lines. A
name is found past body lines too, which only boxes more."""
SEAM = 60
"""Characters either side of a break that a word split there (`Ja-` / `ne`) is looked for in."""
SKIPPED_PAGES = 2
"""How many pages with no text of their own (blank, a picture, a page number alone) a name is
read on past."""

Hits = list[tuple[list[Box], str | None]]

BREAKS = re.compile("[\n\ufffe]")
"""Where a line ends in a page's text: a line end, or the hyphen pdfium joins the next line to
(with no line end: a page number below a hyphenated word is read on from it)."""


def across_pages(
    pdf: bytes, matcher: Matcher, texts: Sequence[str]
) -> tuple[dict[int, Hits], list[str]]:
    """The boxes of each part of every string split by a page break (0-based page: its hits,
    shifted as `survey_page`'s are), and the texts read across each break where one was found.
    `texts` is each page's extracted text: only the breaks where every word of a string is
    near (`_near`) are read character by character."""
    if not matcher:
        return {}, []
    runs = [(i, j) for i in range(len(texts)) for j in _next_pages(texts, i)]
    near = [
        (i, j)
        for i, j in runs
        if _near(matcher, texts[i], [texts[k].strip() for k in range(i + 1, j)], texts[j])
    ]
    out: dict[int, Hits] = {}
    read: list[str] = []
    if not near:
        return out, read
    document = open_pdfium(pdf)
    orders: dict[int, list[tuple[str, list[int]]]] = {}  # a page's readings, read once
    try:
        for i, j in near:
            _across(document, list(range(i, j + 1)), matcher, out, read, orders)
    finally:
        document.close()
    return out, read


def _next_pages(texts: Sequence[str], i: int) -> list[int]:
    """The pages a name ending page `i` may run on into: the next, and past pages with little
    text of their own (blank, a picture, a page number, "This page is intentionally left
    blank", or a name's middle part) the next ones that have some."""
    if not texts[i].strip():
        return []
    out: list[int] = []
    for j in range(i + 1, min(len(texts), i + 2 + SKIPPED_PAGES)):
        if texts[j].strip():
            out.append(j)
        if not _passable(texts[j]):
            break
    return out


def _passable(text: str) -> bool:
    """Whether a page holds little text of its own: at most two lines of at most 60 characters."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) <= 2 and all(len(line.strip()) <= 60 for line in lines)


def _near(matcher: Matcher, before: str, middle: Sequence[str], after: str) -> bool:
    """Whether every word of some string is in the end of `before` and the start of `after`
    read across the break (perhaps past lines passed over, with or without the `middle`
    pages' text): a quick test at C speed, so that most breaks are not read character by
    character. Words are looked for anywhere in the two pages read together, and in each
    seam."""
    ends, starts = _edges(before, last=True), _edges(after, last=False)
    if not ends or not starts:
        return False
    between = ["\r\n".join(["", *middle, ""]), "\r\n"] if middle else ["\r\n"]
    seams = [
        before[max(0, cut - SEAM) : cut] + sep + after[start : start + SEAM]
        for cut in ends
        for start in starts
        for sep in between
    ]
    # The whole pages: drawn column by column, a page's text may end far from where it is read.
    window = before + between[0] + after
    return matcher.words_present("\x00".join([window, *seams]))


def _orders(textpage: pdfium.PdfTextPage) -> list[tuple[str, list[int]]]:
    """A page's text with each character's pdfium index (-1 for what was added): in the order
    pdfium extracts it, in reading order (`find.reading_rows`), and column by column (a right
    column drawn before the left one ends the page as read)."""
    drawn = page_chars(textpage, hyphen="\ufffe")
    rows, spaced = reading_rows(textpage)
    out = [(drawn, list(range(len(drawn))))]
    for blocks in ([rows], columns(rows)):
        text, index = read_lines(blocks, spaced)
        out.append((as_read(text, hyphen="\ufffe"), index))
    return out


Segment = tuple[int, str, list[int]]
"""Part of a text read across pages: the page (its place in the run), its text, each
character's pdfium index."""


def _across(
    document: pdfium.PdfDocument,
    run: list[int],
    matcher: Matcher,
    out: dict[int, Hits],
    read: list[str],
    orders: dict[int, list[tuple[str, list[int]]]],
) -> None:
    """The strings split by the break from the first page of `run` (0-based) to its last, read
    with the pages between (a name's middle part) and without them (a blank page), added to
    `out` and `read`. `orders` keeps each page's readings for the next break."""
    pages = [document[k] for k in run]
    textpages = [page.get_textpage() for page in pages]
    try:
        middles: list[Segment] = []
        for k, textpage in enumerate(textpages[1:-1], 1):
            text = page_chars(textpage, hyphen="\ufffe")
            lo, hi = len(text) - len(text.lstrip()), len(text.rstrip())
            middles.append((k, text[lo:hi], list(range(lo, hi))))
        for k in (0, -1):
            if run[k] not in orders:
                orders[run[k]] = _orders(textpages[k])
        last = len(run) - 1
        seen: set[str] = set()  # a reading the same as one read already (one column, say)
        for ends, end_index in orders[run[0]]:
            for starts, start_index in orders[run[-1]]:
                for cut in _edges(ends, last=True):
                    for start in _edges(starts, last=False):
                        low = max(0, cut - EDGE_CHARS)
                        tail: Segment = (0, ends[low:cut], end_index[low:cut])
                        end = start + EDGE_CHARS
                        head: Segment = (last, starts[start:end], start_index[start:end])
                        for between in [middles, []] if middles else [[]]:
                            segments = [tail, *between, head]
                            joined = "\r\n".join(text for _, text, _ in segments)
                            if joined not in seen:
                                seen.add(joined)
                                _read_across(segments, matcher, pages, textpages, run, out, read)
    finally:
        for textpage in textpages:
            textpage.close()
        for page in pages:
            page.close()


def _read_across(
    segments: list[Segment],
    matcher: Matcher,
    pages: list[pdfium.PdfPage],
    textpages: list[pdfium.PdfTextPage],
    run: list[int],
    out: dict[int, Hits],
    read: list[str],
) -> None:
    """Each string found in the segments read on, one line end apart, that more than one
    segment holds part of: boxed on each of their pages."""
    joined = "\r\n".join(text for _, text, _ in segments)
    if not matcher.words_present(joined):
        return  # at C speed: most readings hold no string
    for hit in matcher.find(joined):
        parts: list[tuple[int, list[int]]] = []
        offset = 0
        for k, text, index in segments:
            lo, hi = max(hit.start, offset), min(hit.end, offset + len(text))
            if lo < hi:
                parts.append((k, index[lo - offset : hi - offset]))
            offset += len(text) + 2
        if len(parts) < 2:
            continue  # within one page: its own survey finds it
        for k, indices in parts:
            _box(out, run[k], pages[k], textpages[k], indices, hit.code)
        read.append(joined)


def _box(
    out: dict[int, Hits],
    k: int,
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    indices: list[int],
    code: str | None,
) -> None:
    boxes = line_boxes(textpage, [n for n in indices if n >= 0])
    left, bottom, _, _ = page.get_bbox()
    found = ([shift(b, (left, bottom)) for b in boxes], code)
    if boxes and found not in out.setdefault(k, []):
        out[k].append(found)


def _edges(text: str, *, last: bool) -> list[int]:
    """Where a page's text is read to (`last`) or from, across a break: its end (or start),
    then past each of up to `EDGE_LINES` lines there."""
    out: list[int] = []
    if last:
        end = len(text.rstrip())
        while end > 0 and len(out) <= EDGE_LINES:
            out.append(end)
            line = max((m.end() for m in BREAKS.finditer(text, 0, end)), default=0)
            if line == 0:
                break
            end = len(text[:line].rstrip())
    else:
        start = len(text) - len(text.lstrip())
        while start < len(text) and len(out) <= EDGE_LINES:
            out.append(start)
            found = BREAKS.search(text, start)
            if found is None:
                break
            start = len(text) - len(text[found.end() :].lstrip())
    return out


__all__ = ["across_pages"]
