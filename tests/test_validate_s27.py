"""Red-team findings of stop 27 on validation, as a new coalition user: a YAML syntax error no
longer hides the file's other problems, text pasted from a word processor (typographic quotes, a
paragraph holding `: `) gets a hint that names what went wrong, running from a subfolder names the
repository, and an office document given as an exhibit is told to be saved as PDF."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree
from test_rules import SUBMISSION, TM, TODAY, check, exhibit

from inquiry.validate import validate


# Run from a subfolder


def test_run_from_a_subfolder_names_the_repository(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"evidence/submission.yaml": SUBMISSION, "evidence/testimonies/TM-001.yaml": TM}
    )
    _, report = validate(tmp_path / "evidence" / "testimonies", today=TODAY)
    (problem,) = report.problems
    assert problem.code == "submission-missing" and not report.valid()
    assert problem.hint == (
        f"you are inside the submission repository {tmp_path}, not at its top: run from there"
        f" or give `--root {tmp_path}`"
    )


# Exhibits and consent


def test_an_office_document_exhibit_is_told_to_be_saved_as_pdf(tmp_path: Path) -> None:
    files = {
        "evidence/exhibits/letter.docx": b"PK\x03\x04" + b"\x00" * 60,
        "evidence/item.yaml": exhibit("exhibits/letter.docx"),
    }
    (problem,) = check(tmp_path, files).problems
    assert problem.code == "exhibit-type" and problem.hint is not None
    assert "save or export the document as PDF" in problem.hint and ".docx" in problem.hint


def test_the_consent_basis_hint_says_e_g_once(tmp_path: Path) -> None:
    text = TM.replace("  basis: Published by the author\n", "  basis: ''\n")
    (problem,) = check(tmp_path, {"evidence/item.yaml": text}).problems
    assert problem.hint is not None and problem.hint.count("e.g.") == 1, problem.hint
