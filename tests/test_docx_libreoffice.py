"""A second reader of the DOCX: LibreOffice lays it out and prints it to PDF, and the text it
prints shows the headings, the footer page numbers and the index's page fields resolved.

LibreOffice is a test client only; the build never calls it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inquiry import numbering
from inquiry.build import build
from inquiry.validate import validate

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT),
    reason="LibreOffice (soffice) and pdftotext are needed for the DOCX round trip",
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
        timeout=120,
    )
    pdf = out / "bundle.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    done = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


def body(page: str) -> str:
    """A printed page's text without its header (first line) and footer (last line)."""
    lines = [line for line in page.splitlines() if line.strip()]
    assert lines[0].lstrip().startswith(("Public edition", "Restricted edition")), lines[0]
    return flat("\n".join(lines[1:-1]))


@pytest.fixture
def printed(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    build(sample, out=tmp_path / "out", formats=("docx",), include_drafts=True)
    return to_pdf_pages(tmp_path / "out" / "bundle.docx", tmp_path)


def item_pages(sample: Path, pages: list[str]) -> dict[str, int]:
    corpus, _ = validate(sample)
    plan = numbering.plan(corpus, include_drafts=True)
    found = {}
    for numbered in plan.items:
        heading = f"{numbered.number} · {numbered.item.id} · {numbered.item.title}"
        where = [i for i, page in enumerate(pages, 1) if body(page).startswith(heading)]
        assert where, f"heading {heading!r} not at the top of any page"
        found[numbered.number] = where[0]
    return found


def test_every_item_heading_opens_a_page(sample: Path, printed: list[str]) -> None:
    found = item_pages(sample, printed)
    assert list(found) == ["A1", "B1", "B2", "C1", "C2", "D1"]
    assert list(found.values()) == sorted(found.values())


def test_footer_numbers_every_page(printed: list[str]) -> None:
    total = len(printed)
    for number, page in enumerate(printed, 1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert lines[-1].rstrip().endswith(f"Page {number} of {total}"), lines[-1]


def test_index_page_fields_show_the_real_pages(sample: Path, printed: list[str]) -> None:
    found = item_pages(sample, printed)
    index = next(page for page in printed if body(page).startswith("Index"))
    for number, page in found.items():
        row = re.search(rf"^\s*{number}\s+\S+-\d+\s.*?(\d+)\s*$", index, re.MULTILINE)
        assert row, f"no index row for {number}"
        assert int(row.group(1)) == page, (number, row.group(0))


def test_index_fields_are_recomputed_not_just_cached(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every cached PAGEREF result spoiled to 999, the printed index still shows pages."""
    import zipfile

    build(sample, out=tmp_path / "out", formats=("docx",), include_drafts=True)
    good = tmp_path / "out" / "bundle.docx"
    spoiled = tmp_path / "spoiled" / "bundle.docx"
    spoiled.parent.mkdir()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(spoiled, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text, count = re.subn(
                    r"(PAGEREF item_\w+ \\h </w:instrText></w:r>"
                    r'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>)\d+',
                    r"\g<1>999",
                    data.decode("utf-8"),
                )
                assert count == 6
                data = text.encode("utf-8")
            dst.writestr(info, data)
    pages = to_pdf_pages(spoiled, tmp_path)
    index = next(page for page in pages if body(page).startswith("Index"))
    assert "999" not in index
    found = item_pages(sample, pages)
    for number, page in found.items():
        row = re.search(rf"^\s*{number}\s+\S+-\d+\s.*?(\d+)\s*$", index, re.MULTILINE)
        assert row and int(row.group(1)) == page
