"""A long table of short words is laid out without the per-cell rule that fits long words and
equations to their cells (stop 29: a 2,334-row table took typst 0.78 GB that way, near the
worker's 1 GiB limit, and its build failed on some runs; 0.21 GB without). Long words and
equations in a table's cells are still fitted (tests/test_markdown_parity_s28.py,
tests/test_pdf_math_fit_s29.py)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from test_pdf import build_pdf, make_sample

from inquiry import limits

ROWS = 1_700  # as many as one field holds (`markdown-too-long`: 20,000 characters)


def test_a_long_table_of_short_rows_builds_in_half_a_gigabyte(
    tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_sample(tmp_path)
    table = "|Area|Referrals|\n|-|-|\n" + "".join(f"|{i}|{i * 7}|\n" for i in range(1, ROWS + 1))
    sf = root / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8")
    finding = "finding: >-\n  Most respondents asked for **fewer targets**.\n"
    assert finding in text
    text = text.replace(finding, f"finding: {json.dumps(table)}\n")
    # No exhibits: OCR under the lowered limit is not what this measures.
    text = re.sub(r"(?m)^exhibits:\n(?:  - .*\n)+", "", text)
    assert "exhibits" not in text
    sf.write_text(text, encoding="utf-8")
    monkeypatch.setattr(limits, "TYPST_MEMORY", 512 * limits.MiB)
    monkeypatch.setattr(limits, "EXHIBIT_MEMORY", 512 * limits.MiB)
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    sf_pages = built.items()["SF-001"]
    assert sf_pages["last_page"] - sf_pages["first_page"] >= 30
    words = subprocess.run(
        [
            "pdftotext",
            "-f",
            str(sf_pages["last_page"]),
            "-l",
            str(sf_pages["last_page"]),
            str(built.pdf),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"{ROWS}\n" in words + "\n" and str(ROWS * 7) in words
