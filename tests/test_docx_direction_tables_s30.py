"""The DOCX in a right-to-left language, a passage marked in another script, and a table with
no header row (stop 30, red team h92).

With `language: he` the PDF and the HTML ran right to left and the DOCX left to right (no
`w:bidi` anywhere); a `[مرحبا]{lang=ar}` run said `ar` only in the attribute Word reads for Latin
letters, so Word took the Arabic for the document's language; and every table's first row was
made a repeating header, a table written without one included, which the PDF and the HTML tag
as data."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from test_pdf import build_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _language(sample: Path, language: str) -> None:
    path = sample / "evidence/submission.yaml"
    text = re.sub(r"(?m)^language: .*$", f"language: {language}", path.read_text(encoding="utf-8"))
    assert f"language: {language}" in text
    path.write_text(text, encoding="utf-8")


def _finding(sample: Path, body: str) -> None:
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8")
    finding = "finding: >-\n  Most respondents asked for **fewer targets**.\n"
    assert finding in text
    indented = "".join(f"  {line}\n" if line else "\n" for line in body.splitlines())
    sf.write_text(text.replace(finding, "finding: |\n" + indented), encoding="utf-8")


def _parts(out: Path) -> tuple[str, str]:
    with zipfile.ZipFile(out / "bundle.docx") as z:
        return z.read("word/document.xml").decode(), z.read("word/styles.xml").decode()


TABLES = """Marked [مرحبا]{lang=ar} and [你好]{lang=zh}.

| Head A | Head B |
|--------|--------|
| one    | two    |

--------  --------
alpha     beta
gamma     delta
--------  --------
"""


def test_right_to_left_and_tables(sample: Path, tmp_path: Path, build_cache: Path) -> None:
    _language(sample, "he")
    _finding(sample, TABLES)
    built = build_pdf(sample, tmp_path / "out", cache=build_cache, formats=("pdf", "docx"))
    document, styles = _parts(built.out)
    defaults = re.search(r"<w:pPrDefault>.*?</w:pPrDefault>", styles, re.S)
    assert defaults and "<w:bidi/>" in defaults.group(0), "paragraphs run right to left"
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", document, re.S)
    assert tables and all("<w:bidiVisual/>" in t for t in tables)
    # A passage's language in the attribute for its script too.
    assert re.search(r'<w:lang [^>]*w:bidi="ar"[^>]*/>', document)
    assert re.search(r'<w:lang [^>]*w:eastAsia="zh"[^>]*/>', document)
    # The header row of a table with one repeats; a table without one has none.
    head = next(t for t in tables if "Head A" in t)
    plain = next(t for t in tables if "alpha" in t)
    rows = [re.findall(r"<w:tr[ >].*?</w:tr>", t, re.S) for t in (head, plain)]
    assert ["<w:tblHeader/>" in r for r in rows[0]] == [True, False]
    assert ["<w:tblHeader/>" in r for r in rows[1]] == [False, False]


def test_left_to_right_has_no_direction_of_its_own(
    sample: Path, tmp_path: Path, build_cache: Path
) -> None:
    built = build_pdf(sample, tmp_path / "out", cache=build_cache, formats=("pdf", "docx"))
    document, styles = _parts(built.out)
    assert "<w:bidi/>" not in styles and "<w:bidiVisual/>" not in document
