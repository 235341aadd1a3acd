"""Redaction of exhibits that removes, never covers.

A black box drawn over text that can still be copied out is the classic redaction failure, so a
page with anything to redact is not edited: it is replaced. The page is rendered to pixels, the
boxes are painted into those pixels with their reason code, and a new page holding only that
image takes the old page's place; then OCR gives it a fresh text layer, read from a copy with
the boxes blank and the codes in black (so the layer has the words around each box and the codes,
and OCR's reading of the box itself cannot garble them). What OCR still finds of a redacted string
on the rebuilt page is boxed in a further round. Nothing of the original page (its text, fonts,
images, annotations) is left in the file, nor the document's outline, info or metadata. Pages
with nothing to redact are kept as they are, and so are their objects.

Strings are found through the page's text layer (born digital, or added by OCR beforehand) with
the bundle's own matcher, so an exhibit hides a name exactly where the bundle's text would; in
text OCR wrote, a name it misread is found too, approximately (`inquiry.exhibits.ocr_names`).

Coordinates are PDF points in the page's own user space (as the page is stored, before any
/Rotate), measured from the lower-left corner of its visible area (the CropBox, inside the
MediaBox). For an upright page, which is every page made from a PNG or JPEG, that is the page as
it is seen. OCR's rotation of a sideways scan changes only /Rotate, so it moves nothing.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pikepdf

from inquiry.exhibits import ocr as exhibits_ocr
from inquiry.exhibits import ocr_names
from inquiry.exhibits import rebuild as pixels
from inquiry.exhibits.find import (
    Box,
    PageSurvey,
    RedactionFailed,
    open_pdfium,
    overlap,
    survey,
)
from inquiry.exhibits.geometry import region_fault
from inquiry.exhibits.glyphs import FontFindings, survey_fonts
from inquiry.exhibits.page_breaks import across_pages
from inquiry.exhibits.pictures import TURNS, read_pictures
from inquiry.exhibits.rebuild import Paint, add_boxes, rebuild, show_boxes
from inquiry.exhibits.redact_pages import (
    save,
    unshown,
)
from inquiry.exhibits.unread_text import unread_text_pages
from inquiry.pagehash import hash_document
from inquiry.redaction import Entry, Matcher

STRING_PAD = 1.5
"""Points added around a found string's box: glyphs overshoot their boxes, and antialiasing
spreads a glyph's edge into the next pixel."""
CHECK_ROUNDS = 2
"""After OCR, a rebuilt page is searched again; what OCR still reads there is boxed too."""


StringRedaction = Entry
"""Hide every occurrence of `text` in the exhibit's text layer; the mark names `code`."""


@dataclass(frozen=True)
class RegionRedaction:
    """Hide `box` = (x0, y0, x1, y1) of 1-based `page` (see the module's note on coordinates)."""

    page: int
    box: Box
    code: str | None = None


@dataclass(frozen=True)
class Mark:
    """One redaction made: its 1-based page and reason code, never what was hidden."""

    page: int
    code: str | None


@dataclass(frozen=True)
class RedactResult:
    """The redacted PDF; a mark per string occurrence and per region; the strings found nowhere
    (to be warned about); the 1-based pages rebuilt from pixels; the rebuilt pages on which
    OCR still read a redacted string after every round (left without a text layer, to be
    checked by eye: a warning); and the pages drawn in fonts without Unicode that could not
    be read by OCR instead (no OCR tools, or `ocr` off: a warning)."""

    pdf: bytes
    marks: list[Mark]
    missing: list[str]
    rebuilt: list[int] = field(default_factory=list)
    unverified: list[int] = field(default_factory=list)
    unsearched: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- redacting


def redact_pdf(
    pdf: bytes,
    strings: Sequence[StringRedaction],
    regions: Sequence[RegionRedaction],
    *,
    dpi: int = 300,
    ocr: bool,
    language: str = "eng",
    texts: Sequence[str] | None = None,
    unreadable: Sequence[int] = (),
    pictures: Mapping[int, Sequence[Box]] | None = None,
) -> RedactResult:
    """Rebuild from pixels every page of `pdf` holding one of `strings` or `regions`, boxed and
    labelled with the code, then (when `ocr` and the tools are installed) OCR those pages.
    The same input gives the same bytes. Raises `RedactionFailed` for a region off the exhibit
    or a page pdfium cannot render; from OCR, `exhibits_ocr.OcrFailed` or `LimitExceeded`.
    `texts`, when given, is each page's extracted text already read (`exhibits_ocr.read_pages`):
    then only the pages holding a string, or a region, are read again. The `unreadable` pages
    (0-based: their fonts give no Unicode for what they draw) are searched by OCR of their
    rendering instead, where OCR is at hand; so are the `pictures` (0-based page → boxes in
    page space) of pages that have text, cut out of the page (`inquiry.exhibits.pictures`)."""
    matcher = Matcher.of((s.text, s.code) for s in strings)
    if texts is None:
        pages = survey(pdf, matcher)
    else:
        wanted = {
            i
            for i, text in enumerate(texts)
            if matcher.search(text) or matcher.words_present(text) or matcher.parts_present(text)
        }
        wanted |= {r.page - 1 for r in regions if 1 <= r.page <= len(texts)}
        pages = survey(pdf, matcher, wanted) if wanted else []
        pages = [
            pages[i] if i in wanted else PageSurvey(text, [], (0.0, 0.0))
            for i, text in enumerate(texts)
        ]
    plan = [_paints(page.hits) for page in pages]
    hit = [page.text for page in pages if page.hits]
    marks = [Mark(n, code) for n, page in enumerate(pages, start=1) for _, code in page.hits]
    # A name a page break splits (`Jane` at a page's foot, `Smith` at the next one's head).
    broken, across = across_pages(pdf, matcher, [page.text for page in pages])
    for i, found in sorted(broken.items()):
        plan[i] += _paints(found)
        marks += [Mark(i + 1, code) for _, code in found]
    for region in regions:
        # A region off the exhibit is an error, never ignored.
        fault = region_fault(region.page, region.box, [page.size for page in pages])
        if fault:
            raise RedactionFailed(fault)
        plan[region.page - 1].append((region.box, region.code, 0.0))
        marks.append(Mark(region.page, region.code))
    texts = [page.text for page in pages] + across
    unsearched: list[int] = []
    # A font whose ToUnicode belies its glyph names is read by eye; one whose glyph names
    # spell a string takes its pages with it (`inquiry.exhibits.glyphs`).
    fonts = survey_fonts(pdf, matcher) if strings else FontFindings()
    # Every such page, found strings or not: its text layer may hold a name readably and draw
    # another copy of it unreadably.
    hidden = unread_text_pages(pdf) if strings else set()  # `/ActualText`, text in patterns
    probe = sorted(
        i for i in {*unreadable, *fonts.distrusted, *hidden} if 0 <= i < len(plan) and strings
    )
    cuts = {
        i: boxes
        for i, boxes in (pictures or {}).items()
        if strings and 0 <= i < len(plan) and i not in probe
    }
    near = ocr_names.targets(strings)
    seen_all: dict[int, PageSurvey] = {}
    if (probe or cuts) and ocr and exhibits_ocr.ocr_available(language):
        seen_all = _read_by_eye(pdf, probe, matcher, dpi, language) if probe else {}
        if cuts:
            by_picture = read_pictures(
                pdf, cuts, matcher, dpi=dpi, language=language, max_pixels=pixels.MAX_PIXELS
            )
            seen_all.update(by_picture)
        for i, seen in sorted(seen_all.items()):
            new = [h for h in seen.hits if not any(_covered(h[0], [b]) for b, _, _ in plan[i])]
            plan[i] += _paints(new)
            marks += [Mark(i + 1, code) for _, code in new]
            texts.append(seen.text)
    else:
        unsearched = sorted(i + 1 for i in [*probe, *cuts])
    known = {i: [b for b, _, _ in paints] for i, paints in enumerate(plan)}
    for i, found in ocr_names.find_near(pdf, near, known=known).items():  # `Dlingworth`
        plan[i] += _paints(found)
        # A page our OCR read again: what it found there, the same occurrence misread.
        read = {code for _, code in seen_all[i].hits} if i in seen_all else set()
        marks += [Mark(i + 1, c) for _, c in ocr_names.apart(found, known[i]) if c not in read]
    spelled = {i: codes for i, codes in fonts.spelled.items() if 0 <= i < len(plan)}
    marks += [Mark(i + 1, code) for i, codes in spelled.items() if not plan[i] for code in codes]
    texts += fonts.texts
    # A page drawn in a font whose ToUnicode belies its glyphs keeps no text layer of its own,
    # found strings or not: what other readers extract from it is not what it shows, and a
    # map pdfium rejects may still give them a name (red team h179 F2: `Priya Hallam` under a
    # black box, drawn as other letters, read by pdftotext). It is rebuilt from its pixels.
    lying = {i for i in fonts.distrusted if 0 <= i < len(plan)}
    affected = [i for i, paints in enumerate(plan) if paints or i in spelled or i in lying]
    if not affected:
        return RedactResult(pdf, [], _missing(strings, texts, hit), unsearched=unsearched)
    # Each rebuilt page exists in two versions: the one OCR reads, with the boxes blank and the
    # labels in black (so the text layer has the words around a box, and the codes, and nothing
    # else), and the one shown, with opaque black boxes and white labels. The shown image goes
    # in last, under the text layer read from the other.
    reading, sheets = rebuild(pdf, {i: plan[i] for i in affected}, dpi=dpi)
    unverified: list[int] = []
    for attempt in range(CHECK_ROUNDS + 1):
        if not (ocr and exhibits_ocr.ocr_available(language)):
            break
        ocred = exhibits_ocr.add_text_layer(reading, affected, language=language, rotate=False)
        again = survey(ocred, matcher, affected)
        texts += [again[i].text for i in affected]
        known = {i: [b for b, _ in sheets[i].boxes] for i in affected}
        for i, found in ocr_names.find_near(ocred, near, affected, known).items():
            again[i].hits.extend(found)
        more = {i: _paints(again[i].hits) for i in affected if again[i].hits}
        if not more:
            reading = ocred
            break
        if attempt == CHECK_ROUNDS:
            # Never ship a text layer that still holds a string: these pages stay image-only.
            unverified = [i + 1 for i in sorted(more)]
            break
        # A hit over a box already painted is the same occurrence, found again.
        marks += [
            Mark(i + 1, code)
            for i in more
            for boxes, code in again[i].hits
            if not any(overlap(a, b) for a in boxes for b, _ in sheets[i].boxes)
        ]
        reading = add_boxes(reading, more, sheets)
    marks.sort(key=lambda m: m.page)
    pdf = show_boxes(reading, sheets)
    rebuilt = [i + 1 for i in affected]
    return RedactResult(pdf, marks, _missing(strings, texts, hit), rebuilt, unverified, unsearched)


def _read_by_eye(
    pdf: bytes, pages: list[int], matcher: Matcher, dpi: int, language: str
) -> dict[int, PageSurvey]:
    """Each of `pages` (drawn in fonts that give no Unicode, so their text cannot be searched)
    read as a reader sees it: rendered, then OCR'd; the text OCR read and the boxes of the
    strings in it (and of those it misread), in the page's own user space."""
    reading, _ = rebuild(pdf, {i: [] for i in pages}, dpi=dpi)
    # Read in each of the four ways up: a name drawn sideways (a landscape table's heading, a
    # stamp, a margin note) is only read by Tesseract turned upright. The turned copies share
    # the rebuilt page's user space, so their boxes are its boxes. A rebuilt page is its image
    # and its size alone: pages that look the same (a form repeated 500 times) hash the same
    # (`pagehash`, over the image's pixels) and are read once.
    with pikepdf.open(io.BytesIO(reading)) as rebuilt, pikepdf.new() as turned:
        keys = hash_document(rebuilt, pages)
        read_as: dict[str, int] = {}  # a rebuilt page's hash → where its reading is
        for i, key in zip(pages, keys, strict=True):
            if key not in read_as:
                read_as[key] = len(read_as)
                for angle in TURNS:
                    turned.pages.append(rebuilt.pages[i])
                    turned.pages[-1].Rotate = angle
        copies = save(turned)
    ocred = exhibits_ocr.add_text_layer(
        copies, range(len(read_as) * len(TURNS)), language=language, rotate=False
    )
    read = ocr_names.survey_misread(ocred, matcher)  # `Dlingworth` too
    seen: dict[int, PageSurvey] = {}
    for i, key in zip(pages, keys, strict=True):
        k = read_as[key]
        ways = read[k * len(TURNS) : (k + 1) * len(TURNS)]
        hits: list[tuple[list[Box], str | None]] = []
        for way in ways:
            hits += [h for h in way.hits if not any(_covered(h[0], b) for b, _ in hits)]
        seen[i] = PageSurvey("\n".join(w.text for w in ways), hits, ways[0].size)
    document = open_pdfium(pdf)
    out: dict[int, PageSurvey] = {}
    try:
        for i in pages:
            page = document[i]
            try:
                left, bottom, right, top = page.get_bbox()
                rotation = page.get_rotation()
            finally:
                page.close()
            # The rebuilt page is the page as seen, upright from 0, 0: back to user space.
            size = (right - left, top - bottom)
            hits = [
                ([unshown(b, *size, rotation) for b in boxes], code) for boxes, code in seen[i].hits
            ]
            out[i] = PageSurvey(seen[i].text, hits, size)
    finally:
        document.close()
    return out


def _paints(hits: list[tuple[list[Box], str | None]]) -> list[Paint]:
    return [(box, code, STRING_PAD) for boxes, code in hits for box in boxes]


def _missing(
    strings: Sequence[StringRedaction], texts: list[str], hit: Sequence[str] = ()
) -> list[str]:
    """The strings found on no page, each once, in the order given; one whose words' parts are
    on a page where something was found (`hit`: those pages' texts) counts as found there (a
    name wrapped in a table's cell is found in the page as read, not in its text)."""
    out: list[str] = []
    # A NUL between pages: no name runs on from one page to the next.
    whole = " \x00 ".join(texts)
    for s in strings:
        one = Matcher.of([(s.text, s.code)])
        if not one or s.text in out or one.search(whole):
            continue
        if not any(one.parts_present(text) for text in hit):
            out.append(s.text)
    return out


def _covered(found: list[Box], others: list[Box]) -> bool:
    """Whether a hit's boxes overlap `others`: the same occurrence."""
    return any(overlap(a, b) for a in found for b in others)


__all__ = [
    "Mark",
    "RedactResult",
    "RedactionFailed",
    "RegionRedaction",
    "StringRedaction",
    "redact_pdf",
]
