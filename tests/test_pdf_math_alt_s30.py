"""An equation's alternate text is its TeX, however the TeX is written (stop 30, red team h90:
the PDF tagged each equation a Formula with no /Alt, so a screen reader read `R = recovered
finished × 100` for a fraction). Quotes, backslashes and line breaks in the TeX reach the /Alt
as written (line breaks as spaces), never as typst code."""

from __future__ import annotations

import json
from pathlib import Path

from test_pdf import build_pdf, make_sample
from test_pdf_math_fit_s29 import formula_alts

TEX = [
    "R = \\frac{\\text{recovered}}{\\text{finished}} \\times 100",
    '\\text{a "quoted" word} + \\backslash',
    "\\begin{aligned} a &= b \\\\\n c &= d \\end{aligned}",
]


def test_the_alternate_text_is_the_tex(tmp_path: Path, build_cache: Path) -> None:
    root = make_sample(tmp_path)
    sf = root / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8")
    finding = "finding: >-\n  Most respondents asked for **fewer targets**.\n"
    assert finding in text
    body = f"Rate ${TEX[0]}$ and ${TEX[1]}$.\n\n$${TEX[2]}$$\n"
    sf.write_text(text.replace(finding, f"finding: {json.dumps(body)}\n"), encoding="utf-8")
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    assert formula_alts(built.pdf) == [" ".join(t.split()) for t in TEX]
