"""One string listed for redaction under two codes (red team h174): the public edition shows one
mark for it everywhere, so validation warns at every listing (naming the others' places, never
the words), and the restricted edition's schedule of redactions counts an exhibit's listing
under the mark the public edition shows, not the code written beside it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import lxml.html

from inquiry.build import build
from inquiry.validate import validate

NAME = "Jane Placeholder"


def two_codes(sample: Path) -> Path:
    """TM-003 lists the name with code PI in its own list and, without a code, under a PDF
    exhibit of its own; SF-001 lists it under its PDF exhibit without a code too."""
    tm = sample / "evidence/testimonies/TM-003.yaml"
    text = tm.read_text(encoding="utf-8")
    text = text.replace(f"redact: [{NAME}]", f"redact:\n  - {{text: {NAME}, code: PI}}")
    text += f"exhibits:\n  - {{file: exhibits/report.pdf, description: Notes, redact: [{NAME}]}}\n"
    tm.write_text(text, encoding="utf-8")
    return sample


def test_every_listing_is_warned_of_with_the_others_places(sample: Path) -> None:
    _, report = validate(two_codes(sample))
    found = [p for p in report.problems if p.code == "redact-code-differs"]
    assert {(p.file, p.severity) for p in found} == {
        ("evidence/testimonies/TM-003.yaml", "warning")
    }
    assert len(found) == 2, found  # its own listing's and its exhibit's
    for p in found:
        assert NAME not in p.message and "Jane" not in (p.hint or ""), p
    own = next(p for p in found if "`[PI]` here" in p.message)
    other = next(p for p in found if p is not own)
    assert f"TM-003.yaml:{other.line} (`[REDACTED]` (no code))" in own.message, own.message
    assert f"TM-003.yaml:{own.line} (`[PI]`)" in other.message, other.message
    assert own.line < other.line
    assert report.valid()


def test_one_code_everywhere_is_no_warning(sample: Path) -> None:
    _, report = validate(sample)
    assert not [p for p in report.problems if p.code == "redact-code-differs"]


def test_the_schedule_counts_an_exhibits_listing_under_the_mark_shown(
    sample: Path, tmp_path: Path
) -> None:
    root = two_codes(sample)
    public, restricted = tmp_path / "public", tmp_path / "restricted"
    build(root, out=public, formats=("pdf",), use_cache=False, jobs=1)
    text = subprocess.run(
        ["pdftotext", str(public / "bundle.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "[PI]" in text and NAME not in text  # the first listing's code, everywhere
    assert "[REDACTED]" not in text
    build(root, out=restricted, formats=("html",), audience="restricted", use_cache=False, jobs=1)
    doc = lxml.html.parse(str(restricted / "html" / "index.html")).getroot()
    rows = [
        [" ".join(td.text_content().split()) for td in tr.xpath("td")]
        for tr in doc.xpath("//table[contains(@class,'annex')]/tbody/tr")
    ]
    exhibit_rows = [r for r in rows if r[1] == "Exhibit 1"]
    assert exhibit_rows and all(r[2] == "PI" for r in exhibit_rows), rows
