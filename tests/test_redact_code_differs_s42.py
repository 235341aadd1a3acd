"""One string listed for redaction under two codes (red team h174): the public edition shows one
mark for it everywhere, so validation warns at every listing (naming the others' places, never
the words), and the restricted edition's schedule of redactions counts an exhibit's listing
under the mark the public edition shows, not the code written beside it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import lxml.html
import pytest

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


FORMS = [
    ("{text: Jane Placeholder, code: PI}", "'Placeholder, Jane'"),
    ("Jane Placeholder", "{text: 'Placeholder, Jane', code: PI}"),
    ("{text: Jane Placeholder, code: PI}", "JanePlaceholder"),
]


def forms_of_one_name(sample: Path, own: str, exhibit: str) -> Path:
    """TM-003 lists the name as `own`; SF-001's PDF exhibit, whose page names her, lists
    another form of it as `exhibit` (red team h176)."""
    from conftest import make_pdf

    (sample / "evidence/exhibits/letter.pdf").write_bytes(
        make_pdf(1, text="Signed by Jane Placeholder")
    )
    tm = sample / "evidence/testimonies/TM-003.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8").replace(f"redact: [{NAME}]", f"redact:\n  - {own}"),
        encoding="utf-8",
    )
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    sf.write_text(
        sf.read_text(encoding="utf-8").replace(
            "  - {file: exhibits/report.pdf, description: The survey report}\n",
            "  - {file: exhibits/report.pdf, description: The survey report}\n"
            f"  - {{file: exhibits/letter.pdf, description: A letter, redact: [{exhibit}]}}\n",
        ),
        encoding="utf-8",
    )
    return sample


@pytest.mark.parametrize(("own", "exhibit"), FORMS)
def test_two_forms_of_one_name_under_two_codes_are_warned_of(
    sample: Path, own: str, exhibit: str
) -> None:
    _, report = validate(forms_of_one_name(sample, own, exhibit))
    found = [p for p in report.problems if p.code == "redact-code-differs"]
    assert {p.file for p in found} == {
        "evidence/testimonies/TM-003.yaml",
        "evidence/survey_findings/SF-001.yaml",
    }, found
    assert all("Jane" not in p.message + (p.hint or "") for p in found)


def test_the_public_edition_shows_one_mark_for_one_name_in_text_and_exhibits(
    sample: Path, tmp_path: Path
) -> None:
    """The exhibits were searched with the edition's strings longest first, the text with
    them as listed: a name listed by TM-003 as `Jane Placeholder` (PI) and, under its own
    exhibit, as `Placeholder, Jane` (no code) was marked `[PI]` in its text and `[REDACTED]`
    on the exhibit's page (red team h176)."""
    from conftest import make_pdf

    (sample / "evidence/exhibits/letter.pdf").write_bytes(
        make_pdf(1, text="Signed by Jane Placeholder")
    )
    tm = sample / "evidence/testimonies/TM-003.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8").replace(
            f"redact: [{NAME}]", f"redact:\n  - {{text: {NAME}, code: PI}}"
        )
        + "exhibits:\n"
        + "  - {file: exhibits/letter.pdf, description: A letter, redact: ['Placeholder, Jane']}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(sample, out=out, formats=("pdf",), use_cache=False, jobs=1, ocr="never")
    text = subprocess.run(
        ["pdftotext", str(out / "bundle.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Placeholder" not in text and "[PI]" in text and "[REDACTED]" not in text
    # The exhibit's page is drawn again from its pixels, its mark with it: the schedule says
    # which code it shows.
    log = json.loads((out / "redactions.json").read_text(encoding="utf-8"))
    shown = {(r["exhibit"], r["code"]) for r in log if r["item"] == "TM-003"}
    assert shown == {(None, "PI"), (1, "PI")}, shown
