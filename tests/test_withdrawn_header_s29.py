"""A withdrawn or superseded number's pages carry the running head its item's pages had.

Every item page shows its tab and `C1 · ST-001` at the top; the pages that still stand for a
served number since withdrawn or reissued showed nothing there, so a reader leafing through the
paper bundle could not tell which tab or number they were in (stop 29). They now carry the same
header as the item's pages did: the tab's line and the number with its id, never the title (a
withdrawn item's title may be what was withdrawn). Blank pages are unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pypdfium2 as pdfium
from test_pdf import build_pdf, make_sample

from inquiry.numbering import Retired, Served
from inquiry.render import wording
from inquiry.render.pdf import typst_source as ts
from inquiry.render.pdf.compile import Task, compile_task
from inquiry.render.pdf.layout import Head, Pieces, Run, compute_served
from inquiry.served import serve

PREAMBLE = ts.preamble(restricted=None, language="en-GB")


def texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def _layout() -> Any:
    """C1 withdrawn (pages 2–3), B1 reissued as B2 (page 4), then B2's own pages."""
    retired = (
        Retired("ST-001", "C1", "C", 2, 3, "withdrawn"),
        Retired("TM-001", "B1", "B", 4, 4, "superseded", "B2"),
    )
    item = SimpleNamespace(item=SimpleNamespace(id="TM-001"), number="B2")
    plan: Any = SimpleNamespace(served=Served(1, {}, retired), items=[item], retired=retired)
    return compute_served(plan, {0: 1, 1: 1}, {"TM-001": Pieces(1)})


def test_retired_pages_are_laid_out_with_their_numbers_running_head() -> None:
    layout = _layout()
    heads = {r.first: r.head for r in layout.runs if r.kind == "filler"}
    assert heads == {2: Head("C", "C1", "ST-001"), 4: Head("B", "B1", "TM-001")}
    assert all(r.head is None for r in layout.runs if r.kind != "filler")


def test_a_withdrawn_page_shows_the_header_of_its_items_pages() -> None:
    """Compiled as the bundle compiles its filler pages: the withdrawn and superseded pages'
    text holds the tab's line and `number · id`; a blank page holds only its words."""
    layout = _layout()
    runs = [r for r in layout.runs if r.kind == "filler"]
    blank = Run("filler", 9, 9, words=(wording.BLANK_PAGE,))
    tabs = {"B": "Testimonies", "C": "Statistics"}
    source = ts.filler_pages([*runs, blank], tabs, preamble_=PREAMBLE)
    pages = texts(compile_task(Task(source, True)).pdf)
    assert len(pages) == 4
    for page in pages[:2]:
        assert "Tab C — Statistics" in page and "C1 · ST-001" in page, page
        assert "Withdrawn: C1 (ST-001) is no longer part of this bundle." in page
    assert "Tab B — Testimonies" in pages[2] and "B1 · TM-001" in pages[2], pages[2]
    assert "Superseded: B1 (TM-001)" in pages[2]
    assert pages[3].strip() == wording.BLANK_PAGE
    # A tab no longer in submission.yaml is named by its letter, as its bookmark is.
    alone = texts(compile_task(Task(ts.filler_pages(runs[:1], {}, preamble_=PREAMBLE), True)).pdf)
    assert "Tab C" in alone[0] and "Tab C —" not in alone[0]


def test_pages_without_a_head_are_written_as_before() -> None:
    """A blank page, and a page naming no retired item's head, are written as they were before
    withdrawn pages had heads (so their bytes, and served bundles' page hashes, stay the same)."""
    runs = [
        Run("filler", 9, 9, words=(wording.BLANK_PAGE,)),
        Run("filler", 10, 10, words=("Superseded: B1 (TM-001) is replaced by B2.",), link="TM-001"),
    ]
    assert ts.filler_pages(runs, {}, preamble_=PREAMBLE) == (
        PREAMBLE
        + f'#filler-page("{wording.BLANK_PAGE}", dest: none)\n'
        + '#filler-page("Superseded: B1 (TM-001) is replaced by B2.", '
        + 'dest: "inquiry-goto:TM-001")\n'
    )


def test_a_withdrawn_items_pages_in_the_bundle_carry_its_running_head(
    tmp_path: Path, build_cache: Path
) -> None:
    """The sample built and served, then ST-001 removed: its pages in the new bundle say
    "Withdrawn" under the header its item's pages had, word for word."""
    root = make_sample(tmp_path)
    first = build_pdf(root, tmp_path / "b0", cache=build_cache)
    served = first.items()["ST-001"]
    before = texts(first.pdf.read_bytes())[served["first_page"] - 1]
    header = before.splitlines()[0]
    assert header.startswith("Tab ") and f"{served['number']} · ST-001" in header, header
    serve(root, first.out, today=dt.date(2026, 11, 1))
    for path in (root / "evidence").rglob("*.yaml"):
        if "id: ST-001" in path.read_text(encoding="utf-8"):
            path.unlink()
    second = build_pdf(root, tmp_path / "b1", cache=build_cache)
    (gone,) = second.manifest["retired"]
    assert gone["id"] == "ST-001" and gone["state"] == "withdrawn"
    pages = texts(second.pdf.read_bytes())
    for n in range(gone["first_page"], gone["last_page"] + 1):
        lines = pages[n - 1].splitlines()
        assert lines[0] == header, lines
        assert any(line.startswith(f"{wording.WITHDRAWN}: {gone['number']}") for line in lines)
