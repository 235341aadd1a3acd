"""One run, every problem: a file that fails the schema still gets every other check on the
fields that did parse; drafts are work in progress (their problems are warnings)."""

from __future__ import annotations

from pathlib import Path

from conftest import make_pdf, write_tree
from test_rules import ANCHOR, PE, SF, SUBMISSION, TM, TODAY, check

from inquiry.problems import Report
from inquiry.validate import validate

CODES = SUBMISSION + "redaction_codes:\n  GRO-A: Name of a witness\n"


def test_a_misspelt_field_and_an_unknown_line_of_inquiry_in_one_run(tmp_path: Path) -> None:
    text = PE.replace("  publisher: Dept\n  accessed", "  pubisher: Dept\n  accessed").replace(
        "[LOI-1]", "[LOI-9]"
    )
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line") == [("ref-unknown-loi", 5), ("schema-unknown-field", 9)]


def test_several_families_in_one_file(tmp_path: Path) -> None:
    text = (
        SF.replace("title: A finding", "titel: A finding")  # schema
        .replace("[LOI-1]", "[LOI-1, LOI-9]")  # reference
        .replace("accessed: 2024-07-01", "accessed: 2024-05-31")  # dates
        .replace("value: 60", "value: 160")  # figures
        .replace("Most said **no**.", "Most said <b>no</b>, as [@XX-999] shows.")  # Markdown
        .replace("  method: Online\n", "  method: Online\n  sample_size_extra: 3\n")
        + "exhibits:\n  - {file: exhibits/missing.pdf, description: Gone}\n"  # exhibits
        + "related: [SF-001]\n"  # itself
    )
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line") == [
        ("schema-missing", 1),
        ("schema-unknown-field", 3),
        ("ref-unknown-loi", 5),
        ("date-accessed-before-published", 11),
        ("schema-unknown-field", 19),
        ("markdown-raw", 20),
        ("ref-unknown-item", 20),
        ("figure-percent-range", 22),
        ("exhibit-missing", 24),
        ("ref-self", 25),
    ]


def test_redaction_codes_are_checked_in_a_file_that_fails(tmp_path: Path) -> None:
    text = TM.replace("statement_of_truth: true", "statement_of_truth: maybe") + (
        "redact:\n  - {text: Jane, code: GRO-A}\n  - {text: John, code: GRO-Z}\n"
    )
    write_tree(tmp_path, {"evidence/submission.yaml": CODES, "evidence/anchor.yaml": ANCHOR})
    report = check_in(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line") == [("schema-type", 15), ("redact-unknown-code", 18)]


def test_an_unknown_kind_still_gets_the_common_checks(tmp_path: Path) -> None:
    text = PE.replace("kind: policy_extract", "kind: memo").replace("[LOI-1]", "[LOI-7]")
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line") == [("schema-value", 2), ("ref-unknown-loi", 5)]


def test_ids_of_files_that_fail_are_known_to_the_others(tmp_path: Path) -> None:
    broken = SF.replace("title: A finding\n", "")
    citing = PE.replace("summary: A summary.", "summary: See [@SF-001, p. 2].") + (
        "related: [SF-001]\n"
    )
    report = check(tmp_path, {"evidence/a.yaml": broken, "evidence/b.yaml": citing})
    assert report.flatten("code", "file") == [("schema-missing", "evidence/a.yaml")]


def test_a_partly_valid_submission_still_checks_the_items(tmp_path: Path) -> None:
    sub = SUBMISSION.replace("submitted_by: A coalition\n", "").replace(
        "    question: How have targets shaped practice?\n", ""
    )
    write_tree(tmp_path, {"evidence/submission.yaml": sub, "evidence/anchor.yaml": ANCHOR})
    report = check_in(tmp_path, {"evidence/item.yaml": PE.replace("[LOI-1]", "[LOI-2]")})
    assert report.flatten("code", "file") == [
        ("ref-unknown-loi", "evidence/item.yaml"),
        ("schema-missing", "evidence/submission.yaml"),
        ("schema-missing", "evidence/submission.yaml"),
    ]


def check_in(root: Path, files: dict[str, str | bytes]) -> Report:
    write_tree(root, files)
    _, report = validate(root, today=TODAY)
    return report


# Drafts


DRAFT = TM.replace("statement_of_truth: true", "statement_of_truth: true\nstatus: draft")


def test_a_drafts_problems_are_warnings(tmp_path: Path) -> None:
    text = DRAFT.replace("title: A testimony\n", "").replace("[LOI-1]", "[LOI-9]")
    write_tree(tmp_path, {"evidence/submission.yaml": SUBMISSION, "evidence/anchor.yaml": ANCHOR})
    write_tree(tmp_path, {"evidence/draft.yaml": text})
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "severity") == [
        ("schema-missing", "warning"),
        ("ref-unknown-loi", "warning"),
    ]
    assert all("draft" in (p.hint or "") for p in report.problems)
    assert report.valid()
    assert not report.valid(strict=True)
    _, included = validate(tmp_path, today=TODAY, include_drafts=True)
    assert included.flatten("code", "severity") == [
        ("schema-missing", "error"),
        ("ref-unknown-loi", "error"),
    ]
    assert not included.valid()


def test_status_is_read_even_when_the_schema_fails(tmp_path: Path) -> None:
    text = DRAFT.replace("statement_of_truth: true", "statement_of_truth: 'yes'")
    report = check(tmp_path, {"evidence/draft.yaml": text})
    assert report.flatten("code", "severity") == [("schema-type", "warning")]


def test_a_final_item_is_held_to_every_rule(tmp_path: Path) -> None:
    text = DRAFT.replace("status: draft", "status: final").replace("[LOI-1]", "[LOI-9]")
    assert check(tmp_path, {"evidence/item.yaml": text}).flatten("code", "severity") == [
        ("ref-unknown-loi", "error")
    ]


def test_a_draft_reusing_a_final_items_id_is_an_error_on_both_sides(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/final.yaml": TM, "evidence/draft.yaml": DRAFT})
    assert report.flatten("code", "file", "severity") == [
        ("id-duplicate", "evidence/draft.yaml", "error"),
        ("id-duplicate", "evidence/final.yaml", "error"),
    ]
    assert not report.valid()


def test_two_drafts_sharing_an_id_are_warnings_unless_drafts_are_included(
    tmp_path: Path,
) -> None:
    report = check(tmp_path, {"evidence/one.yaml": DRAFT, "evidence/two.yaml": DRAFT})
    assert report.flatten("code", "file", "severity") == [
        ("id-duplicate", "evidence/one.yaml", "warning"),
        ("id-duplicate", "evidence/two.yaml", "warning"),
    ]
    _, included = validate(tmp_path, today=TODAY, include_drafts=True)
    assert {p.severity for p in included.problems} == {"error"}


def test_a_draft_with_a_bad_exhibit_is_a_warning(tmp_path: Path) -> None:
    text = DRAFT + "exhibits:\n  - {file: exhibits/a.pdf, description: A}\n"
    report = check(tmp_path, {"evidence/draft.yaml": text, "evidence/exhibits/a.pdf": b"text"})
    assert report.flatten("code", "severity") == [("exhibit-type", "warning")]
    fine = check(tmp_path, {"evidence/exhibits/a.pdf": make_pdf(1)})
    assert fine.problems == ()
