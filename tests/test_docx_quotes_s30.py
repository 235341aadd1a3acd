"""A quotation inside a quotation reads as one in the DOCX too (stop 30, red team h92): every
level was a Block Text paragraph at the same indent, where the PDF indents each level, so who
quotes whom was lost. An inner quote's paragraphs now take Block Text 2 (and 3 and deeper,
Block Text 3), each a step further in."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from test_pdf import build_pdf

QUOTES = "> The board wrote:\n>\n> > The service said:\n> >\n> > > Targets come first.\n"


def test_each_level_of_a_quotation_is_a_step_further_in(
    sample: Path, tmp_path: Path, build_cache: Path
) -> None:
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8")
    finding = "finding: >-\n  Most respondents asked for **fewer targets**.\n"
    assert finding in text
    sf.write_text(text.replace(finding, f"finding: {json.dumps(QUOTES)}\n"), encoding="utf-8")
    built = build_pdf(sample, tmp_path / "out", cache=build_cache, formats=("pdf", "docx"))
    with zipfile.ZipFile(built.out / "bundle.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
    style_of = {}
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", body, re.S):
        words = " ".join(re.sub(r"<[^>]+>", " ", paragraph).split())
        found = re.search(r'<w:pStyle w:val="([^"]+)"', paragraph)
        style_of[words] = found.group(1) if found else None
    assert style_of["The board wrote:"] == "BlockText"
    assert style_of["The service said:"] == "BlockText2"
    assert style_of["Targets come first."] == "BlockText3"
    indents = {
        sid: int(re.search(rf'w:styleId="{sid}".*?<w:ind w:left="(\d+)"', styles, re.S)[1])  # type: ignore[index]
        for sid in ("BlockText", "BlockText2", "BlockText3")
    }
    assert indents["BlockText"] < indents["BlockText2"] < indents["BlockText3"]
