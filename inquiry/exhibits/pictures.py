"""Pictures on pages that have text: read by OCR for redacted strings, since no text layer has them.

A letter's signature block, a letterhead, a screenshot of a post pasted into a document: the
page has a text layer, so it is searched through it, but a name drawn inside a picture is in no
text layer — a reader sees it, a search cannot find it. In an edition that redacts, each such
picture is cut out of the page as seen (rendered at the redaction's resolution, with a margin),
read by OCR in each of the four ways up, and a redacted string found there is boxed and the page
rebuilt from pixels like any other. A picture drawn on many pages (a logo) is read once.

Pictures that touch are read as one (a picture drawn in strips, as print drivers do). A
picture covering most of its page (a page of a scan) is read once, turned upright by OCR's own
reckoning, not four times. A scan that carries its own OCR (invisible text) is read too: that
layer is searched, but a scanner's OCR misreads names as often as any word (`Griselda` as
`Gnselda`), and two readings miss fewer than one. Not read: a picture too small to hold a
legible word. Where OCR is not at hand, the pages are named in a warning. Not found: an image
painted as a pattern's fill, or nested in forms deeper than eight.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from inquiry.exhibits import ocr as exhibits_ocr
from inquiry.exhibits import ocr_names
from inquiry.exhibits.drawings import drawing_boxes, object_bounds
from inquiry.exhibits.find import (
    Box,
    PageSurvey,
    RedactionFailed,
    open_pdfium,
    overlap,
    shift,
)
from inquiry.exhibits.redact_pages import Sheet, replace_page, save, shown, unshown
from inquiry.redaction import Matcher

TURNS = (0, 90, 180, 270)
"""The ways up a picture (or an unreadable page) is read: a name drawn sideways (a stamp, a
margin note, a landscape table's heading) is only read by Tesseract turned upright."""
MIN_SIDE, MIN_LENGTH = 2.5, 8.0
"""Points: a picture shorter than 2.5 or narrower than 8 on both sides cannot hold a legible
name (a word of two letters at 4 points is about 8 points long)."""
SCAN_SHARE = 0.8
"""A picture covering this share of its page is a page of a scan."""
GROUP_PIXELS = 40_000_000
"""Pixels of pictures held, cut out, before they are read: a long scanned exhibit is read a few
pages at a time (five A4 pages at 300 dpi), so its pictures are never all in memory at once."""
Cut = tuple[Image.Image, float, float, float, bool]
"""A picture cut out: its pixels, its width and height in points, pixels per point, and
whether it is a page of a scan."""
TOUCH = 1.0
"""Points between two pictures that are taken as one."""
_MANY = 500
MARGIN = 2.0
"""Points added around a picture when it is cut out: OCR needs a little white around a word."""
_MAX_DEPTH = 8


def picture_boxes(page: pdfium.PdfPage) -> tuple[Box, ...]:
    """The bounds (page space) of the pictures `page` draws that could hold a legible word:
    image objects, and form objects holding one, those that touch taken as one (a picture
    drawn in strips, as some printers and producers do). A picture covering the page is taken
    alone, whether or not the page carries a scan's own OCR. Raw pdfium calls: a page of text
    may hold thousands of objects, and this runs on every page of an edition that redacts."""
    left, bottom, right, top = page.get_bbox()
    area = max((right - left) * (top - bottom), 1e-6)
    small: list[Box] = []
    covering: list[Box] = []
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind != pdfium_c.FPDF_PAGEOBJ_IMAGE and not (
            kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_image(obj, 1)
        ):
            continue
        box = object_bounds(obj)
        if box is None:
            continue
        x0, y0 = max(box[0], left), max(box[1], bottom)
        x1, y1 = min(box[2], right), min(box[3], top)
        if x1 > x0 and y1 > y0:
            whole = (x1 - x0) * (y1 - y0) >= SCAN_SHARE * area
            (covering if whole else small).append((x0, y0, x1, y1))
    out = [b for b in _joined(small) if _legible(b)]
    out += [b for b in covering if _legible(b)]
    return tuple(out + drawing_boxes(page))


def _legible(box: Box) -> bool:
    w, h = box[2] - box[0], box[3] - box[1]
    return min(w, h) >= MIN_SIDE and max(w, h) >= MIN_LENGTH


def is_scan(box: Box, page_size: tuple[float, float]) -> bool:
    """Whether a picture covers most of its page (read once, turned upright by OCR's own
    reckoning, rather than four times: a page of a scan)."""
    w, h = box[2] - box[0], box[3] - box[1]
    return w * h >= SCAN_SHARE * max(page_size[0] * page_size[1], 1e-6)


def _joined(boxes: list[Box]) -> list[Box]:
    """Boxes that touch or overlap joined into their union, until no two touch: two touch when
    the gap between them is under `TOUCH` points or under half the thinner one's own thickness
    (strips with hairline gaps). Past `_MANY` pictures on a page, specks are left out (no word
    fits in one), and past `_MANY` of the rest, one box around them all."""
    if len(boxes) > _MANY:  # a dotted rule, a pattern of specks: no word in any of them
        boxes = [b for b in boxes if max(b[2] - b[0], b[3] - b[1]) >= MIN_LENGTH]
    if len(boxes) > _MANY:
        return [
            (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
        ]
    out = list(boxes)
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                thin = min(a[2] - a[0], a[3] - a[1], b[2] - b[0], b[3] - b[1])
                gap = max(TOUCH, thin / 2)
                if (
                    a[0] <= b[2] + gap
                    and b[0] <= a[2] + gap
                    and a[1] <= b[3] + gap
                    and (b[1] <= a[3] + gap)
                ):
                    out[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return out


def _holds_image(form: pdfium_c.FPDF_PAGEOBJECT, depth: int) -> bool:
    for i in range(pdfium_c.FPDFFormObj_CountObjects(form)):
        obj = pdfium_c.FPDFFormObj_GetObject(form, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if (
            kind == pdfium_c.FPDF_PAGEOBJ_FORM
            and depth < _MAX_DEPTH
            and _holds_image(obj, depth + 1)
        ):
            return True
    return False


def read_pictures(
    pdf: bytes,
    pictures: Mapping[int, Sequence[Box]],
    matcher: Matcher,
    *,
    dpi: int,
    language: str,
    max_pixels: int,
) -> dict[int, PageSurvey]:
    """Each page's pictures (0-based page → boxes in page space) read by OCR: the text read, and
    the boxes of the redacted strings in it, in the page's user space from its visible area's
    lower-left (as `find.survey` gives them)."""
    found: dict[str, tuple[str, list[tuple[list[Box], str | None]]]] = {}  # by pixels' digest
    waiting: dict[str, Cut] = {}  # cut out, not yet read
    placed: list[tuple[int, str, Box]] = []  # page, digest, where the cut is on the page as seen
    frames: dict[int, tuple[float, float, int]] = {}

    def read_waiting() -> None:
        # A small picture is read in each way up; a page of a scan once, turned upright by
        # OCR's own reckoning of which way up its text is (four readings a page would be slow).
        for scan, turns in ((False, TURNS), (True, (0,))):
            order = sorted(d for d, cut in waiting.items() if cut[4] is scan)
            if order:
                found.update(_read(waiting, order, turns, matcher, language, rotate=scan))
        waiting.clear()

    document = open_pdfium(pdf)
    try:
        held = 0
        for index, boxes in pictures.items():
            page = document[index]
            try:
                left, bottom, right, top = page.get_bbox()
                rotation = page.get_rotation()
                frames[index] = (right - left, top - bottom, rotation)
                for box in boxes:
                    cut = _cut(page, box, dpi=dpi, max_pixels=max_pixels)
                    if cut is None:
                        continue
                    image, where, scale = cut
                    digest = hashlib.sha256(image.tobytes() + repr(image.size).encode()).hexdigest()
                    placed.append((index, digest, where))
                    if digest in found or digest in waiting:
                        continue
                    width, height = where[2] - where[0], where[3] - where[1]
                    scan = is_scan(box, (right - left, top - bottom))
                    waiting[digest] = (image, width, height, scale, scan)
                    held += image.width * image.height
                    if held > GROUP_PIXELS:  # a long scan is read a few pages at a time
                        read_waiting()
                        held = 0
            finally:
                page.close()
        read_waiting()
    finally:
        document.close()
    out: dict[int, PageSurvey] = {}
    for index, digest, where in placed:
        width, height, rotation = frames[index]
        text, hits = found[digest]
        moved = [
            ([unshown(shift(b, (-where[0], -where[1])), width, height, rotation) for b in boxes], c)
            for boxes, c in hits
        ]
        before = out.get(index)
        if before is None:
            out[index] = PageSurvey(text, moved, (width, height))
        else:
            out[index] = PageSurvey(before.text + "\n" + text, before.hits + moved, before.size)
    return out


def _read(
    cuts: Mapping[str, Cut],
    order: list[str],
    turns: Sequence[int],
    matcher: Matcher,
    language: str,
    *,
    rotate: bool,
) -> dict[str, tuple[str, list[tuple[list[Box], str | None]]]]:
    """The text OCR reads in each cut (by digest), in each of `turns`, and the redacted
    strings found in it (boxes in the cut's own space)."""
    with pikepdf.new() as copies:
        for digest in order:
            image, width, height, scale, _ = cuts[digest]
            for angle in turns:
                copies.add_blank_page(page_size=(width, height))
                replace_page(copies, copies.pages[-1].obj, image, Sheet(width, height, scale))
                copies.pages[-1].Rotate = angle
        data = save(copies)
    ocred = exhibits_ocr.add_text_layer(
        data, range(len(order) * len(turns)), language=language, rotate=rotate, jobs=2
    )
    read = ocr_names.survey_misread(ocred, matcher)  # `Dlingworth` too
    found: dict[str, tuple[str, list[tuple[list[Box], str | None]]]] = {}
    for k, digest in enumerate(order):
        ways = read[k * len(turns) : (k + 1) * len(turns)]
        hits: list[tuple[list[Box], str | None]] = []
        for way in ways:
            # One name read in two ways up is one occurrence.
            hits += [
                h
                for h in way.hits
                if not any(overlap(a, b) for a in h[0] for seen, _ in hits for b in seen)
            ]
        found[digest] = ("\n".join(w.text for w in ways), hits)
    return found


def _cut(
    page: pdfium.PdfPage, box: Box, *, dpi: int, max_pixels: int
) -> tuple[Image.Image, Box, float] | None:
    """The picture at `box` (page space) as the page shows it, with a margin: its pixels, where
    it is on the page as seen (points from the lower-left), and its pixels per point."""
    left, bottom, right, top = page.get_bbox()
    rotation = page.get_rotation()
    width, height = right - left, top - bottom
    seen_w, seen_h = (height, width) if rotation in (90, 270) else (width, height)
    x0, y0, x1, y1 = shown(shift(box, (left, bottom)), width, height, rotation)
    x0, y0 = max(0.0, x0 - MARGIN), max(0.0, y0 - MARGIN)
    x1, y1 = min(seen_w, x1 + MARGIN), min(seen_h, y1 + MARGIN)
    if x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
        return None
    scale = min(dpi / 72, math.sqrt(max_pixels / max((x1 - x0) * (y1 - y0), 1e-6)))
    try:
        bitmap = page.render(
            scale=scale,
            crop=(x0, y0, seen_w - x1, seen_h - y1),
            draw_annots=True,
            may_draw_forms=False,
        )
        image = bitmap.to_pil()
    except Exception as exc:  # pdfium reports failures in several ways; none may escape
        raise RedactionFailed(f"a page could not be rendered ({exc})") from exc
    image = image.convert("L") if image.mode != "L" else image
    # The cut's size in points as pdfium rounded it: boxes OCR finds are scaled back by it.
    return image, (x0, y0, x0 + image.width / scale, y0 + image.height / scale), scale


__all__ = ["MIN_LENGTH", "MIN_SIDE", "SCAN_SHARE", "TURNS", "picture_boxes", "read_pictures"]
