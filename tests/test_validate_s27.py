"""Red-team findings of stop 27 on validation, as a new coalition user: a YAML syntax error no
longer hides the file's other problems, text pasted from a word processor (typographic quotes, a
paragraph holding `: `) gets a hint that names what went wrong, running from a subfolder names the
repository, and an office document given as an exhibit is told to be saved as PDF."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rules import ANCHOR, PE, ST, SUBMISSION, TM, TODAY, check, exhibit

from inquiry.load import load
from inquiry.validate import validate

# A statistic with four problems besides a syntax error on line 16 (`geography: a: b`).
BROKEN_ST = """\
id: ST-001
kind: statistic
title: A statistic
date: 2020
lines_of_inquiry: [LOI-1]
summary: A summary.
source: {title: Release, publisher: Office, accessed: 2024-07-01}
measure: Referrals
value: “50.1”
unit: referrals
as_of: 2024-03
related: [SF-009]
exhibits:
  - file: exhibits/a.pdf
    sha256: 1234567890
geography: England: all regions
caveats: Provisional.
"""


def _codes(tmp_path: Path, text: str, name: str = "evidence/item.yaml") -> list[tuple[object, ...]]:
    report = check(tmp_path, {name: text})
    return [p for p in report.flatten("code", "line", "file") if p[2] == name]


def test_a_syntax_error_hides_no_other_problem_before_or_after_it(tmp_path: Path) -> None:
    codes = [(c, line) for c, line, _ in _codes(tmp_path, BROKEN_ST)]
    assert codes == [
        ("schema-type", 4),  # date: 2020
        ("schema-type", 9),  # value: “50.1”
        ("ref-unknown-item", 12),
        ("schema-missing", 14),  # the exhibit's description
        ("exhibit-missing", 14),
        ("schema-type", 15),  # sha256: 1234567890
        ("yaml-syntax", 16),
    ]


def test_a_tab_below_hides_no_problem_above(tmp_path: Path) -> None:
    text = ST.replace('date: "2024"', "date: 2020").replace(
        "source: {title: Release, publisher: Office, accessed: 2024-07-01}",
        "source:\n  title: Release\n\tpublisher: Office\n  accessed: 2024-07-01",
    )
    assert [(c, line) for c, line, _ in _codes(tmp_path, text)] == [
        ("schema-type", 4),
        ("yaml-syntax", 9),
    ]


def test_a_field_on_an_unreadable_line_is_not_said_to_be_missing(tmp_path: Path) -> None:
    """`geography` and `as_of` are there, unreadable: neither "required" nor "needs period or
    as_of" is said of them."""
    text = ST.replace("geography: England", "geography: England: all").replace(
        "as_of: 2024-03", "as_of: 2024-03 # note: a: b\n  oops: [x"
    )
    codes = _codes(tmp_path, text)
    assert [c for c, _, _ in codes] == ["yaml-syntax", "yaml-syntax"], codes


def test_an_item_read_in_part_is_never_built(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/anchor.yaml": ANCHOR,
            "evidence/item.yaml": ST.replace("geography: England", "geography: England: all"),
        },
    )
    corpus, problems = load(tmp_path)
    entry = next(e for e in corpus.entries if e.file == "evidence/item.yaml")
    assert entry.item is None
    assert entry.fields.get("measure") == "Referrals"  # what was read is checked
    assert [i.file for i in corpus.items] == ["evidence/anchor.yaml"]
    assert [p.code for p in problems] == ["yaml-syntax"]
    _, report = validate(tmp_path, today=TODAY)
    assert not report.valid()


def test_a_kind_on_an_unreadable_line_is_not_reported(tmp_path: Path) -> None:
    text = TM.replace("kind: testimony", "kind: testimony: x").replace("date: 2024-05", "date: 5")
    codes = _codes(tmp_path, text)
    assert [(c, line) for c, line, _ in codes] == [("yaml-syntax", 2), ("schema-type", 4)]


def test_an_id_on_an_unreadable_line_is_not_an_unknown_item(tmp_path: Path) -> None:
    citing = ST.replace("summary: A summary.", "summary: See [@TM-001].") + "related: [TM-001]\n"
    files = {
        "evidence/broken.yaml": TM.replace("id: TM-001", "id: TM-001: x"),
        "evidence/item.yaml": citing,
    }
    assert check(tmp_path, files).flatten("code", "file") == [
        ("yaml-syntax", "evidence/broken.yaml")
    ]


def test_an_unclosed_list_says_nothing_of_the_fields_it_runs_into(tmp_path: Path) -> None:
    """YAML stops at the first field the list runs into (`summary`, on line 6): neither is read
    nor said to be missing; the fields before and after them are checked. The problem is said at
    the `[` left open, on line 5 (stop 39, red team h156)."""
    text = (
        ST.replace('date: "2024"', "date: 2020")
        .replace("lines_of_inquiry: [LOI-1]", "lines_of_inquiry: [LOI-1")
        .replace("value: 120", "value: lots")
    )
    assert [(c, line) for c, line, _ in _codes(tmp_path, text)] == [
        ("schema-type", 4),
        ("yaml-syntax", 5),
        ("schema-type", 9),
    ]


def test_two_syntax_errors_are_both_reported(tmp_path: Path) -> None:
    text = ST.replace("measure: Referrals", "measure: a: b").replace(
        "caveats: Provisional.", 'caveats: "x" y'
    )
    assert [(c, line) for c, line, _ in _codes(tmp_path, text)] == [
        ("yaml-syntax", 8),
        ("yaml-syntax", 13),
    ]


# The property: one syntax error on one line loses no problem of the other lines, and adds none.

PLANTED = (
    ST.replace('date: "2024"', "date: 2020")
    .replace("value: 120", "value: “50.1”")
    .replace("unit: referrals", "unit: referrals\nrelated: [SF-009]")
    .replace("caveats: Provisional.", "caveats: Provisional.\nsurprise: field")
)
_TOP = [i for i, line in enumerate(PLANTED.splitlines()) if line[:1].isalpha()]
BREAKS = [": a: b", ' "x" y', " @x", " `x`"]


def _report(root: Path, text: str) -> set[tuple[object, ...]]:
    write_tree(
        root,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/anchor.yaml": ANCHOR,
            "evidence/i.yaml": text,
        },
    )
    _, report = validate(root, today=TODAY, probe_exhibits=False)
    return {
        p for p in report.flatten("code", "line", "column", "file") if p[3] == "evidence/i.yaml"
    }


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=st.sampled_from(_TOP), broken=st.sampled_from(BREAKS))
def test_one_syntax_error_loses_and_adds_nothing_else(
    tmp_path_factory: object, line: int, broken: str
) -> None:
    import tempfile

    lines = PLANTED.splitlines()
    key = lines[line].split(":", 1)[0]
    lines[line] = key + ":" + broken
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        whole = _report(Path(a), PLANTED)
        broken_report = _report(Path(b), "\n".join(lines) + "\n")
    syntax = {p for p in broken_report if p[0] == "yaml-syntax"}
    assert [p[1] for p in syntax] == [line + 1]
    others = broken_report - syntax
    assert others <= whole  # nothing invented
    assert {p for p in whole if p[1] != line + 1} <= others  # nothing lost from other lines


# Typographic quotes


def test_a_value_in_typographic_quotes_holding_a_colon_names_the_quotes(tmp_path: Path) -> None:
    report = check(
        tmp_path, {"evidence/item.yaml": PE.replace("title: A policy", "title: “Rate: England”")}
    )
    (problem,) = report.problems
    assert (problem.code, problem.line) == ("yaml-syntax", 3)
    assert problem.hint is not None
    assert "“ ” ‘ ’" in problem.hint and 'straight quotes, "…"' in problem.hint


def test_a_number_in_typographic_quotes_is_told_to_lose_them(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": ST.replace("value: 120", "value: “50.1”")})
    (problem,) = report.problems
    assert problem.code == "schema-type" and problem.hint is not None
    assert "typographic quotes (“ ” ‘ ’" in problem.hint and "remove them" in problem.hint


# A paragraph holding `: `


def test_a_paragraph_holding_a_colon_is_told_to_be_quoted(tmp_path: Path) -> None:
    text = TM.replace("  - Second.", "  - My manager said: we must hit 50%.")
    (problem,) = check(tmp_path, {"evidence/item.yaml": text}).problems
    assert (problem.code, problem.line) == ("schema-type", 14)
    assert problem.hint is not None
    assert problem.hint.startswith("put the paragraph in quotes (or write `- |`")
    assert "holds `: `, which YAML reads as a key" in problem.hint


def test_any_text_field_holding_a_colon_is_told_to_be_quoted(tmp_path: Path) -> None:
    text = PE.replace("extract: Words.", "extract:\n  The policy says: words.")
    (problem,) = check(tmp_path, {"evidence/item.yaml": text}).problems
    assert problem.code == "schema-type" and problem.hint is not None
    assert problem.hint.startswith("put the text in quotes (or write `|` after the key")
    # A mapping of fields where text belongs is not taken for a pasted `: `.
    text = PE.replace("extract: Words.", "extract:\n  a: 1\n  b: 2")
    (problem,) = check(tmp_path, {"evidence/item.yaml": text}).problems
    assert problem.hint is not None and "quotes" not in problem.hint


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
