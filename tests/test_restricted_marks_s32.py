"""Every exhibit page of a restricted (or draft) edition says so in bold boxes in the strip under
it, as the item's own pages do in their banner: stop 32 found its only mark was a grey
"RESTRICTED ·" in the caption, easy to miss on a page printed alone — a page that may hold the
names the public edition removes."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
from click.testing import CliRunner

from inquiry.cli import main


def _strip_text(pdf: pdfium.PdfDocument, n: int) -> str:
    page = pdf[n - 1]
    text = page.get_textpage()
    width = page.get_width()
    return str(text.get_text_bounded(left=0, bottom=0, right=width, top=28)).strip()


def _build(sample: Path, out: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(sample), "--out", str(out), "--format", "pdf", "-q", *args],
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.exit_code == 0, result.output
    manifest: dict[str, object] = json.loads((out / "manifest.json").read_text("utf-8"))
    return manifest


def _exhibit_pages(manifest: dict[str, object]) -> list[tuple[str, int]]:
    items = manifest["items"]
    assert isinstance(items, list)
    return [
        (item["number"], n)
        for item in items
        for exhibit in item["exhibits"]
        for n in range(exhibit["first_page"], exhibit["last_page"] + 1)
    ]


def test_restricted_exhibit_pages_say_not_for_publication(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "restricted"
    pages = _exhibit_pages(_build(sample, out, "--audience", "restricted"))
    assert len(pages) >= 4
    pdf = pdfium.PdfDocument(out / "bundle.pdf")
    try:
        for number, n in pages:
            strip = _strip_text(pdf, n)
            assert strip.startswith(f"RESTRICTED NOT FOR PUBLICATION {number} "), (n, strip)
    finally:
        pdf.close()


def test_public_exhibit_pages_carry_no_mark(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    pages = _exhibit_pages(_build(sample, out))
    pdf = pdfium.PdfDocument(out / "bundle.pdf")
    try:
        for number, n in pages:
            strip = _strip_text(pdf, n)
            assert strip.startswith(f"{number} "), (n, strip)
            assert "RESTRICTED" not in strip and "PUBLICATION" not in strip
    finally:
        pdf.close()
