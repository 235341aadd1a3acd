"""Page geometry for exhibits: boxes, rotation, sizes and the matrices that place a page.

Pure functions over numbers and pikepdf objects, shared by preparing, sanitising and drawing.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal

import pikepdf

Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)  # 595.28 x 841.89 pt
A6_SHORT = 105 * MM  # pages whose shorter side is below A6's are scaled up to it
MAX_SIDE = 14400.0  # the largest page side PDF viewers accept (200 in); never scale up past it
MIN_SIDE = 1.0  # a page narrower than a point is no page


STRIP_SCALE_FROM = round(A4[1] * 1.05)
"""The longer side (884 pt) up to which a page has the standard strip: A4, Letter and pages a
little over them (842 × 595 from many producers) keep it exactly."""
STAMP_ROOM = 80.0
"""The width the standard strip's page number needs (`Page 123456`, boxed, with its margin):
a strip is never scaled wider than its page has room for."""


def strip_scale(width: float, height: float) -> float:
    """How many times the standard strip (and the caption and page number in it) a page of
    this visible size gets: one up to a little over A4, more on a larger page, in proportion
    to its longer side, so that the number stays legible when the page is shown whole; but
    never so large that the number is wider than the page (a narrow page gets a smaller one)."""
    return min(max(1.0, width / STRIP_SCALE_FROM, height / STRIP_SCALE_FROM), width / STAMP_ROOM)


def strip_scale_of(width: float, total: float, strip: float) -> float:
    """`strip_scale` of a page already extended by its strip (`total` high; `strip` is the
    standard strip's height): what the stamp is drawn at."""
    by_length = max(1.0, width / STRIP_SCALE_FROM, total / (STRIP_SCALE_FROM + strip))
    scale = min(by_length, width / STAMP_ROOM)
    return 1.0 if abs(scale - 1.0) < 1e-6 else scale  # rounding of the size is not a scale


def rect(value: pikepdf.Object | None) -> Box | None:
    """A box array as (x0, y0, x1, y1) with x0 < x1 and y0 < y1, or None if unusable."""
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        a, b, c, d = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    x0, x1 = sorted((a, c))
    y0, y1 = sorted((b, d))
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def off_page(box: Box, width: float, height: float) -> bool:
    """Whether a region's box (points from the page's lower-left corner) lies wholly off a page
    `width` × `height`: nothing of the page under it to cover. The public build refuses such a
    region, and `validate` reports it by the same rule."""
    x0, y0, x1, y1 = box
    return x1 <= 0 or y1 <= 0 or x0 >= width or y0 >= height


def intersect(a: Box, b: Box) -> Box | None:
    """The overlap of two boxes, or None when they do not overlap (then the MediaBox wins)."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def rotation(value: pikepdf.Object | None) -> int:
    """/Rotate normalised like PDF viewers do (pdf.js): not a multiple of 90 → 0, else mod 360."""
    try:
        number = float(value) if value is not None else 0.0
    except (TypeError, ValueError):
        return 0
    if not number.is_integer() or int(number) % 90:
        return 0
    return int(number) % 360


def num(value: float) -> Decimal | int:
    """A PDF number that stays compact and exact enough for boxes and matrices."""
    rounded = round(value, 4)
    return int(rounded) if rounded.is_integer() else Decimal(str(rounded))


def inherited(obj: pikepdf.Object, key: str) -> pikepdf.Object | None:
    """`key` from the page or the nearest ancestor in the page tree that has it."""
    node: pikepdf.Object | None = obj
    seen: set[tuple[int, int]] = set()
    while isinstance(node, pikepdf.Dictionary):
        value = node.get(key)
        if value is not None:
            return value
        if node.is_indirect:
            if node.objgen in seen:  # a looping page tree; qpdf usually repairs these
                break
            seen.add(node.objgen)
        node = node.get("/Parent")
    return None


def user_unit(value: object) -> float:
    """/UserUnit (PDF 1.6): the size of a user-space unit in points, for pages over 200 in."""
    try:
        unit = float(value) if isinstance(value, int | float | Decimal) else 1.0
    except (TypeError, ValueError):
        return 1.0
    return unit if unit > 0 else 1.0


def upscale(width: float, height: float) -> float:
    """How much to enlarge a small page: its shorter side up to A6's shorter side, but never
    past the largest page side viewers accept. Pages at least that big keep their size."""
    if min(width, height) >= A6_SHORT:
        return 1.0
    return max(1.0, min(A6_SHORT / min(width, height), MAX_SIDE / max(width, height)))


def crop(page: pikepdf.Page) -> Box:
    """The normalised page's visible rectangle in its own user space."""
    box = rect(page.obj.get("/CropBox")) or rect(page.obj.get("/MediaBox"))
    if box is None:
        raise ValueError("page has no usable MediaBox")
    return box


def visible_size(page: pikepdf.Page) -> tuple[float, float]:
    """The page as a reader sees it (CropBox, then /Rotate, /UserUnit), scaled up if smaller
    than A6 and down if larger than viewers accept."""
    x0, y0, x1, y1 = crop(page)
    unit = user_unit(page.obj.get("/UserUnit"))
    width, height = (x1 - x0) * unit, (y1 - y0) * unit
    if rotation(page.obj.get("/Rotate")) in (90, 270):
        width, height = height, width
    scale = upscale(width, height)
    if max(width, height) * scale > MAX_SIDE:
        scale = MAX_SIDE / max(width, height)
    return (round(width * scale, 4), round(height * scale, 4))


def placement(box_in: Box, rotate: int, box: Box) -> Matrix:
    """The cm matrix taking the exhibit's user space to `box`: rotate the visible area upright
    with its lower-left corner at the origin, then scale uniformly and centre."""
    cx0, cy0, cx1, cy1 = box_in
    upright: Matrix = {
        0: (1, 0, 0, 1, -cx0, -cy0),
        90: (0, -1, 1, 0, -cy0, cx1),
        180: (-1, 0, 0, -1, cx1, cy1),
        270: (0, 1, -1, 0, cy1, -cx0),
    }[rotate]
    width, height = cx1 - cx0, cy1 - cy0
    if rotate in (90, 270):
        width, height = height, width
    bx0, by0, bx1, by1 = box
    scale = min((bx1 - bx0) / width, (by1 - by0) / height)
    dx = bx0 + ((bx1 - bx0) - width * scale) / 2
    dy = by0 + ((by1 - by0) - height * scale) / 2
    return multiply(upright, (scale, 0, 0, scale, dx, dy))


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying `first`, then `then` (PDF row-vector convention: first × then)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def fmt(numbers: tuple[float, ...]) -> str:
    """Numbers for a content stream: fixed-point (PDF has no exponents), no trailing zeros."""
    return " ".join(_fmt_one(n) for n in numbers)


@functools.lru_cache(maxsize=16384)
def _fmt_one(number: float) -> str:
    # Remembered: a bundle's stamps repeat the same few positions on every page.
    text = f"{number:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def region_fault(page: int, box: Box, sizes: Sequence[tuple[float, float]]) -> str | None:
    """What is wrong with a redaction region on 1-based `page` of an exhibit whose pages have
    `sizes` (visible width and height): off the exhibit, no area, or off its page."""
    if not 1 <= page <= len(sizes):
        return f"a region is on page {page}, but the exhibit has {len(sizes)}"
    x0, y0, x1, y1 = box
    width, height = sizes[page - 1]
    if not (x0 < x1 and y0 < y1):
        return f"the region on page {page} has no area: {list(box)}"
    if off_page(box, width, height):
        return f"the region {list(box)} lies outside page {page} ({width:g} × {height:g} pt)"
    return None
