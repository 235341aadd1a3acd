"""Stop 39, red team h162: a span of Arabic (or Hebrew) in an English paragraph, holding a
redaction mark, had its words laid out left to right around the mark in the DOCX and the HTML
(a right-to-left reader read `…practice [PI] said Dr` for `Dr [PI] said…`), and in the PDF
around a pinpoint. The span now says its direction: `dir="rtl"` in the HTML, right-to-left
runs in the DOCX, and an isolate (RLI … PDI) in the PDF."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render.rich_nodes import language_attr
from inquiry.scaffold import init

SAID = "قالت الدكتورة فاطمة الزهراء إن الأهداف غيرت الممارسة"


def test_a_right_to_left_span_says_its_direction() -> None:
    assert language_attr("ar") == ["", [], [["lang", "ar"], ["dir", "rtl"]]]
    assert language_attr("he-IL")[2][-1] == ["dir", "rtl"]
    assert language_attr("cy") == ["", [], [["lang", "cy"]]]


def test_its_words_keep_their_order_around_a_redaction_mark(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    text = text.replace(
        "  - The second paragraph.\n",
        f"  - 'The witness wrote: [{SAID}]{{lang=ar}} and stopped.'\n",
    )
    item.write_text(text + "redact:\n  - {text: فاطمة الزهراء, code: PI}\n", encoding="utf-8")
    formats = ["--format", "pdf", "--format", "docx", "--format", "html"]
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *formats])
    assert result.exit_code == 0, result.output
    out = root / "build"
    html = (out / "html/items/B1-TM-001.html").read_text(encoding="utf-8")
    assert re.search(r'<span dir="rtl" lang="ar">', html), html
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:r>(?:(?!</w:r>).)*?w:val=\"ar\"(?:(?!</w:r>).)*?</w:r>", xml)
    assert runs and all("<w:rtl/>" in run for run in runs), runs
    # In the PDF, as drawn: the word before the mark (read right to left) stands to its right,
    # the word after it to its left.
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(out / "bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = {
        w: float(x) for x, w in re.findall(r'<word xMin="([0-9.]+)"[^>]*>([^<]+)</word>', bbox)
    }
    before, after = "الدكتورة"[::-1], "إن"[::-1]
    assert words[before] > words["[PI]"] > words[after], words
