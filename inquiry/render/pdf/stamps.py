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

from inquiry.exhibits.geometry import MM, fmt
from inquiry.render.pdf.typst_code import lit

STRIP = 28.0
"""Height in points of the strip below each exhibit page for its caption and stamp."""
INSET_X, INSET_Y, STROKE, GAP = 5.0, 3.5, 0.8, 2.6
ITEM_STAMP_RIGHT, ITEM_STAMP_BOTTOM = 14 * MM, 7 * MM
STRIP_MARGIN = 8.0
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
    name: str  # its name in a page's /XObject resources
    width: float
    height: float


class Stamper:
    """Draws stamps and captions on the pages of `target`, from the compiled glyph pages."""

    def __init__(self, target: pikepdf.Pdf, glyphs: pikepdf.Pdf, captions: int) -> None:
        self.target = target
        self.forms: dict[str, pikepdf.Object] = {}
        # Every page's content is wrapped in the same save: one stream, shared by every page.
        self.save_state = target.make_stream(b"q\n")  # indirect, as every stream is
        pages = list(glyphs.pages)
        expected = 1 + 10 + 10 + 1 + 2 * captions
        if len(pages) != expected:
            raise ValueError(f"glyph sheet has {len(pages)} pages, not {expected}")
        self.word = self._piece("/InqPg", pages[0])
        self.stamp_digits = [self._piece(f"/InqS{d}", pages[1 + d]) for d in range(10)]
        self.caption_digits = [self._piece(f"/InqC{d}", pages[11 + d]) for d in range(10)]
        self.of = self._piece("/InqOf", pages[21])
        self.captions = [
            (
                self._piece(f"/InqB{k}", pages[22 + 2 * k]),
                self._piece(f"/InqA{k}", pages[23 + 2 * k]),
            )
            for k in range(captions)
        ]

    def _piece(self, name: str, page: pikepdf.Page) -> Piece:
        box = [float(v) for v in page.mediabox]
        form = page.as_form_xobject()
        self.forms[name] = self.target.copy_foreign(form)
        return Piece(name, box[2] - box[0], box[3] - box[1])

    def _use(self, page: pikepdf.Page, names: Sequence[str]) -> None:
        resources = page.obj.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            resources = pikepdf.Dictionary()
            page.obj.Resources = resources
        xobjects = resources.get("/XObject")
        if not isinstance(xobjects, pikepdf.Dictionary):
            xobjects = pikepdf.Dictionary()
            resources.XObject = xobjects
        for name in names:
            if name not in xobjects:
                xobjects[name] = self.forms[name]

    def _number(self, digits: Sequence[Piece], n: int, x: float, y: float) -> tuple[str, list[str]]:
        ops, names = [], []
        for ch in str(n):
            piece = digits[int(ch)]
            ops.append(f"q 1 0 0 1 {fmt((x, y))} cm {piece.name} Do Q")
            names.append(piece.name)
            x += piece.width
        return " ".join(ops), names

    def stamp_width(self, n: int) -> float:
        return self.word.width + GAP + len(str(n)) * self.stamp_digits[0].width + 2 * INSET_X

    def stamp(self, n: int, right: float, bottom: float) -> tuple[str, list[str]]:
        """Operators for the boxed `Page n` with its bottom-right corner at (right, bottom)."""
        width = self.stamp_width(n)
        height = self.word.height + 2 * INSET_Y
        x0 = right - width
        ops = [f"q 1 g 0 G {fmt((STROKE,))} w {fmt((x0, bottom, width, height))} re B Q"]
        tx, ty = x0 + INSET_X, bottom + INSET_Y
        ops.append(f"q 1 0 0 1 {fmt((tx, ty))} cm {self.word.name} Do Q")
        digits, names = self._number(self.stamp_digits, n, tx + self.word.width + GAP, ty)
        ops.append(digits)
        return " ".join(ops), [self.word.name, *names]

    def caption(
        self, k: int, page: int, pages: int, width: float, room: float
    ) -> tuple[str, list[str]]:
        """Operators for exhibit caption `k` (`… page 3 of 10 · name`) at the strip's left,
        clipped to `room` points."""
        before, after = self.captions[k]
        y = (STRIP - before.height) / 2
        x = STRIP_MARGIN
        ops = [f"q 0 0 {fmt((room, STRIP))} re W n"]
        names = [before.name, self.of.name, after.name]
        ops.append(f"q 1 0 0 1 {fmt((x, y))} cm {before.name} Do Q")
        x += before.width + GAP
        n_ops, n_names = self._number(self.caption_digits, page, x, y)
        ops.append(n_ops)
        x += len(str(page)) * self.caption_digits[0].width + GAP
        ops.append(f"q 1 0 0 1 {fmt((x, y))} cm {self.of.name} Do Q")
        x += self.of.width + GAP
        t_ops, t_names = self._number(self.caption_digits, pages, x, y)
        ops.append(t_ops)
        x += len(str(pages)) * self.caption_digits[0].width + GAP
        ops.append(f"q 1 0 0 1 {fmt((x, y))} cm {after.name} Do Q")
        ops.append(f"Q q 0.4 w 0.588 G 0 {fmt((STRIP,))} m {fmt((width, STRIP))} l S Q")
        return " ".join(ops), names + n_names + t_names

    def decorate(self, page: pikepdf.Page, n: int, exhibit: tuple[int, int, int] | None) -> None:
        """Stamp page `n`; on an exhibit page (caption index, page, pages) caption the strip."""
        x0, y0, x1, _ = (float(v) for v in page.mediabox)
        width = x1 - x0
        if exhibit is None:
            ops, names = self.stamp(n, x1 - ITEM_STAMP_RIGHT, y0 + ITEM_STAMP_BOTTOM)
        else:
            stamp_ops, names = self.stamp(
                n, x1 - STRIP_MARGIN, y0 + (STRIP - self.word.height - 2 * INSET_Y) / 2
            )
            room = width - self.stamp_width(n) - 2 * STRIP_MARGIN - 4
            cap_ops, cap_names = self.caption(exhibit[0], exhibit[1], exhibit[2], width, room)
            ops = f"q 1 0 0 1 {fmt((x0, y0))} cm {cap_ops} Q {stamp_ops}"
            names = names + cap_names
        self._use(page, names)
        content = f"Q /Artifact <</Type /Pagination /Subtype /Footer>> BDC {ops} EMC\n"
        page.contents_add(self.save_state, prepend=True)
        page.contents_add(self.target.make_stream(content.encode()))
