"""A second reader of the DOCX: LibreOffice lays it out and prints it to PDF, and the pages it
prints show every item starting a page, its running head on each of its pages, the footer's
page numbers (this document's own), the index's page ranges and the pinpoints as the PDF bundle
gives them (never recomputed into the DOCX's pages), and items no longer spilling onto a page of
their own.

LibreOffice is a test client only; the build never calls it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import conftest
import pytest
from docx_helpers import Built, make
from test_docx_pinpoints import with_references

from inquiry.render import wording

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT),
    reason="LibreOffice (soffice) and pdftotext are needed for the DOCX round trip",
)


@pytest.fixture(autouse=True, scope="module")
def arial_metrics() -> None:
    """The DOCX names Arial: LibreOffice lays it out as Word does only with a font of Arial's
    metrics (Liberation Sans). Without one it falls back to a wider font and every page count
    below would differ for that reason alone: said plainly rather than as a wrong count."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return
    found = subprocess.run([fc_match, "Arial"], capture_output=True, text=True, timeout=30)
    if "Liberation Sans" not in found.stdout and "Arial" not in found.stdout:
        pytest.fail(
            f"Arial resolves to {found.stdout.strip()!r}: install fonts-liberation "
            "(sudo apt-get install fonts-liberation; .ci/run does) for LibreOffice to lay out "
            "the DOCX as Word would"
        )


def to_pdf_pages(docx: Path, tmp: Path) -> list[str]:
    """The DOCX printed by LibreOffice, as the text of each page."""
    assert SOFFICE and PDFTOTEXT
    out = tmp / "lo"
    profile = (tmp / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out / f"{docx.stem}.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    done = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]


def lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Printed:
    built: Built
    pages: list[str]

    def header(self, n: int) -> str:
        return lines(self.pages[n - 1])[0]

    def body(self, n: int) -> str:
        """Page `n` without its header (first line) and footer (last line)."""
        return flat("\n".join(lines(self.pages[n - 1])[1:-1]))

    def starts(self) -> dict[str, int]:
        """The page each item's heading opens (below its tab's heading, if it has one)."""
        found = {}
        for view in self.built.views.items:
            heading = f"{view.number} · {view.id} · "
            tab = f"Tab {view.tab} — {view.tab_title} "
            where = [
                n
                for n in range(1, len(self.pages) + 1)
                if self.body(n).removeprefix(tab if view.first_in_tab else "").startswith(heading)
            ]
            assert len(where) == 1, f"{heading!r} opens {where}"
            found[view.id] = where[0]
        return found

    def spans(self) -> dict[str, tuple[int, int]]:
        starts = list(self.starts().items())
        ends = [n - 1 for _, n in starts[1:]] + [len(self.pages)]
        return {item: (first, last) for (item, first), last in zip(starts, ends, strict=True)}


def printed(built: Built, tmp: Path) -> Printed:
    return Printed(built, to_pdf_pages(built.docx, tmp))


@pytest.fixture(scope="module")
def sample_printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    base = tmp_path_factory.mktemp("sample")
    root = with_references(conftest.sample.__wrapped__(base))  # type: ignore[attr-defined]
    return printed(make(root, base / "out", include_drafts=True), base)


@pytest.fixture(scope="module")
def own_printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    base = tmp_path_factory.mktemp("own")
    return printed(make(REPO, base / "out"), base)


def test_every_item_heading_opens_a_page_in_order(sample_printed: Printed) -> None:
    starts = sample_printed.starts()
    assert list(starts) == ["SF-001", "TM-003", "TM-001", "ST-002", "ST-001", "PE-001"]
    assert list(starts.values()) == sorted(starts.values())


def test_footer_numbers_every_page(sample_printed: Printed) -> None:
    total = len(sample_printed.pages)
    for number, page in enumerate(sample_printed.pages, 1):
        assert lines(page)[-1].endswith(f"Page {number} of {total}"), lines(page)[-1]


def test_every_page_of_an_item_names_it_in_the_running_head(sample_printed: Printed) -> None:
    spans = sample_printed.spans()
    views = {v.id: v for v in sample_printed.built.views.items}
    first_item = min(first for first, _ in spans.values())
    for n in range(1, first_item):
        assert not re.search(r"[A-Z]\d+ · [A-Z]+-\d+$", sample_printed.header(n))
    for item, (first, last) in spans.items():
        head = views[item].running_head
        for n in range(first, last + 1):
            header = sample_printed.header(n)
            # The sample holds a draft and is built with it: the edition says so on every page.
            assert header.startswith(f"{wording.DRAFTS_EDITION} · "), header
            assert header.endswith(head), (n, header)
            assert (header.endswith(f"DRAFT · {head}")) == views[item].draft


def test_the_header_never_cuts_the_title_inside_a_word(own_printed: Printed) -> None:
    title = own_printed.built.views.front.title
    for n in range(1, len(own_printed.pages) + 1):
        left = re.split(r"\s{2,}", own_printed.header(n))[0]
        left = left.removeprefix(f"{own_printed.built.views.front.edition} · ")
        assert left == title or (
            left.endswith("…") and title.startswith(left[:-1]) and title[len(left) - 1] == " "
        ), left


def index_ranges(p: Printed) -> dict[str, str]:
    index = next(page for page in p.pages if flat(page).find(" Index No. ID Title") >= 0)
    found = {}
    for view in p.built.views.items:
        row = re.search(rf"^\s*{view.number}\s+{view.id}\s.*?(\d+(?:–\d+)?)\s*$", index, re.M)
        assert row, f"no index row for {view.number}"
        found[view.id] = row.group(1)
    return found


def pdf_pages(p: Printed) -> dict[str, tuple[int, int]]:
    return {i: (v["first_page"], v["last_page"]) for i, v in p.built.placed().items()}


def test_the_docx_pages_are_not_the_pdfs(sample_printed: Printed) -> None:
    """The DOCX gives a three-page PDF exhibit one page: its own pages differ from the PDF's,
    so the tests below that find the PDF's numbers could fail."""
    assert sample_printed.spans() != pdf_pages(sample_printed)
    assert len(sample_printed.pages) < sample_printed.built.manifest()["bundle"]["pages"]


def test_index_gives_the_pdfs_page_range_of_every_item(sample_printed: Printed) -> None:
    expected = {i: wording.page_range(*pages) for i, pages in pdf_pages(sample_printed).items()}
    assert index_ranges(sample_printed) == expected
    assert any("–" not in r for r in expected.values())  # a one-page item: one number


def test_pinpoints_keep_the_pdfs_pages(sample_printed: Printed) -> None:
    pages = pdf_pages(sample_printed)
    starts = sample_printed.starts()
    loi = next(n for n in range(1, 5) if sample_printed.body(n).startswith("Lines of inquiry"))
    body = sample_printed.body(loi)
    numbers = {v.id: v.number for v in sample_printed.built.views.items}
    moved = 0
    for pin in sample_printed.built.views.front.lines_of_inquiry[0].pins:
        assert f"[{numbers[pin.item]}/{pages[pin.item][0]}]" in body
        moved += starts[pin.item] != pages[pin.item][0]
    assert moved  # a page the DOCX's own numbering would have changed
    # `[@SF-001, p. 4]` is the PDF's fourth page of A1, inside its exhibit.
    first = pages["SF-001"][0]
    tm = pages["TM-003"][0]
    commentary = flat("\n".join(sample_printed.pages[starts["PE-001"] - 1 :]))
    assert f"See [A1/{first}], [A1/{first + 3}] and [B1/{tm}]." in commentary


def test_items_take_the_pages_they_take_in_the_pdf(own_printed: Printed) -> None:
    """No item runs a line or two onto a page of its own: each takes as many pages as in the
    PDF (its own text; the DOCX gives each exhibit one page)."""
    placed = own_printed.built.placed()
    spans = own_printed.spans()
    different = {}
    for view in own_printed.built.views.items:
        p = placed[view.id]
        own = (
            p["last_page"]
            - p["first_page"]
            + 1
            - sum(e["last_page"] - e["first_page"] + 1 for e in p["exhibits"])
        )
        first, last = spans[view.id]
        pages = last - first + 1 - len(view.exhibits)
        if pages != own:
            different[view.id] = (own, pages)
    assert not different, f"PDF pages vs DOCX pages: {different}"
    single = [v for v in own_printed.built.views.items if spans[v.id][0] == spans[v.id][1]]
    assert len(single) >= 15  # most items are short, and each fits its one page


def test_sample_items_fit_their_pages(sample_printed: Printed) -> None:
    spans = sample_printed.spans()
    for view in sample_printed.built.views.items:
        first, last = spans[view.id]
        assert last - first + 1 == 1 + len(view.exhibits), view.id


def test_extract_lines_ending_in_a_break_are_not_stretched(own_printed: Printed) -> None:
    """Each short line of a verbatim extract prints with its words one space apart, as in the
    PDF, not spread across a justified line ("More   people   will   have")."""
    from inquiry.render.nodes import Quote

    text = "\n".join(line for page in own_printed.pages for line in lines(page))
    checked = []
    for view in own_printed.built.views.items:
        for section in view.sections:
            for block in section.blocks:
                if not isinstance(block, Quote):
                    continue
                for paragraph in block.paragraphs:
                    for line in paragraph[:-1]:  # the last line of a paragraph is never stretched
                        words = " ".join(line.plain().split())
                        if len(words.split()) > 1 and len(words) < 75:  # shorter than a line
                            checked.append(words)
    assert len(checked) >= 5
    missing = [w for w in checked if w not in text]
    assert not missing, missing
