"""An exhibit page cropped so that text lies outside what it shows (red team h183): the bundle
shows it cropped, as filed, but pdfium (Chrome, Edge) still extracts the cropped-off text, so a
coalition that cropped a letter's heading away would publish it with nothing said. `validate`
and `build` now warn (`exhibit-cropped-text`), naming the pages; a page rebuilt from pixels to
redact it keeps only what it shows, and is not named."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from test_pdf import build_pdf
from test_redaction_hyphen_s29 import helvetica_pages

from inquiry.cli import main
from inquiry.exhibits.ocr import read_pages

TOP = b"BT /F1 12 Tf 72 800 Td (Private heading Wilhelmina Okafor) Tj ET "
MIDDLE = b"BT /F1 12 Tf 150 400 Td (The visible words of the letter) Tj ET "
EDGE = b"BT /F1 12 Tf 101 300 Td (Flush against the cropped edge) Tj ET "
ALL = [0, 0, 595, 842]
CROPPED = [100, 100, 495, 742]


def _pdf(pages: list[tuple[bytes, list[int] | None]]) -> bytes:
    pdf = pikepdf.open(io.BytesIO(helvetica_pages([content for content, _ in pages])))
    for page, (_, crop) in zip(pdf.pages, pages, strict=True):
        if crop is not None:
            page.obj.CropBox = pikepdf.Array(crop)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "crop", "cropped"),
    [
        (TOP + MIDDLE, CROPPED, True),  # the heading is above the crop
        (MIDDLE, CROPPED, False),  # all its text is inside what it shows
        (TOP + MIDDLE, None, False),  # not cropped
        (TOP + MIDDLE, ALL, False),  # a CropBox the size of the page
        (EDGE, CROPPED, False),  # set flush to the cropped edge: not hidden
        (TOP, [0, 0, 595, 700], True),
        (b"BT /F1 12 Tf 20 400 Td (In the left margin only) Tj ET " + MIDDLE, CROPPED, True),
    ],
)
def test_which_pages_hold_text_outside_what_they_show(
    content: bytes, crop: list[int] | None, cropped: bool
) -> None:
    (page,) = read_pages(_pdf([(content, crop)]))
    assert page.cropped is cropped


def test_validate_and_build_warn_naming_the_pages(
    sample: Path, tmp_path: Path, build_cache: Path
) -> None:
    pages = [(MIDDLE, CROPPED), (TOP + MIDDLE, CROPPED), (TOP + MIDDLE, None), (TOP, CROPPED)]
    (sample / "evidence/exhibits/report.pdf").write_bytes(_pdf(pages))
    done = CliRunner().invoke(main, ["validate", "--root", str(sample), "--format", "json"])
    assert done.exit_code == 0, done.output
    found = [p for p in json.loads(done.output)["problems"] if p["code"] == "exhibit-cropped-text"]
    assert len(found) == 1, found
    assert found[0]["severity"] == "warning"
    assert "2 page(s)" in found[0]["message"] and "(page 2, 4)" in found[0]["message"]
    assert found[0]["file"] == "evidence/survey_findings/SF-001.yaml"
    built = build_pdf(sample, tmp_path / "out", cache=build_cache)
    said = [w for w in built.result.warnings if w.code == "exhibit-cropped-text"]
    assert [w.message for w in said] == [found[0]["message"]]


def test_a_page_redacted_from_pixels_is_not_named(
    sample: Path, tmp_path: Path, build_cache: Path
) -> None:
    """The heading names a redacted witness: its page is rebuilt from what it shows, so the
    cropped-off text is gone from the bundle, and only the other cropped page is named."""
    pages = [
        (TOP + MIDDLE, CROPPED),
        (b"BT /F1 12 Tf 72 780 Td (Another hidden line) Tj ET " + MIDDLE, CROPPED),
    ]
    (sample / "evidence/exhibits/report.pdf").write_bytes(_pdf(pages))
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8").replace(
        "  - {file: exhibits/report.pdf, description: The survey report}\n",
        "  - {file: exhibits/report.pdf, description: The survey report,"
        " redact: [Wilhelmina Okafor]}\n",
    )
    assert "Wilhelmina" in text
    sf.write_text(text, encoding="utf-8")
    built = build_pdf(sample, tmp_path / "out", cache=build_cache)
    said = [w for w in built.result.warnings if w.code == "exhibit-cropped-text"]
    assert len(said) == 1 and "(page 2)" in said[0].message, said
    with pikepdf.open(tmp_path / "out/bundle.pdf") as pdf:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(tmp_path / "out/bundle.pdf"))
        everything = "".join(
            document[i].get_textpage().get_text_range() for i in range(len(pdf.pages))
        )
        document.close()
    assert "Okafor" not in everything
    assert "Another hidden line" in everything  # not redacted: kept, and warned of
