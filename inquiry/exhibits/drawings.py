"""Words drawn as shapes: where a page's paths could spell a name no text layer has.

Text converted to outlines (a signature block exported from a design tool, a letterhead, a PDF
"flattened" for print) is drawn as filled paths: a reader sees the words, a search of the text
finds nothing. In an edition that redacts, the regions of a page with text where paths cluster
the way glyphs do are cut out and read by OCR like pictures (`inquiry.exhibits.pictures`).

What counts: a filled path of more than `SIMPLE_SEGMENTS` segments (a letter's outline; a rule,
a box, a table's line or a bar of a chart is a rectangle or a line, and a path only stroked —
a curve, an arrow, a chart's line — is no letter: both are left out), joined with
its neighbours when the gap between them is under `GAP_SHARE` of the smaller one's height (the
letters of a word, the words of a line, the lines of a paragraph). A cluster of at least
`MIN_SEGMENTS` segments whose box could hold a legible word is read. Paths inside a form are
counted as the form: its box, their segments. Past `MANY` such paths on one page, one box
around them all is read (a map or a technical drawing: read once, not path by path).
"""

from __future__ import annotations

import ctypes
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]
SIMPLE_SEGMENTS = 5
"""A path of this many segments or fewer is a line or a rectangle (move, three lines, close)."""
MIN_SEGMENTS = 40
"""Segments a cluster needs to be read: a short word in outlines has about this many."""
GAP_SHARE = 0.8
"""Two paths closer than this share of the smaller one's height are one cluster (about a word
space for letters of the same size)."""
MANY = 3000
MANY_CELLS = 60_000
"""Grid cells the paths of a page cover in all (`_clusters`' work): past it (hundreds of
page-sized shapes, a map), one box around them all is read, as past `MANY` paths."""
_MAX_DEPTH = 8
_CELL = 24.0


def drawing_boxes(page: pdfium.PdfPage) -> list[Box]:
    """The boxes (page space) of the clusters of paths on `page` that could be words (see the
    module's note). Raw pdfium calls: a page may hold tens of thousands of paths."""
    left, bottom, right, top = page.get_bbox()
    items: list[tuple[Box, int]] = []
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            segments = _filled_segments(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            segments = _form_segments(obj, 1)
        else:
            continue
        if segments <= SIMPLE_SEGMENTS:
            continue
        box = object_bounds(obj)
        if box is None:
            continue
        x0, y0, x1, y1 = (
            max(box[0], left),
            max(box[1], bottom),
            min(box[2], right),
            min(box[3], top),
        )
        if x1 > x0 and y1 > y0:
            items.append(((x0, y0, x1, y1), segments))
    if len(items) > MANY or _occupancy(items) > MANY_CELLS:
        whole = _union([b for b, _ in items])
        return [whole] if _legible(whole) else []
    out = []
    for (x0, y0, x1, y1), segments in _clusters(items):
        box = (max(x0, left), y0, min(x1, right), y1)
        if segments >= MIN_SEGMENTS and _legible(box):
            out.append(box)
    return out


def _form_segments(form: pdfium_c.FPDF_PAGEOBJECT, depth: int) -> int:
    """The segments of the complex paths a form draws, however deep (to `_MAX_DEPTH`)."""
    total = 0
    for i in range(pdfium_c.FPDFFormObj_CountObjects(form)):
        obj = pdfium_c.FPDFFormObj_GetObject(form, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            segments = _filled_segments(obj)
            total += segments if segments > SIMPLE_SEGMENTS else 0
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            total += _form_segments(obj, depth + 1)
    return total


def _filled_segments(path: pdfium_c.FPDF_PAGEOBJECT) -> int:
    """A filled path's segments; 0 for one only stroked (a line, a curve, a brace, a chart's
    polyline: letters turned to outlines are filled)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke) or fill.value == 0:
        return 0
    return int(pdfium_c.FPDFPath_CountSegments(path))


def _clusters(items: list[tuple[Box, int]]) -> list[tuple[Box, int]]:
    """Paths joined with their neighbours (union-find over a grid of cells, so a page of
    thousands of glyphs takes milliseconds): each cluster's box and segments."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grown = []
    for (x0, y0, x1, y1), _ in items:
        pad = GAP_SHARE * (y1 - y0) / 2
        grown.append((x0 - pad, y0 - pad, x1 + pad, y1 + pad))
    cells: dict[tuple[int, int], list[int]] = {}
    for i, (x0, y0, x1, y1) in enumerate(grown):
        compared: set[int] = set()
        for cx in range(math.floor(x0 / _CELL), math.floor(x1 / _CELL) + 1):
            for cy in range(math.floor(y0 / _CELL), math.floor(y1 / _CELL) + 1):
                for j in cells.setdefault((cx, cy), []):
                    if j in compared:
                        continue  # met in another cell the two share
                    compared.add(j)
                    a, b = grown[i], grown[j]
                    touch = a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
                    if touch and _near(items[i][0], items[j][0]):
                        parent[root(i)] = root(j)
                cells[(cx, cy)].append(i)
    # Each path widened by its gap: a letter drawn as a plain rectangle (`l`, `I`) at a word's
    # end is left out of the clusters but not out of the cut.
    joined: dict[int, tuple[list[Box], int]] = {}
    for i, ((x0, y0, x1, y1), segments) in enumerate(items):
        boxes, total = joined.get(root(i), ([], 0))
        wide = GAP_SHARE * (y1 - y0)
        joined[root(i)] = ([*boxes, (x0 - wide, y0, x1 + wide, y1)], total + segments)
    return [(_union(boxes), total) for boxes, total in joined.values()]


def _occupancy(items: list[tuple[Box, int]]) -> int:
    """How many grid cells the paths' boxes (widened as `_clusters` widens them) cover."""
    total = 0
    for (x0, y0, x1, y1), _ in items:
        pad = GAP_SHARE * (y1 - y0) / 2
        columns = math.floor((x1 + pad) / _CELL) - math.floor((x0 - pad) / _CELL) + 1
        rows = math.floor((y1 + pad) / _CELL) - math.floor((y0 - pad) / _CELL) + 1
        total += columns * rows
    return total


def _near(a: Box, b: Box) -> bool:
    """Whether the gap between two paths is under `GAP_SHARE` of the smaller one's height."""
    gap = GAP_SHARE * min(a[3] - a[1], b[3] - b[1])
    return a[0] <= b[2] + gap and b[0] <= a[2] + gap and a[1] <= b[3] + gap and b[1] <= a[3] + gap


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _legible(box: Box) -> bool:
    w, h = box[2] - box[0], box[3] - box[1]
    return min(w, h) >= 2.5 and max(w, h) >= 8.0


def object_bounds(obj: pdfium_c.FPDF_PAGEOBJECT) -> Box | None:
    """A page object's box in page space, when pdfium gives a finite one."""
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1):
        return None
    values = (x0.value, y0.value, x1.value, y1.value)
    return values if all(math.isfinite(v) for v in values) else None


__all__ = ["GAP_SHARE", "MIN_SEGMENTS", "SIMPLE_SEGMENTS", "drawing_boxes", "object_bounds"]
