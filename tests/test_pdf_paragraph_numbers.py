"""A testimony's paragraph numbers stand clear of its words, up to the thousandth paragraph
(the most validation allows): measured on the rendered page, where a lawyer reads them."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def number_and_words(page: pdfium.PdfPage, n: int) -> tuple[float, float]:
    """The right edge of paragraph `n`'s number ("n.") and the left edge of its first word."""
    text = page.get_textpage()
    words = f"Paragraph {n} of the statement."
    at = text.get_text_range().find(words)
    assert at >= 0, f"paragraph {n} is not on this page"
    number = text.get_text_range().rfind(f"{n}.", 0, at)
    assert number >= 0 and at - number <= len(f"{n}.") + 3
    right = max(text.get_charbox(number + i)[2] for i in range(len(f"{n}.")))
    left = text.get_charbox(at)[0]
    return right, left


@pytest.mark.parametrize("count", [12, 1000])
def test_paragraph_numbers_leave_a_gap_before_the_words(tmp_path: Path, count: int) -> None:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    paragraphs = "".join(f"  - Paragraph {i} of the statement.\n" for i in range(1, count + 1))
    item.write_text(
        text.replace(
            "  - The first paragraph of the witness's own words.\n  - The second paragraph.\n",
            paragraphs,
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(root / "build/bundle.pdf")
    pages = [pdf[i] for i in range(len(pdf))]
    found = {}
    for n in sorted({1, 9, 10, 99, 100, 999, count} & set(range(1, count + 1))):
        page = next(p for p in pages if f"Paragraph {n} of" in p.get_textpage().get_text_range())
        found[n] = number_and_words(page, n)
    lefts = {round(left, 1) for _, left in found.values()}
    assert len(lefts) == 1, f"the words of every paragraph start at one indent: {found}"
    for n, (right, left) in found.items():
        assert left - right >= 3, f"paragraph {n}: number ends at {right}, words at {left}"
