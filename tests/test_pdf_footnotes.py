"""Footnotes are numbered within each item in every format, whichever items are laid out with
it (the PDF lays out items in chunks; the HTML numbers an item's notes across its fields)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def add_note(path: Path, field: str, note: str) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = rf"(?m)^{field}: (.*)$"
    assert re.search(pattern, text), field
    text = re.sub(pattern, lambda m: f"{field}: {m.group(1)}[^n] \n\n  [^n]: {note}", text, count=1)
    text = text.replace(f"{field}: ", f"{field}: |\n  ", 1)
    path.write_text(text, encoding="utf-8")


def test_each_items_footnotes_start_at_one(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    evidence = root / "evidence"
    add_note(evidence / "survey_findings" / "SF-001.yaml", "summary", "Survey note.")
    add_note(evidence / "testimonies" / "TM-001.yaml", "summary", "Witness note.")
    out = tmp_path / "out"
    done = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--out", str(out), "--format", "pdf", "--format", "html"],
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert done.exit_code == 0, done.output
    pages = subprocess.run(
        ["pdftotext", "-layout", str(out / "bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    survey = next(p for p in pages if "Survey note." in p)
    witness = next(p for p in pages if "Witness note." in p)
    assert re.search(r"(?m)^\s*1\s*Survey note\.", survey), survey
    assert re.search(r"(?m)^\s*1\s*Witness note\.", witness), witness  # not 2
    html = (out / "html" / "items").glob("*TM-001*.html")
    page = next(html).read_text(encoding="utf-8")
    assert 'id="fn-1"' in page and 'id="fn-2"' not in page
