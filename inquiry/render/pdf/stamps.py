"""Bundle page numbers and exhibit captions, drawn on the assembled pages.

An item is laid out without knowing where it will land, so its pages carry no page number; the
number is stamped here, at assembly, on every page: boxed, bold, at the bottom right, in the
bundle's own font. Typst sets the few pieces once — the word "Page", the ten digits in tabular
figures (every digit the same width), and each exhibit's caption — as tight one-line pages, which
become Form XObjects placed side by side: "Page 1234" extracts and searches as written, and
stamping 50,000 pages costs no typesetting. Stamps and captions are marked as pagination
artifacts, so a screen reader skips them and a tagged PDF stays valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf

from inquiry.exhibits.geometry import MM, fmt, strip_scale_of
from inquiry.render.pdf.typst_code import lit

STRIP = 28.0
"""Height in points of the strip below each exhibit page for its caption and stamp."""
INSET_X, INSET_Y, STROKE, GAP = 5.0, 3.5, 0.8, 2.6
ITEM_STAMP_RIGHT, ITEM_STAMP_BOTTOM = 14 * MM, 7 * MM
STRIP_MARGIN = 8.0
CAPTION_MIN_ROOM = 24.0
"""The least room (at the strip's scale) worth drawing a caption in; on a narrower page only the
page number is drawn."""
DIGITS = "0123456789"


def glyph_source(captions: Sequence[tuple[str, str]]) -> str:
    """Typst for the pieces: "Page", ten stamp digits, ten caption digits, "of", then the part
    before and after the page numbers of each exhibit's caption."""
    pieces = [f"#st({lit('Page')})"] + [f"#st({lit(d)})" for d in DIGITS]
    pieces += [f"#cp({lit(d)})" for d in DIGITS] + [f"#cp({lit('of')})"]
    for before, after in captions:
        pieces += [f"#cp({lit(before)})", f"#cp({lit(after)})"]
    return (
        '#import "template.typ": body-font\n'
        "#set page(width: auto, height: auto, margin: 0pt)\n"
        '#set text(font: body-font, top-edge: "ascender", bottom-edge: "descender")\n'
        '#let st(s) = text(size: 9pt, weight: "bold", number-type: "lining", '
        'number-width: "tabular", s)\n'
        '#let cp(s) = text(size: 7pt, fill: luma(85), number-type: "lining", '
        'number-width: "tabular", s)\n' + "#pagebreak()\n".join(p + "\n" for p in pieces)
    )


@dataclass(frozen=True)
class Piece:
    name: str  # its name in the stamps' /XObject resources
    width: float
    height: float


class Stamper:
    """Draws stamps and captions on the pages of `target`, from the compiled glyph pages.

    A page's stamp is one Form XObject of its own, drawn by one content stream every page
    shares; every stamp's form uses one resources dictionary holding the glyph pieces. A page
    gains one resource name and two shared streams: stamping 50,000 pages adds 50,000 small
    streams, not 50,000 copies of the glyph names."""

    def __init__(self, target: pikepdf.Pdf, glyphs: pikepdf.Pdf, captions: int) -> None:
        self.target = target
        forms: dict[str, pikepdf.Object] = {}
        pages = list(glyphs.pages)
        expected = 1 + 10 + 10 + 1 + 2 * captions
        if len(pages) != expected:
            raise ValueError(f"glyph sheet has {len(pages)} pages, not {expected}")

        def piece(name: str, page: pikepdf.Page) -> Piece:
            box = [float(v) for v in page.mediabox]
            forms[name] = target.copy_foreign(page.as_form_xobject())
            return Piece(name, box[2] - box[0], box[3] - box[1])

        self.word = piece("/InqPg", pages[0])
        self.stamp_digits = [piece(f"/InqS{d}", pages[1 + d]) for d in range(10)]
        self.caption_digits = [piece(f"/InqC{d}", pages[11 + d]) for d in range(10)]
        self.of = piece("/InqOf", pages[21])
        self.captions = [
            (piece(f"/InqB{k}", pages[22 + 2 * k]), piece(f"/InqA{k}", pages[23 + 2 * k]))
            for k in range(captions)
        ]
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
        self._tails: dict[tuple[int, int], str] = {}

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

    def _tail(self, k: int, pages: int) -> str:
        """`of N` and the rest of caption `k`, drawn from where `of` starts: the same on
        every page of the exhibit."""
        key = (k, pages)
        if key not in self._tails:
            after = self.captions[k][1]
            total = _number(self.caption_steps, pages, self.of.width + GAP, 0)
            skip = self.of.width + GAP + len(str(pages)) * self.caption_digits[0].width + GAP
            self._tails[key] = (
                f"{self.of.name} Do {total} 1 0 0 1 {fmt((skip,))} 0 cm {after.name} Do"
            )
        return self._tails[key]

    def caption(self, k: int, page: int, pages: int, width: float, room: float) -> str:
        """Operators for exhibit caption `k` (`… page 3 of 10 · name`) at the strip's left,
        clipped to `room` points."""
        rule = f"q 0.4 w 0.588 G 0 {fmt((STRIP,))} m {fmt((width, STRIP))} l S Q"
        if room < CAPTION_MIN_ROOM:  # a page too narrow for it: the index and bookmarks say it
            return rule
        before = self.captions[k][0]
        y = (STRIP - before.height) / 2
        x = STRIP_MARGIN + before.width + GAP
        tail_x = x + len(str(page)) * self.caption_digits[0].width + GAP
        return (
            f"q 0 0 {fmt((room, STRIP))} re W n "
            f"q 1 0 0 1 {fmt((STRIP_MARGIN, y))} cm {before.name} Do Q "
            f"{_number(self.caption_steps, page, x, y)} "
            f"q 1 0 0 1 {fmt((tail_x, y))} cm {self._tail(k, pages)} Q "
            f"Q {rule}"
        )

    def decorate(self, page: pikepdf.Page, n: int, exhibit: tuple[int, int, int] | None) -> None:
        """Stamp page `n`; on an exhibit page (caption index, page, pages) caption the strip."""
        box = tuple(float(v) for v in page.mediabox)
        x0, y0, x1, _ = box
        width = x1 - x0
        if exhibit is None:
            ops = self.stamp(n, x1 - ITEM_STAMP_RIGHT, y0 + ITEM_STAMP_BOTTOM)
        else:
            # A page larger than A4 has a proportionally larger strip (see `strip_scale`):
            # its caption and number are drawn as on A4, scaled up to fill it.
            k = strip_scale_of(width, box[3] - y0, STRIP)
            w = width / k
            bottom = (STRIP - self.word.height - 2 * INSET_Y) / 2
            room = w - self.stamp_width(n) - 2 * STRIP_MARGIN - 4
            cap_ops = self.caption(exhibit[0], exhibit[1], exhibit[2], w, room)
            if k == 1:
                stamp_ops = self.stamp(n, x1 - STRIP_MARGIN, y0 + bottom)
                ops = f"q 1 0 0 1 {fmt((x0, y0))} cm {cap_ops} Q {stamp_ops}"
            else:
                stamp_ops = self.stamp(n, w - STRIP_MARGIN, bottom)
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
