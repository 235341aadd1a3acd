"""A served item that loses its exhibit keeps its pages; those the exhibit stood on are left
blank and carry the item's running head, as its own pages and its withdrawn pages do. Found by
stop 31's red team: they showed only "This page is intentionally left blank", so a reader of
the paper bundle could not tell which tab or item they were in."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from test_served_loi import run
from test_served_pin_blank_s30 import with_exhibit

from inquiry.render import wording


def test_the_pages_an_exhibit_left_carry_the_items_running_head(tmp_path: Path) -> None:
    root, finding, text = with_exhibit(tmp_path, 2)
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    finding.write_text(text, encoding="utf-8")  # the exhibit taken out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    doc = pdfium.PdfDocument(root / "build/bundle.pdf")
    try:
        pages = [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()
    blank = [p for p in pages if wording.BLANK_PAGE in p]
    assert len(blank) == 2, pages
    for page in blank:
        assert "Tab A — Survey findings" in page and "A1 · SF-001" in page, page
