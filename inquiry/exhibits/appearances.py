"""Appearances for markup annotations that have none, so flattening keeps what was visible.

Markup annotations (highlights, underlines, shapes, ink) often come without an appearance stream
(viewers draw them from their geometry), and qpdf only flattens appearance streams; without these,
a highlight on an exhibit would vanish when the annotations are removed.
"""

from __future__ import annotations

from decimal import Decimal

import pikepdf

from inquiry.exhibits.geometry import Box, fmt, num, rect
from inquiry.pagehash_values import name_text

MARKUP = frozenset(
    {
        "/Highlight",
        "/Underline",
        "/StrikeOut",
        "/Squiggly",
        "/Square",
        "/Circle",
        "/Ink",
        "/Line",
        "/Polygon",
        "/PolyLine",
    }
)


def synthesise_appearances(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Give markup annotations that have no appearance stream one drawn from their geometry."""
    annots = page.obj.get("/Annots")
    if not isinstance(annots, pikepdf.Array):
        return
    for annot in annots:
        if not isinstance(annot, pikepdf.Dictionary) or "/AP" in annot:
            continue
        if name_text(annot.get("/Subtype")) not in MARKUP:
            continue
        drawing = _markup_drawing(annot)
        if drawing is not None:
            ops, bounds = drawing
            annot.Rect = pikepdf.Array([num(v) for v in bounds])
            annot.AP = pikepdf.Dictionary(N=_appearance(pdf, annot, ops, bounds))


def _appearance(
    pdf: pikepdf.Pdf, annot: pikepdf.Dictionary, ops: str, bounds: Box
) -> pikepdf.Stream:
    """A Form XObject in page coordinates whose BBox is the annotation's new /Rect, so qpdf's
    flattening maps it onto the page unchanged; highlights multiply like a marker pen."""
    state = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState)
    opacity = annot.get("/CA")
    if isinstance(opacity, int | float | Decimal):
        state.CA = state.ca = num(float(opacity))
    if annot.get("/Subtype") == pikepdf.Name.Highlight:
        state.BM = pikepdf.Name.Multiply
    return pdf.make_stream(
        f"/GS0 gs {ops}".encode(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=pikepdf.Array([num(v) for v in bounds]),
        Resources=pikepdf.Dictionary(ExtGState=pikepdf.Dictionary(GS0=state)),
    )


def _markup_drawing(annot: pikepdf.Dictionary) -> tuple[str, Box] | None:
    """Content-stream operators drawing the annotation, and their bounds; None if nothing shows."""
    subtype = name_text(annot.get("/Subtype"))
    if subtype in ("/Highlight", "/Underline", "/StrikeOut", "/Squiggly"):
        return _text_markup(subtype, annot)
    if subtype in ("/Square", "/Circle"):
        return _shape(subtype, annot)
    return _lines(subtype, annot)


def _shape(subtype: str, annot: pikepdf.Dictionary) -> tuple[str, Box] | None:
    """A rectangle or ellipse inside /Rect, its border inset so that it stays within."""
    area = rect(annot.get("/Rect"))
    width = _border_width(annot)
    stroke = _colour(annot.get("/C"), stroking=True) if width else None
    fill = _colour(annot.get("/IC"), stroking=False)
    paint = _paint(stroke, fill, closed=True)
    if area is None or paint is None:
        return None
    inset = width / 2
    x0, y0, x1, y1 = area[0] + inset, area[1] + inset, area[2] - inset, area[3] - inset
    if subtype == "/Square":
        path = f"{fmt((x0, y0, x1 - x0, y1 - y0))} re"
    else:
        path = _ellipse(x0, y0, x1, y1)
    return f"{width:.2f} w {stroke or ''} {fill or ''} {path} {paint}", area


def _lines(subtype: str, annot: pikepdf.Dictionary) -> tuple[str, Box] | None:
    """Ink strokes, a line, a polygon or a polyline, through their points."""
    if subtype == "/Ink":
        ink = annot.get("/InkList")
        strokes: list[object] = list(ink) if isinstance(ink, pikepdf.Array) else []
    else:
        strokes = [annot.get("/L" if subtype == "/Line" else "/Vertices")]
    shapes = [shape for shape in map(_points, strokes) if len(shape) >= 2]
    width = _border_width(annot)
    stroke = _colour(annot.get("/C"), stroking=True)
    if not shapes or stroke is None or not width:
        return None
    closed = subtype == "/Polygon"
    fill = _colour(annot.get("/IC"), stroking=False) if closed else None
    paths = " ".join(_polyline(shape, closed=closed) for shape in shapes)
    ops = (
        f"{width:.2f} w 1 J 1 j {stroke} {fill or ''} {paths} {_paint(stroke, fill, closed=closed)}"
    )
    return ops, _bounds([point for shape in shapes for point in shape], width)


def _text_markup(subtype: str, annot: pikepdf.Dictionary) -> tuple[str, Box] | None:
    """Highlight fills each quadrilateral; underline, strike-out and squiggly rule through it."""
    highlight = subtype == "/Highlight"
    colour = _colour(annot.get("/C"), stroking=not highlight)
    points = _points(annot.get("/QuadPoints"))
    quads = [points[i : i + 4] for i in range(0, len(points) - 3, 4)]
    if not quads or colour is None:
        return None
    ops = [colour]
    for quad in quads:
        x0, y0, x1, y1 = _bounds(quad, 0)
        height = y1 - y0
        if highlight:
            ops.append(f"{fmt((x0, y0, x1 - x0, height))} re f")
        else:
            y = y0 + height / 2 if subtype == "/StrikeOut" else y0 + height / 14
            ops.append(f"{max(height / 14, 0.5):.2f} w {fmt((x0, y))} m {fmt((x1, y))} l S")
    return " ".join(ops), _bounds([p for quad in quads for p in quad], 1)


def _colour(value: object, *, stroking: bool) -> str | None:
    """An annotation colour array as a colour operator; None for absent or transparent."""
    if not isinstance(value, pikepdf.Array):
        return None
    try:
        components = [float(v) for v in value]
    except (TypeError, ValueError):
        return None
    operator = {1: "G", 3: "RG", 4: "K"}.get(len(components))
    if operator is None:
        return None
    return f"{fmt(tuple(components))} {operator if stroking else operator.lower()}"


def _border_width(annot: pikepdf.Dictionary) -> float:
    """The border width from /BS /W, else the third /Border entry, else 1 (the PDF default)."""
    style, border = annot.get("/BS"), annot.get("/Border")
    try:
        if isinstance(style, pikepdf.Dictionary) and "/W" in style:
            return max(float(style.W), 0.0)
        if isinstance(border, pikepdf.Array) and len(border) >= 3:
            return max(float(border[2]), 0.0)
    except (TypeError, ValueError):
        pass
    return 1.0


def _points(value: object) -> list[tuple[float, float]]:
    """A flat number array as (x, y) points; anything malformed gives no points."""
    if not isinstance(value, pikepdf.Array):
        return []
    try:
        numbers = [float(v) for v in value]
    except (TypeError, ValueError):
        return []
    return list(zip(numbers[0::2], numbers[1::2], strict=False))


def _bounds(points: list[tuple[float, float]], pad: float) -> Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def _polyline(points: list[tuple[float, float]], *, closed: bool) -> str:
    moves = [f"{fmt(points[0])} m", *(f"{fmt(p)} l" for p in points[1:])]
    return " ".join(moves) + (" h" if closed else "")


def _ellipse(x0: float, y0: float, x1: float, y1: float) -> str:
    """An ellipse inscribed in the rectangle, as four Bézier curves."""
    k = 0.5523  # control-point distance for a quarter circle
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    return " ".join(
        [
            f"{fmt((cx + rx, cy))} m",
            f"{fmt((cx + rx, cy + k * ry, cx + k * rx, cy + ry, cx, cy + ry))} c",
            f"{fmt((cx - k * rx, cy + ry, cx - rx, cy + k * ry, cx - rx, cy))} c",
            f"{fmt((cx - rx, cy - k * ry, cx - k * rx, cy - ry, cx, cy - ry))} c",
            f"{fmt((cx + k * rx, cy - ry, cx + rx, cy - k * ry, cx + rx, cy))} c h",
        ]
    )


def _paint(stroke: str | None, fill: str | None, *, closed: bool) -> str | None:
    """The path-painting operator for what is coloured: stroke, fill, both, or nothing."""
    if fill and closed:
        return "b" if stroke else "f"
    return "S" if stroke else None
