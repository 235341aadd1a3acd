"""A Markdown table's header row is bold in the PDF, as the bundle's own tables have theirs:
stop 32's red team found it set like the body (tagged as a header, but not seen as one)."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from click.testing import CliRunner

from inquiry.cli import main

TABLE = """summary: |-
  Counts by site.

  | Alphasite | Betasite |
  |---|---|
  | gammavalue | deltavalue |

  And a table without a header:

  ---------- ----------
  epsilonrow zetarow
  ---------- ----------
"""


def _weight(page: pdfium.PdfPage, word: str) -> int:
    text = page.get_textpage()
    at = str(text.get_text_range()).index(word)
    return int(raw.FPDFText_GetFontWeight(text, at + 1))


def test_a_markdown_tables_header_is_bold(sample: Path, tmp_path: Path) -> None:
    st = sample / "evidence/statistics/ST-001.yaml"
    lines = st.read_text(encoding="utf-8").splitlines(keepends=True)
    [k] = [i for i, line in enumerate(lines) if line.startswith("summary:")]
    lines[k] = TABLE
    st.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(sample), "--out", str(out), "--format", "pdf", "-q"],
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    [item] = [i for i in manifest["items"] if i["id"] == "ST-001"]
    pdf = pdfium.PdfDocument(out / "bundle.pdf")
    try:
        page = pdf[item["first_page"] - 1]
        assert _weight(page, "Alphasite") >= 600 and _weight(page, "Betasite") >= 600
        assert _weight(page, "gammavalue") < 600 and _weight(page, "deltavalue") < 600
        assert _weight(page, "epsilonrow") < 600  # no header: no row is bold
    finally:
        pdf.close()
