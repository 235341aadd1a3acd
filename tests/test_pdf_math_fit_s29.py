"""Math wider than its column stays on the page (stop 29).

Typst never breaks a display equation and breaks an inline one only after an operator, so a
Markdown field's `$$a_1+…+a_60$$`, a 30-column matrix or a long fraction ran off both sides of
the page, where no reader (and no print) has it. The template now sets such an equation on as
many lines as it needs, or scales down what it cannot break, in the column, a table cell or a
list; an equation that fits is left exactly as typst sets it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from test_pdf import Built, build_pdf, make_sample

MM = 72 / 25.4
COLUMN = (20 * MM, 190 * MM)  # the A4 page's text column (margins of 20 mm left and right)
FOOT = 24 * MM  # below this the page number is stamped, right of the column
SLACK = 1.0  # points: a glyph's box may reach a hair past its advance

TERMS = "+".join(f"a_{{{i}}}" for i in range(1, 61))
COLUMNS = " & ".join(f"x_{{{j}}}" for j in range(1, 31))
FRACTION = "\\frac{" + "+".join(f"d_{{{i}}}" for i in range(1, 41)) + "}{2}"
ROW = "+".join(f"c_{{{i}}}" for i in range(1, 41))
WIDE = (
    f"Before the sum.\n\n$${TERMS}$$\n\nA matrix.\n\n$$\\begin{{pmatrix}}\n"
    + "\\\\\n".join([COLUMNS] * 3)
    + "\n\\end{pmatrix}$$\n\nInline "
    + f"${'+'.join(f'b_{{{i}}}' for i in range(1, 61))}$ and ${FRACTION}$ after.\n\n"
    + f"- In a list ${FRACTION}$.\n\n"
    + f"| k | v | w |\n|---|---|---|\n| a | ${ROW}$ | ${FRACTION}$ |\n| b | $${TERMS}$$ | x |\n\n"
    + "Short $$x^2$$ end.\n"
)
EQUATIONS = 9  # in WIDE: three display, two inline, one in the list, three in the table


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("math")
    root = make_sample(base)
    sf = root / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8")
    finding = "finding: >-\n  Most respondents asked for **fewer targets**.\n"
    assert finding in text
    sf.write_text(text.replace(finding, f"finding: {json.dumps(WIDE)}\n"), encoding="utf-8")
    return build_pdf(root, base / "out", cache=build_cache)


def boxes(pdf: bytes, pages: range) -> Iterator[tuple[int, str, tuple[float, float, float, float]]]:
    """(page, character, (left, bottom, right, top)) for every character drawn on `pages`
    (1-based), and ("", box) for every object drawn on the page itself (text, rules, a
    matrix's brackets; not what a form holds, whose boxes are the form's own)."""
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        for n in pages:
            page = doc[n - 1]
            text = page.get_textpage()
            for k in range(text.count_chars()):
                box = text.get_charbox(k)
                if box[2] > box[0]:
                    yield n, text.get_text_range(k, 1), box
            for obj in page.get_objects(max_depth=1):
                yield n, "", obj.get_bounds()
    finally:
        doc.close()


def test_wide_math_stays_in_the_column_each_equation_one_formula(wide: Built) -> None:
    """Every character and every line drawn on the item's pages, but the stamped page number,
    lies in the text column (and so on the page): before, the sum reached from -497 pt to
    1,100 pt on a page 595 pt wide. Each equation is still tagged as one formula, its text in
    the structure (a display equation broken into lines holds its lines as one)."""
    item = wide.items()["SF-001"]
    own_last = min([e["first_page"] for e in item["exhibits"]] + [item["last_page"] + 1]) - 1
    pages = range(item["first_page"], own_last + 1)  # its own text, not its exhibits
    drawn = list(boxes(wide.pdf.read_bytes(), pages))
    # Every term is drawn: the sums of 60 (three), of 40 (one) and the fraction's (three).
    assert sum(1 for _, c, _ in drawn if c == "+") == 59 * 3 + 39 * 4
    for n, char, (left, _, right, top) in drawn:
        if top <= FOOT:  # the stamped page number
            continue
        assert COLUMN[0] - SLACK <= left and right <= COLUMN[1] + SLACK, (n, char, left, right)
    with pikepdf.open(wide.pdf) as pdf:
        for n in pages:
            x0, _, x1, _ = (float(v) for v in pdf.pages[n - 1].mediabox)
            assert x0 == 0 and x1 == pytest.approx(595.28, abs=0.01)
    assert outermost_formulas(wide.pdf) == EQUATIONS


def outermost_formulas(path: Path) -> int:
    """How many Formula elements the PDF's structure holds, not counting one inside another."""
    count = 0

    def walk(node: object, inside: bool) -> None:
        nonlocal count
        if not isinstance(node, pikepdf.Dictionary):
            return
        formula = node.get("/S") == "/Formula"
        count += formula and not inside
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, inside or formula)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot, False)
    return count


def formula_alts(path: Path) -> list[str | None]:
    """The /Alt of each Formula element not inside another, in the structure's order."""
    out: list[str | None] = []

    def walk(node: object, inside: bool) -> None:
        if not isinstance(node, pikepdf.Dictionary):
            return
        formula = node.get("/S") == "/Formula"
        if formula and not inside:
            alt = node.get("/Alt")
            out.append(str(alt) if alt is not None else None)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, inside or formula)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot, False)
    return out


def test_each_equation_has_its_tex_as_alternate_text(wide: Built) -> None:
    """A screen reader reads a Formula by its /Alt (PDF/UA): each equation has the TeX it was
    written in, also when it was set again to fit (stop 30, red team h90: none had one, and
    typst's text for `frac(a, b)` reads `a b`)."""
    alts = formula_alts(wide.pdf)
    assert len(alts) == EQUATIONS and None not in alts, alts
    assert f"{FRACTION}" in alts and TERMS in alts and "x^2" in alts
    assert any(a and a.startswith("\\begin{pmatrix} x_{1} & x_{2}") for a in alts)
