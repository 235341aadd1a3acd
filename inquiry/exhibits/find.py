"""Finding redacted strings in an exhibit through its text layer, as boxes on its pages.

Strings are found with the bundle's own matcher (`inquiry.redaction`), over the text pdfium
extracts from each page, one character per pdfium index so that a match maps back to the boxes of
its characters. Boxes are PDF points in the page's own user space (before any /Rotate), measured
from the lower-left corner of its visible area (the CropBox): see `inquiry.exhibits.redact`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from inquiry.errors import InquiryError
from inquiry.redaction import Matcher

Box = tuple[float, float, float, float]


class RedactionFailed(InquiryError):
    """A region that does not fit the exhibit, or a page that could not be rendered."""


class Found(NamedTuple):
    """A redacted string's place: 1-based page, box in points, code."""

    page: int
    box: Box
    code: str | None


def find_strings(pdf: bytes, matcher: Matcher) -> list[Found]:
    """Every place `matcher` finds a string in the PDF's text layer: one box per line a match
    covers, in points (see the module's note), page by page."""
    out: list[Found] = []
    for number, page in enumerate(survey(pdf, matcher), start=1):
        out.extend(Found(number, box, code) for boxes, code in page.hits for box in boxes)
    return out


@dataclass(frozen=True)
class PageSurvey:
    """What redaction needs to know of a page: its text, where the strings are (line boxes and
    code per occurrence), its visible width and height in user space."""

    text: str
    hits: list[tuple[list[Box], str | None]]
    size: tuple[float, float]


def survey(pdf: bytes, matcher: Matcher, pages: Iterable[int] | None = None) -> list[PageSurvey]:
    """Every page of `pdf` (or only the 0-based `pages`; the others come back empty)."""
    document = open_pdfium(pdf)
    try:
        wanted = set(range(len(document)) if pages is None else pages)
        out: list[PageSurvey] = []
        for index in range(len(document)):
            if index not in wanted:
                out.append(PageSurvey("", [], (0.0, 0.0)))
                continue
            page = document[index]
            try:
                out.append(survey_page(page, matcher))
            finally:
                page.close()
        return out
    finally:
        document.close()


def survey_page(page: pdfium.PdfPage, matcher: Matcher) -> PageSurvey:
    """A page's text as a reader's software extracts it (and as `inquiry.proof` reads it), and
    the boxes of every redacted string in it. Most pages hold none: the text is searched at C
    speed first, and only a page with a hit is read character by character to locate it."""
    left, bottom, right, top = page.get_bbox()
    size = (round(right - left, 4), round(top - bottom, 4))
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        # Searched at C speed; counted as `find` counts (the two readings of a text with
        # look-alike letters may both find one name: one occurrence, not two).
        wanted = len(matcher.find(text)) if matcher.search(text) else 0
        located = _locate(textpage, matcher) if wanted else []
        direct = len(located)  # each name in the text must be located as itself
        # Drawn out of order ("Dear ", then the surname, then the first name at its place
        # before it), or wrapped in a table's cell or a column while the next cell's words come
        # between its lines in the extracted text, a name is not in that text but is on the
        # page as a reader reads it (and as another program extracts it).
        rest = matcher.plain(text) if wanted else text  # what the text holds besides
        if matcher.words_present(rest) or matcher.parts_present(rest):
            for found in _in_reading_order(textpage, matcher):
                if found not in located:
                    located.append(found)
        hits = [([shift(b, (left, bottom)) for b in boxes], code) for boxes, code in located]
    finally:
        textpage.close()
    if direct < wanted:
        # Never leave a found name in place: the page can still be redacted by a region.
        raise RedactionFailed(
            f"a redacted string is in the text of a page ({size[0]:g} × {size[1]:g} pt) but "
            "could not be located on it; redact that page with a region instead"
        )
    return PageSurvey(text, hits, size)


def page_chars(textpage: pdfium.PdfTextPage, *, hyphen: str = "\u200b") -> str:
    """A page's text, one character per pdfium index (so that a span maps to boxes). pdfium
    marks a hyphen it reads as joining a line's last word to the next line's with U+0002: read
    as nothing (`hyphen`), or as U+FFFE, the mark the matcher reads both ways (the text
    `get_text_range` gives)."""
    count = textpage.count_chars()
    text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    return as_read(text, hyphen=hyphen)


def as_read(text: str, *, hyphen: str = "\u200b") -> str:
    """Characters pdfium gives, as `page_chars` reads them: each control character invisible
    and pdfium's joining hyphen (U+0002) as `hyphen`, one character for one."""
    return text.translate({**_CONTROLS, 2: hyphen})


_CONTROLS = {cp: "\u200b" for cp in (*range(0x20), 0x7F) if chr(cp) not in "\t\n\r\x0b\x0c"}
"""Control characters, which a reader's extraction leaves out: read as invisible, so that a
name split by one is found where it is found in the extracted text."""


def _locate(textpage: pdfium.PdfTextPage, matcher: Matcher) -> list[tuple[list[Box], str | None]]:
    """Each redacted string on the page, as line boxes (not yet shifted) and its code."""
    # One character per pdfium index (get_text_range may differ), so a hit's span maps to boxes.
    out = []
    for hit in matcher.find(page_chars(textpage)):
        boxes = line_boxes(textpage, range(hit.start, hit.end))
        if boxes:
            out.append((boxes, hit.code))
    return out


def _in_reading_order(
    textpage: pdfium.PdfTextPage, matcher: Matcher
) -> list[tuple[list[Box], str | None]]:
    """The redacted strings found in the page's characters put in reading order (lines top to
    bottom, each left to right, a space where a gap is), as line boxes and codes."""
    rows, spaced = reading_rows(textpage)
    out: list[tuple[list[Box], str | None]] = []
    # Read twice: each line across the page, and each column (a table's cell) down the page.
    for lines in ([rows], columns(rows)):
        text, index = read_lines(lines, spaced)
        for hit in matcher.find(text):
            boxes = line_boxes(textpage, [i for i in index[hit.start : hit.end] if i >= 0])
            if boxes and (boxes, hit.code) not in out:
                out.append((boxes, hit.code))
    return out


def reading_rows(textpage: pdfium.PdfTextPage) -> tuple[list[list[_Placed]], set[int]]:
    """The page's characters in rows, top to bottom, each left to right (how a reader reads
    a page whatever order it was drawn in), and the characters a space comes before."""
    rect = pdfium_c.FS_RECTF()
    placed: list[_Placed] = []
    spaced: set[int] = set()  # characters a space comes before in the page's own text
    for i in range(textpage.count_chars()):
        ch = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
        if ch.isspace():
            spaced.add(i + 1)
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
            continue
        y0, y1 = sorted((rect.bottom, rect.top))
        placed.append(
            ((y0 + y1) / 2, y1 - y0, min(rect.left, rect.right), max(rect.left, rect.right), i, ch)
        )
    rows: list[list[_Placed]] = []
    for char in sorted(placed, key=lambda c: -c[0]):
        if rows and abs(rows[-1][0][0] - char[0]) <= max(rows[-1][0][1], char[1]) / 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    for row in rows:
        row.sort(key=lambda c: c[2])
    return rows, spaced


_Placed = tuple[float, float, float, float, int, str]
"""A character placed on the page: middle height, height, left, right, pdfium index, text."""


def read_lines(blocks: list[list[list[_Placed]]], spaced: set[int]) -> tuple[str, list[int]]:
    """The text of blocks of lines (a space where a gap is, or where the page's text has one,
    a line end after each line), and each character's pdfium index (-1 for what was added)."""
    text: list[str] = []
    index: list[int] = []
    for block in blocks:
        for line in block:
            right = None
            for _, height, x0, x1, i, ch in line:
                if right is not None and (x0 - right > height / 4 or i in spaced):
                    text.append(" ")
                    index.append(-1)
                text.append(ch)
                index.append(i)
                right = x1
            text.append("\n")
            index.append(-1)
    return "".join(text), index


def columns(rows: list[list[_Placed]]) -> list[list[list[_Placed]]]:
    """The rows cut at gaps wider than two characters' height (a column's or a cell's edge),
    and the pieces put together down the page: a piece goes on the block whose last piece, in
    the row above, it overlaps across."""
    blocks: list[list[list[_Placed]]] = []
    open_: list[tuple[int, float, float]] = []  # (block, left, right) of the row above's pieces
    for row in rows:
        pieces: list[list[_Placed]] = []
        for char in row:
            if pieces and char[2] - pieces[-1][-1][3] > 2 * max(char[1], pieces[-1][-1][1]):
                pieces.append([char])
            elif pieces:
                pieces[-1].append(char)
            else:
                pieces.append([char])
        placed: list[tuple[int, float, float]] = []
        for piece in pieces:
            left, right = piece[0][2], piece[-1][3]
            above = next((b for b, x0, x1 in open_ if x0 < right and left < x1), None)
            if above is None:
                blocks.append([])
                above = len(blocks) - 1
            blocks[above].append(piece)
            placed.append((above, left, right))
        open_ = placed
    return blocks


def line_boxes(textpage: object, indices: Iterable[int]) -> list[Box]:
    """The union of the characters' boxes on each line the characters `indices` cross."""
    lines: list[list[float]] = []
    rect = pdfium_c.FS_RECTF()
    for i in indices:
        if pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
            continue
        x0, x1 = sorted((rect.left, rect.right))
        y0, y1 = sorted((rect.bottom, rect.top))
        if x1 - x0 <= 0 and y1 - y0 <= 0:
            continue
        middle = (y0 + y1) / 2
        line = lines[-1] if lines else None
        if line is None or not line[1] <= middle <= line[3] or x0 < line[0] - (y1 - y0):
            lines.append([x0, y0, x1, y1])
        else:
            line[:] = [min(line[0], x0), min(line[1], y0), max(line[2], x1), max(line[3], y1)]
    return [(a, b, c, d) for a, b, c, d in lines]


def overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share some area (touching edges do not)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def shift(box: Box, origin: tuple[float, float]) -> Box:
    dx, dy = origin
    return (box[0] - dx, box[1] - dy, box[2] - dx, box[3] - dy)


def open_pdfium(pdf: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise RedactionFailed(f"the exhibit could not be opened for redaction ({exc})") from exc
