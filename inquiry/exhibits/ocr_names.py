"""Redacted names as OCR misreads them: found approximately in text that OCR wrote.

Tesseract reads `Illingworth` as `Dlingworth`, `Marnie` as `Mamie`, `Ilma` as `lima`; the
bundle's matcher (`inquiry.redaction`), which must find a name exactly, then leaves the name
visible in the page's pixels. So in text drawn invisibly — OCR's text layer over a scan or a
picture, whether ocrmypdf's or a scanner's — a run of words is also taken for a redacted string
when, once OCR's usual confusions are folded (`l`, `I`, `i`, `1`, `|`, `!` alike; `rn` as `m`,
`cl` as `d`, `vv` as `w`; `O` as `0`, `S` as `5`, `B` as `8`, `Z` as `2`), it is within a
small edit distance of it: one letter in a string of 5 to 7 letters, two in one of 8 or more
(`TOLERANCE`), never in a shorter one, which would take ordinary short words. Only strings of
letters are looked for so (a telephone number is not a name OCR misspells, and an edit or two
would make it another number), in their usual forms (`inquiry.name_forms`).

Text drawn visibly is the born-digital page's own and is found exactly, never approximately.
Boxes are as `inquiry.exhibits.find` gives them: line boxes in the page's user space, from the
lower-left corner of its CropBox.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from inquiry import name_forms
from inquiry.exhibits.find import (
    Box,
    PageSurvey,
    line_boxes,
    open_pdfium,
    overlap,
    page_chars,
    shift,
    survey,
)
from inquiry.redaction import Entry, Matcher

TOLERANCE = ((5, 1), (8, 2))
"""(letters, edits): a name of two words or more with at least so many letters (folded, as
`fold` leaves them) is found with so many edits; one shorter than the first is found exactly
or not at all."""
TOLERANCE_ONE_WORD = ((5, 0), (8, 1), (11, 2))
"""The same for a name of one word, stricter: OCR's confusions only (`Bumley` for `Burnley`),
no edit, below eight letters, since one edit from a word of five to seven letters is
an ordinary word as often as a misreading (`Clare` folds to `dare`, 1 from `are`; `Stuart`
is 1 from `start`, `Walker` from `walked`: stop 33, red team h117)."""

Hits = list[tuple[list[Box], str | None]]
"""Occurrences found: each one's line boxes and the reason code of its string."""

_INVISIBLE = 3  # FPDF_TEXTRENDERMODE_INVISIBLE: OCR's text layer
_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"))
_SINGLE = str.maketrans("i1|!0582", "llllosbz")
_TOKEN = re.compile(r"[^\W_]+(?:[|!][^\W_]*)*|[|!][^\W_]+(?:[|!][^\W_]*)*")
"""A word as OCR writes one: letters and digits, with `|` and `!` where it took an `l` for one."""


def fold(text: str) -> str:
    """`text` with OCR's usual confusions made one: lower case, no accents, only letters and
    digits, each group of look-alikes as one letter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if ch.isalnum() or ch in "|!")
    for pair, one in _PAIRS:
        kept = kept.replace(pair, one)
    return kept.translate(_SINGLE)


def edits(a: str, b: str, limit: int) -> int:
    """The edit distance (insertions, deletions, substitutions) of `a` and `b`, or `limit + 1`
    when it is over `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


def tolerance(length: int, words: int = 2) -> int:
    """How many edits a string of `length` folded letters in `words` words is found with (-1:
    not approximately)."""
    allowed = -1
    for letters, count in TOLERANCE if words > 1 else TOLERANCE_ONE_WORD:
        if length >= letters:
            allowed = count
    return allowed


@dataclass(frozen=True)
class Target:
    """One form of a redacted string, folded: how many words it has, the edits it allows."""

    folded: str
    words: int
    allowed: int
    code: str | None


def targets(entries: Iterable[Entry]) -> list[Target]:
    """The forms of `entries` that are looked for approximately: those of letters only, with
    at least `TOLERANCE`'s first count of them."""
    out: dict[tuple[str, str | None], Target] = {}
    for entry in entries:
        code = entry.code
        for form, _ in name_forms.forms(entry.text):
            words = name_forms.words(form)
            if not words or not all(w.isalpha() for w in words):
                continue
            folded = fold("".join(words))
            allowed = tolerance(len(folded), len(words))
            if allowed >= 0:
                out.setdefault((folded, code), Target(folded, len(words), allowed, code))
    return list(out.values())


def near(tokens: Sequence[str], wanted: Sequence[Target]) -> list[tuple[int, int, Target]]:
    """The runs `tokens[start:end]` of (folded) words that are within a target's edits of it,
    read as one word (OCR splits a word and runs two together): a run of as many words as the
    target has, one more or one fewer. Runs do not overlap: the closest are taken first, so a
    short word beside a name (`to Jane Placeholder`) is not taken with it."""
    if not wanted:
        return []
    # A run within k edits of a target holds one of the target's k + 1 pieces unchanged (each
    # edit spoils one piece at most): only the targets whose piece it holds are compared.
    pieces: dict[str, list[int]] = {}
    for number, target in enumerate(wanted):
        for piece in _pieces(target.folded, target.allowed + 1):
            pieces.setdefault(piece, []).append(number)
    sizes = sorted({len(p) for p in pieces})
    longest = max(len(t.folded) + t.allowed for t in wanted)
    most = max(t.words for t in wanted) + 1
    runs: list[tuple[int, int, int, Target]] = []  # distance, start, end, target
    for start in range(len(tokens)):
        joined = ""
        for count in range(1, most + 1):
            if start + count > len(tokens) or not tokens[start + count - 1]:
                break
            joined += tokens[start + count - 1]
            if len(joined) > longest:
                break
            candidates = {
                number
                for size in sizes
                for i in range(len(joined) - size + 1)
                for number in pieces.get(joined[i : i + size], ())
            }
            for number in sorted(candidates):
                target = wanted[number]
                if abs(count - target.words) > 1:
                    continue
                distance = edits(joined, target.folded, target.allowed)
                if distance <= target.allowed:
                    runs.append((distance, start, start + count, target))
    taken: set[int] = set()
    found: list[tuple[int, int, Target]] = []
    for _, start, end, target in sorted(runs, key=lambda r: (r[0], r[1], r[1] - r[2])):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            found.append((start, end, target))
    return sorted(found, key=lambda r: r[0])


def _pieces(text: str, count: int) -> list[str]:
    """`text` cut into `count` pieces of (nearly) equal length, end to end."""
    step = len(text) / count
    return [text[round(i * step) : round((i + 1) * step)] for i in range(count)]


def find_near(
    pdf: bytes,
    wanted: Sequence[Target],
    pages: Iterable[int] | None = None,
    known: Mapping[int, Sequence[Box]] | None = None,
) -> dict[int, Hits]:
    """Each 0-based page of `pdf` (or of `pages`) whose OCR text holds a target approximately,
    and the occurrences: line boxes in user space, and code. One wholly inside the page's
    `known` boxes (painted already) is left out; one that is not is kept whole (a name whose
    surname alone was found exactly is painted whole)."""
    if not wanted:
        return {}
    out: dict[int, Hits] = {}
    document = open_pdfium(pdf)
    try:
        for index in range(len(document)) if pages is None else sorted(set(pages)):
            if not 0 <= index < len(document):
                continue
            page = document[index]
            try:
                hits = _page_near(page, wanted)
            finally:
                page.close()
            boxes = (known or {}).get(index, ())
            hits = [h for h in hits if not all(any(_inside(b, o) for o in boxes) for b in h[0])]
            if hits:
                out[index] = hits
    finally:
        document.close()
    return out


def survey_misread(ocred: bytes, matcher: Matcher) -> list[PageSurvey]:
    """`find.survey` of a PDF our OCR wrote, each page's hits with the names it misread
    (`Dlingworth`) added, where its exact hits are not."""
    read = survey(ocred, matcher)
    known = {k: [b for boxes, _ in way.hits for b in boxes] for k, way in enumerate(read)}
    for k, found in find_near(ocred, targets(matcher.entries), None, known).items():
        read[k].hits.extend(found)
    return read


def _page_near(page: pdfium.PdfPage, wanted: Sequence[Target]) -> Hits:
    # Only words drawn invisibly (OCR's) are read approximately: a page with none is skipped
    # before its characters are read one by one (most pages of a born-digital exhibit).
    if not _draws_invisibly(page):
        return []
    left, bottom, _, _ = page.get_bbox()
    textpage = page.get_textpage()
    try:
        text = page_chars(textpage)
        spans: list[tuple[int, int]] = []
        tokens: list[str] = []
        for match in _TOKEN.finditer(text):
            spans.append(match.span())
            # Only words OCR wrote are read approximately: a born-digital word is exact.
            tokens.append(fold(match.group()) if _invisible(textpage, match.start()) else "")
        hits: Hits = []
        for start, end, target in near(tokens, wanted):
            boxes = line_boxes(textpage, range(spans[start][0], spans[end - 1][1]))
            if boxes:
                hits.append(([shift(b, (left, bottom)) for b in boxes], target.code))
        return hits
    finally:
        textpage.close()


_FORM_DEPTH = 15
"""How deep inside forms a page's objects are looked at (`PdfPage.get_objects`'s depth)."""


def _draws_invisibly(page: pdfium.PdfPage) -> bool:
    """Whether `page`, or a form it draws (`_FORM_DEPTH` deep), has a text object drawn
    invisibly: what `page.get_objects` finds, asked of pdfium directly (its helper objects
    cost 0.1 ms a page of forty lines, more than the rest of this)."""
    pending: list[tuple[object, bool, int]] = [(page, False, 0)]
    while pending:
        parent, form, level = pending.pop()
        count = (pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects)(
            parent
        )
        if count < 0:
            raise pdfium.PdfiumError("Failed to get number of pageobjects.")
        get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
        for i in range(count):
            obj = get(parent, i)
            if not obj:
                raise pdfium.PdfiumError("Failed to get pageobject.")
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == _INVISIBLE:
                    return True
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < _FORM_DEPTH - 1:
                pending.append((obj, True, level + 1))
    return False


def _invisible(textpage: pdfium.PdfTextPage, index: int) -> bool:
    obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
    return bool(obj) and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == _INVISIBLE


def apart(hits: Hits, boxes: Sequence[Box]) -> Hits:
    """Of `hits`, those overlapping none of `boxes`: occurrences not found already."""
    return [h for h in hits if not any(overlap(b, o) for b in h[0] for o in boxes)]


def _inside(a: Box, b: Box) -> bool:
    return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]


__all__ = [
    "TOLERANCE",
    "TOLERANCE_ONE_WORD",
    "Hits",
    "Target",
    "apart",
    "edits",
    "find_near",
    "fold",
    "near",
    "survey_misread",
    "targets",
]
