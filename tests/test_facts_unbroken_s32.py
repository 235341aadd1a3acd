"""A short box of facts (the source, the witness) is kept on one page: stop 32's red team found a
source's last row left alone at the top of the next page. A long one may still break, so it
never runs off a page it cannot fit."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from inquiry.render.pdf.compile import Task, compile_task

ROWS = (
    '(("Title", [Example release]), ("Publisher", [Office]), ("Published", [March 2025]), '
    '("Accessed", [1 July 2025]))'
)


def _pages_of(breakable: str) -> list[str]:
    source = (
        '#import "template.typ": facts\n'
        "#set page(height: 300pt, width: 300pt, margin: 20pt)\n"
        "#v(215pt)\n"
        f"#facts({ROWS}, breakable: {breakable})\n"
    )
    pdf = pdfium.PdfDocument(io.BytesIO(compile_task(Task(source, False)).pdf))
    try:
        return [str(page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


def test_a_short_box_moves_whole_to_the_next_page() -> None:
    pages = _pages_of("false")
    assert len(pages) == 2 and "Title" not in pages[0]
    assert all(label in pages[1] for label in ("Title", "Publisher", "Published", "Accessed"))


def test_a_breakable_box_splits_there() -> None:  # the case above is a real one
    pages = _pages_of("true")
    assert "Title" in pages[0] and "Accessed" in pages[1]
