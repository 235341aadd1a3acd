"""Bundle page numbers and exhibit captions, drawn on the assembled pages.

An item is laid out without knowing where it will land, so its pages carry no page number; the
number is stamped here, at assembly, on every page: boxed, bold, at the bottom right, in the
bundle's own font. Typst sets the few pieces once — the word "Page", the ten digits in tabular
figures (every digit the same width), and each exhibit's caption in parts — as tight one-line
pages, which become Form XObjects placed side by side: "Page 1234" extracts and searches as
written, and stamping 50,000 pages costs no typesetting. A caption's parts are its places to
break: on a long, narrow page it is shrunk, wrapped and shortened to fit beside the page number
(`strip_fit`), never clipped. Stamps and captions are marked as pagination artifacts, so a
screen reader skips them and a tagged PDF stays valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pikepdf

from inquiry.exhibits.geometry import MM, fmt, strip_scale_of
from inquiry.render import wording
from inquiry.render.pdf.strip_fit import LEAD, SIZE, Fit, block_height, fit
from inquiry.render.pdf.typst_code import lit

STRIP = 28.0
"""Height in points of the strip below each exhibit page for its caption and stamp."""
INSET_X, INSET_Y, STROKE, GAP = 5.0, 3.5, 0.8, 2.6
ITEM_STAMP_RIGHT, ITEM_STAMP_BOTTOM = 14 * MM, 7 * MM
STRIP_MARGIN = 8.0
DIGITS = "0123456789"
SEP = " · "
FIXED = 1 + 10 + 10 + 2
"""Glyph pieces before the captions': "Page", two sets of digits, "of" and "·"."""
END = "#box()"
"""The page after each caption's parts: empty, so typst's least page (3 points square), lower
than any part (a line of 7-point text). A caption has as many parts as its words need."""
DOT_PIECE = '#cp(box(width: 3pt, align(center, "·")))'
"""The dot before a caption's file name, centred in a box as wide as typst's least page width
(3 points: a page holding the dot alone would be that wide, with the dot at its left)."""


def caption_parts(before: str, after: str) -> list[str]:
    """A caption's pieces, split where it may break onto another line: `before` is
    `DRAFT · A1 (SF-001) · Exhibit 1 · page` and `after` is `· name` (see
    `wording.exhibit_caption`). Each part of `before` keeps the dot that follows it; the dot
    before the name is a piece of its own, kept at the end of the line it follows. The last
    two parts are the word before the page number and the name."""
    parts = before.split(SEP)
    return [p + " ·" for p in parts[:-1]] + [parts[-1], after.removeprefix("·").strip()]


def glyph_source(captions: Sequence[tuple[str, str]]) -> str:
    """Typst for the pieces: "Page", ten stamp digits, ten caption digits, "of", "·", then
    each exhibit's caption in its parts (from the parts before and after its numbers), each
    caption's last followed by an `END` page."""
    pieces = [f"#st({lit('Page')})"] + [f"#st({lit(d)})" for d in DIGITS]
    pieces += [f"#cp({lit(d)})" for d in DIGITS] + [f"#cp({lit('of')})", DOT_PIECE]
    for before, after in captions:
        pieces += [_piece(part) for part in caption_parts(before, after)] + [END]
    return (
        '#import "template.typ": body-font\n'
        "#set page(width: auto, height: auto, margin: 0pt)\n"
        '#set text(font: body-font, top-edge: "ascender", bottom-edge: "descender")\n'
        '#let st(s) = text(size: 9pt, weight: "bold", number-type: "lining", '
        'number-width: "tabular", s)\n'
        '#let cp(s) = text(size: 7pt, fill: luma(85), number-type: "lining", '
        'number-width: "tabular", s)\n'
        # A mark: bold, black and boxed, no taller than a line of the caption (8.4 points).
        "#let mk(s) = box(stroke: 0.5pt, inset: (x: 1.6pt, y: 0.7pt), "
        'text(size: 5.8pt, weight: "bold", tracking: 0.2pt, s))\n'
        + "#pagebreak()\n".join(p + "\n" for p in pieces)
    )


MARKS = frozenset({wording.DRAFT, *wording.RESTRICTED_MARKS})
"""The edition's marks that lead a caption (see `view._exhibit`), drawn boxed and bold."""
SPARED = frozenset(wording.RESTRICTED_MARKS[1:])
"""Marks a narrow strip may leave out, as it leaves out the file name: the first restricted
mark stays, and the item's own pages carry the whole banner."""


def spared(before: str, after: str) -> frozenset[int]:
    """The parts of a caption (by index among the parts before "page") a narrow strip may leave
    out."""
    heads = caption_parts(before, after)[:-2]
    return frozenset(i for i, part in enumerate(heads) if part.removesuffix(" ·") in SPARED)


def _piece(part: str) -> str:
    mark = part.removesuffix(" ·")
    return f"#mk({lit(mark)})" if mark in MARKS else f"#cp({lit(part)})"


@dataclass(frozen=True)
class Piece:
    name: str  # its name in the stamps' /XObject resources
    width: float
    height: float
    page: int  # its page of the glyph sheet (0-based)


Draw = tuple[Piece | int, float]
"""A piece, or a number drawn in caption digits, and its offset from where its unit starts."""


class Sheet:
    """The compiled glyph sheet's pieces (see `glyph_source`), read once however many PDFs are
    stamped from it: "Page", the digits, "of", the dot, then each caption's parts."""

    def __init__(self, glyphs: pikepdf.Pdf, captions: int) -> None:
        pages = list(glyphs.pages)
        ends = [i for i in range(FIXED, len(pages)) if float(pages[i].mediabox[3]) < 5]
        if len(ends) != captions or ends[-1:] not in ([], [len(pages) - 1]):
            raise ValueError(f"glyph sheet has {len(ends)} captions, not {captions}")
        self._pages = pages
        self._forms: dict[int, pikepdf.Object] = {}

        def piece(name: str, i: int) -> Piece:
            box = [float(v) for v in pages[i].mediabox]
            return Piece(name, box[2] - box[0], box[3] - box[1], i)

        self.word = piece("/InqPg", 0)
        self.stamp_digits = [piece(f"/InqS{d}", 1 + d) for d in range(10)]
        self.caption_digits = [piece(f"/InqC{d}", 11 + d) for d in range(10)]
        self.of = piece("/InqOf", 21)
        self.dot = piece("/InqDot", 22)
        starts = [FIXED] + [end + 1 for end in ends]
        self.captions = [
            [piece(f"/InqX{k}_{j}", i) for j, i in enumerate(range(start, end))]
            for k, (start, end) in enumerate(zip(starts, ends, strict=False))
        ]

    def fixed(self) -> list[Piece]:
        """The pieces every stamped PDF needs, in the order they are copied in."""
        return [self.word, *self.stamp_digits, *self.caption_digits, self.of, self.dot]

    def form(self, piece: Piece) -> pikepdf.Object:
        """The piece's page as a Form XObject of the sheet (made once), to copy in."""
        if piece.page not in self._forms:
            self._forms[piece.page] = self._pages[piece.page].as_form_xobject()
        return self._forms[piece.page]


class Stamper:
    """Draws stamps and captions on the pages of `target`, from the compiled glyph pages.

    `keep` names the captions that will be drawn (None: all): only their pieces are copied in.
    A page's stamp is one Form XObject of its own, drawn by one content stream every page
    shares; every stamp's form uses one resources dictionary holding the glyph pieces. A page
    gains one resource name and two shared streams: stamping 50,000 pages adds 50,000 small
    streams, not 50,000 copies of the glyph names."""

    def __init__(
        self,
        target: pikepdf.Pdf,
        glyphs: pikepdf.Pdf | Sheet,
        captions: int,
        spare: Sequence[frozenset[int]] = (),
        keep: Iterable[int] | None = None,
    ) -> None:
        self.target = target
        self.spare = spare  # by caption, the parts a narrow strip may leave out (`spared`)
        sheet = glyphs if isinstance(glyphs, Sheet) else Sheet(glyphs, captions)
        if len(sheet.captions) != captions:
            raise ValueError(f"glyph sheet has {len(sheet.captions)} captions, not {captions}")
        kept = range(captions) if keep is None else sorted(k for k in keep if 0 <= k < captions)
        pieces = sheet.fixed() + [p for k in kept for p in sheet.captions[k]]
        forms = {p.name: target.copy_foreign(sheet.form(p)) for p in pieces}
        self.word, self.of, self.dot = sheet.word, sheet.of, sheet.dot
        self.stamp_digits, self.caption_digits = sheet.stamp_digits, sheet.caption_digits
        self.captions = sheet.captions
        self.resources = target.make_indirect(pikepdf.Dictionary(XObject=pikepdf.Dictionary(forms)))
        # Every page's content is wrapped in the same save, and its stamp drawn by the same
        # stream: two streams, shared by every page.
        self.save_state = target.make_stream(b"q\n")  # indirect, as every stream is
        self.draw = target.make_stream(
            b"Q /Artifact <</Type /Pagination /Subtype /Footer>> BDC " + STAMP + b" Do EMC\n"
        )
        # Each digit drawn, then the pen moved past it: a number is one translation and these.
        self.stamp_steps = _steps(self.stamp_digits)
        self.caption_steps = _steps(self.caption_digits)
        self._boxes: dict[tuple[float, ...], pikepdf.Object] = {}
        self._fits: dict[tuple[int, int, int, float], Fit | None] = {}

    def stamp_width(self, n: int) -> float:
        return self.word.width + GAP + len(str(n)) * self.stamp_digits[0].width + 2 * INSET_X

    def stamp(self, n: int, right: float, bottom: float) -> str:
        """Operators for the boxed `Page n` with its bottom-right corner at (right, bottom)."""
        width = self.stamp_width(n)
        height = self.word.height + 2 * INSET_Y
        x0 = right - width
        tx, ty = x0 + INSET_X, bottom + INSET_Y
        return (
            f"q 1 g 0 G {fmt((STROKE,))} w {fmt((x0, bottom, width, height))} re B Q "
            f"q 1 0 0 1 {fmt((tx, ty))} cm {self.word.name} Do Q "
            + _number(self.stamp_steps, n, tx + self.word.width + GAP, ty)
        )

    def _units(self, k: int, page: int, pages: int, variant: int) -> list[list[Draw]]:
        """Caption `k`'s units in `variant` (see `strip_fit.Fit`; 1 and 2 also leave out the
        spared marks), each a list of pieces and numbers with their offsets, at
        `strip_fit.SIZE`. (`fit` lays them out with the page number as long as the count, so
        that every page of an exhibit is laid out alike.)"""
        *heads, word, name = self.captions[k]
        digits = len(str(pages)) * self.caption_digits[0].width
        page_n: list[Draw] = [(word, 0.0), (page, word.width + GAP)]
        of_m: list[Draw] = [(self.of, 0.0), (pages, self.of.width + GAP)]
        left_out = self.spare[k] if variant and k < len(self.spare) else frozenset()
        units: list[list[Draw]] = [[(h, 0.0)] for i, h in enumerate(heads) if i not in left_out]
        if variant == 2:
            return [*units, page_n, of_m]
        offset = word.width + GAP + len(str(page)) * self.caption_digits[0].width + GAP
        page_of = page_n + [(p, x + offset) for p, x in of_m]
        if variant == 1:
            return [*units, page_of]
        dot = (self.dot, offset + self.of.width + GAP + digits + GAP)
        return [*units, [*page_of, dot], [(name, 0.0)]]

    def _width(self, unit: Sequence[Draw]) -> float:
        """A unit's width: where its last part ends."""
        last, x = unit[-1]
        if isinstance(last, Piece):
            return x + last.width
        return x + len(str(last)) * self.caption_digits[0].width

    def _strip_stamp(self, n: int, right: float, scale: float) -> str:
        """The stamp `Page n` in an exhibit's strip, centred in its height, `scale` times
        its size (made smaller only to leave a narrow page's caption room)."""
        height = (self.word.height + 2 * INSET_Y) * scale
        bottom = (STRIP - height) / 2
        if scale == 1:
            return self.stamp(n, right, bottom)
        width = self.stamp_width(n)
        move = fmt((scale, 0, 0, scale, right - width * scale, bottom))
        return f"q {move} cm {self.stamp(n, width, 0)} Q"

    def fit(self, k: int, pages: int, n: int, width: float) -> Fit | None:
        """How caption `k` is fitted beside the stamp `Page n` in a strip `width` wide (at
        the strip's scale); the same for every page of the exhibit alike in width."""
        key = (k, pages, len(str(n)), round(width, 3))
        if key not in self._fits:
            self._fits[key] = fit(
                [[self._width(u) for u in self._units(k, pages, pages, v)] for v in range(3)],
                gap=GAP,
                line_height=self.of.height,
                strip=(width, STRIP),
                stamp_width=self.stamp_width(n),
                margin=STRIP_MARGIN,
            )
        return self._fits[key]

    def caption(self, k: int, page: int, pages: int, width: float, how: Fit | None) -> str:
        """Operators for exhibit caption `k` (`… page 3 of 10 · name`) at the strip's left,
        as `how` fits it (None: the strip's rule alone), line by line from the top."""
        rule = f"q 0.4 w 0.588 G 0 {fmt((STRIP,))} m {fmt((width, STRIP))} l S Q"
        if how is None:  # no room at all: the index and bookmarks say which page this is
            return rule
        units = self._units(k, page, pages, how.variant)
        scale = how.size / SIZE
        height = self.of.height * scale
        top = (STRIP + block_height(len(how.lines), height)) / 2
        ops = []
        for i, line in enumerate(how.lines):
            y = top - height - i * height * (1 + LEAD)
            x = 0.0
            drawn = []
            for j in line:
                for part, dx in units[j]:
                    drawn.append(self._draw(part, x + dx))
                x += self._width(units[j]) + GAP
            ops.append(f"q {fmt((scale, 0, 0, scale, STRIP_MARGIN, y))} cm {' '.join(drawn)} Q")
        return f"{' '.join(ops)} {rule}"

    def _draw(self, part: Piece | int, x: float) -> str:
        """Operators for a piece or a number (in caption digits) at (x, 0)."""
        if isinstance(part, Piece):
            return f"q 1 0 0 1 {fmt((x,))} 0 cm {part.name} Do Q"
        return _number(self.caption_steps, part, x, 0)

    def decorate(self, page: pikepdf.Page, n: int, exhibit: tuple[int, int, int] | None) -> None:
        """Stamp page `n`; on an exhibit page (caption index, page, pages) caption the strip."""
        box = tuple(float(v) for v in page.mediabox)
        x0, y0, x1, _ = box
        width = x1 - x0
        if exhibit is None:
            ops = self.stamp(n, x1 - ITEM_STAMP_RIGHT, y0 + ITEM_STAMP_BOTTOM)
        else:
            # A page larger than A4 has a proportionally larger strip (see `strip_scale`):
            # its caption and number are drawn as on A4, scaled up to fill it. A narrow one
            # has its caption fitted beside the number (shrunk, wrapped, shortened).
            k = strip_scale_of(width, box[3] - y0, STRIP)
            w = width / k
            how = self.fit(exhibit[0], exhibit[2], n, w)
            cap_ops = self.caption(exhibit[0], exhibit[1], exhibit[2], w, how)
            stamp_ops = self._strip_stamp(n, w - STRIP_MARGIN, how.stamp_scale if how else 1.0)
            ops = f"q {fmt((k, 0, 0, k, x0, y0))} cm {cap_ops} {stamp_ops} Q"
        if box not in self._boxes:
            self._boxes[box] = self.target.make_indirect(pikepdf.Array(box))
        form = self.target.make_stream(
            ops.encode(),
            Subtype=pikepdf.Name.Form,
            BBox=self._boxes[box],
            Resources=self.resources,
        )
        _xobjects(page)[STAMP.decode()] = form
        page.contents_add(self.save_state, prepend=True)
        page.contents_add(self.draw)


def stamp_alone(
    target: pikepdf.Pdf, sheet: Sheet, k: int, spare: Sequence[frozenset[int]], first: int
) -> None:
    """Stamp and caption every page of `target`, caption `k`'s exhibit on its own, as the
    bundle does where its first page is page `first`: a copy printed or passed on alone says
    what it is, where the bundle holds it, and the edition's marks (`RESTRICTED`, `DRAFT`).
    Only the fixed pieces and caption `k`'s are copied in from `sheet`."""
    stamper = Stamper(target, sheet, len(sheet.captions), spare, keep=(k,))
    count = len(target.pages)
    for i, page in enumerate(target.pages, 1):
        stamper.decorate(page, first + i - 1, (k, i, count))


STAMP = b"/InqStamp"
"""The name a page gives its stamp's form."""


def _steps(digits: Sequence[Piece]) -> list[str]:
    """For each digit: draw it, then move the pen past it."""
    return [f"{p.name} Do 1 0 0 1 {fmt((p.width,))} 0 cm" for p in digits]


def _number(steps: Sequence[str], n: int, x: float, y: float) -> str:
    """Operators for the number `n` starting at (x, y), from the digits' `steps`."""
    return f"q 1 0 0 1 {fmt((x, y))} cm {' '.join(steps[int(ch)] for ch in str(n))} Q"


def _xobjects(page: pikepdf.Page) -> pikepdf.Dictionary:
    """The page's own /XObject resources: its resources and their /XObject dictionary made
    afresh for it, as the stamp's form differs from page to page and either might be shared
    with other pages (an indirect dictionary, or a direct one two pages were copied from)."""
    resources = page.obj.get("/Resources")
    own = pikepdf.Dictionary(
        dict(resources.items()) if isinstance(resources, pikepdf.Dictionary) else {}
    )
    xobjects = own.get("/XObject")
    made = pikepdf.Dictionary(
        dict(xobjects.items()) if isinstance(xobjects, pikepdf.Dictionary) else {}
    )
    own.XObject = made
    page.obj.Resources = own
    fresh = page.obj.Resources.XObject
    assert isinstance(fresh, pikepdf.Dictionary)
    return fresh
