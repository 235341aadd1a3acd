"""A testimony's `redact` entry that matches nothing in the public edition is a warning at the
entry (`redact-not-found`): nothing is removed for it, so a misspelt name leaves the name itself
in the bundle, and before stop 32 nothing was said. A match is the build's own (any case,
accents, look-alike letters, across Markdown); only the items the public edition includes
count; the message never quotes the entry."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import write_tree
from test_rules import ANCHOR, PE, SUBMISSION, TM, TODAY

from inquiry.cli import main
from inquiry.problems import Report
from inquiry.validate import validate

MESSAGE = "`redact` entry {n} matches nothing in the public edition: no text was removed for it"


def _report(tmp_path: Path, files: dict[str, str], *, include_drafts: bool = False) -> Report:
    tree = {"evidence/submission.yaml": SUBMISSION, "evidence/anchor.yaml": ANCHOR, **files}
    write_tree(tmp_path, tree)
    _, report = validate(tmp_path, today=TODAY, include_drafts=include_drafts)
    return report


def _found(report: Report) -> list[tuple[object, ...]]:
    return [
        (p.file, p.line, p.column, p.message, p.severity)
        for p in report.problems
        if p.code == "redact-not-found"
    ]


def _tm(paragraph: str, redact: str, extra: str = "") -> str:
    return TM.replace("First.", paragraph) + extra + "redact:\n" + redact


def test_a_misspelt_entry_is_a_warning_at_it(tmp_path: Path) -> None:
    text = _tm("Jane Doe said so.", "  - Jane Doe\n  - {text: Jane Deo, code: PI}\n")
    sub = SUBMISSION + "redaction_codes: {PI: Personal information}\n"
    report = _report(tmp_path, {"evidence/submission.yaml": sub, "evidence/tm.yaml": text})
    assert _found(report) == [
        ("evidence/tm.yaml", 18, 12, MESSAGE.format(n=2), "warning"),
    ]
    assert report.valid() and not report.valid(strict=True)


def test_the_message_never_names_the_entry(tmp_path: Path) -> None:
    text = _tm("Nobody is named.", "  - Quorvath Zeddicus\n")
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/anchor.yaml": ANCHOR,
            "evidence/tm.yaml": text,
        },
    )
    for fmt in ("text", "json", "github"):
        done = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), "--format", fmt])
        assert "redact-not-found" in done.output, done.output
        assert "Quorvath" not in done.output and "Zeddicus" not in done.output
    done = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), "--format", "json"])
    (found,) = [p for p in json.loads(done.output)["problems"] if p["code"] == "redact-not-found"]
    assert (found["line"], found["column"], found["severity"]) == (17, 5, "warning")
    assert found["message"] == MESSAGE.format(n=1)


def test_found_as_the_build_finds_it(tmp_path: Path) -> None:
    """Case, accents, look-alike letters and emphasis, a footnote's mark between the words, a
    character reference for the space: each is a match, as the build would remove it."""
    paragraph = (
        "JANE *DÖE* wrote; Аnna Smith (a Cyrillic А) replied; Tom[^1] Jones; Rose&nbsp;Hill.\n"
        "\n    [^1]: A note."
    )
    redact = "  - Jane Doe\n  - Anna Smith\n  - Tom Jones\n  - Rose Hill\n"
    report = _report(tmp_path, {"evidence/tm.yaml": _tm(f"|\n    {paragraph}", redact)})
    assert report.problems == (), report.problems


def test_found_in_another_item_or_in_submission_yaml(tmp_path: Path) -> None:
    sub = SUBMISSION.replace("title: Targets", "title: Targets at Riverside Clinic")
    other = PE.replace("extract: Words.", "extract: Words of Jane Doe.")
    text = _tm("Nobody is named.", "  - Jane Doe\n  - Riverside Clinic\n")
    report = _report(
        tmp_path,
        {"evidence/submission.yaml": sub, "evidence/pe.yaml": other, "evidence/tm.yaml": text},
    )
    assert report.problems == (), report.problems


def test_a_shorter_entry_inside_a_longer_one_is_found(tmp_path: Path) -> None:
    text = _tm("Jane Doe said so.", "  - Jane\n  - Jane Doe\n")
    assert _report(tmp_path, {"evidence/tm.yaml": text}).problems == ()


def test_texts_the_public_edition_leaves_out_do_not_count(tmp_path: Path) -> None:
    restricted = PE.replace("extract: Words.", "extract: Words of Jane Doe.") + (
        "audience: restricted\n"
    )
    draft = PE.replace("PE-001", "PE-002").replace("extract: Words.", "extract: Ann Lee.") + (
        "status: draft\n"
    )
    text = _tm("Nobody is named.", "  - Jane Doe\n  - Ann Lee\n")
    files = {"evidence/pe.yaml": restricted, "evidence/pe2.yaml": draft, "evidence/tm.yaml": text}
    assert [f[1] for f in _found(_report(tmp_path, files))] == [17, 18]
    with_drafts = _report(tmp_path, files, include_drafts=True)
    assert [f[1] for f in _found(with_drafts)] == [17]


def test_a_restricted_testimonys_entries_are_not_checked(tmp_path: Path) -> None:
    text = _tm("Nobody is named.", "  - Jane Doe\n", extra="audience: restricted\n")
    text = text.replace("publication: public", "publication: panel_only")
    assert _found(_report(tmp_path, {"evidence/tm.yaml": text})) == []


def test_nothing_is_said_while_a_file_is_unread(tmp_path: Path) -> None:
    text = _tm("Nobody is named.", "  - Jane Doe\n")
    broken = PE.replace("title: A policy\n", "")  # fails the schema: it may name her
    report = _report(tmp_path, {"evidence/tm.yaml": text, "evidence/pe.yaml": broken})
    assert [p.code for p in report.problems] == ["schema-missing"]
