"""A policy extract is set ragged right, as every other text of the bundle is (stop 29: it was
the one justified block, its word spaces stretched unevenly — harder to read for the people with
dyslexia or low vision this bundle is also for, and unlike the HTML); so are the DOCX's extracts,
quotations and witness paragraphs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
from test_pdf import build_pdf, make_sample
from test_spec_audit_s28 import edit

WORDS = (
    "People who need a lower level, often practical, support to enhance their coping skills "
    "and resilience; people who have higher-level needs but do not have the motivation or are "
    "too anxious to access and maintain support; and people who exceed the criteria but do not "
    "meet the threshold for more specialist mental health or inpatient services, who are the "
    "group this extract is about, and whose needs the commissioners said they would meet."
)


def _line_ends(pdf: bytes, marker: str) -> list[float]:
    """The right edge of each line of the paragraph that starts with `marker`."""
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        for page in doc:
            text = page.get_textpage()
            whole = text.get_text_range()
            start = whole.find(marker)
            if start < 0:
                continue
            ends: dict[float, float] = {}
            for i in range(start, start + len(WORDS) - 40):
                left, bottom, right, _ = text.get_charbox(i, loose=True)
                if right > left:
                    key = round(bottom)
                    ends[key] = max(ends.get(key, 0.0), right)
            return [ends[k] for k in sorted(ends, reverse=True)]
    finally:
        doc.close()
    raise AssertionError(f"{marker!r} not found")


def test_an_extract_is_not_justified(tmp_path: Path, build_cache: Path) -> None:
    root = make_sample(tmp_path)
    old = "extract: The exact words of the policy, copied verbatim."
    edit(root / "evidence/policy_extracts/PE-001.yaml", old, f"extract: {WORDS}")
    built = build_pdf(root, tmp_path / "out", cache=build_cache, formats=("pdf", "docx"))
    ends = _line_ends(built.pdf.read_bytes(), WORDS[:30])[:-1]  # the last line is short anyway
    assert len(ends) >= 3, ends
    # Justified, every full line ends at the column's edge; ragged, they end where words do.
    assert max(ends) - min(ends) > 5, ends
    # The DOCX too: no style or paragraph of it is justified (extracts, quotes, a witness's
    # paragraphs were).
    with zipfile.ZipFile(built.out / "bundle.docx") as docx:
        for name in ("word/styles.xml", "word/document.xml"):
            assert 'w:jc w:val="both"' not in docx.read(name).decode("utf-8"), name
