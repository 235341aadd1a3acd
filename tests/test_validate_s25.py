"""Stop 25's red-team findings on `inquiry validate`: rules that a bad field hid, a kind that is
missing or wrong, limits on the lists that made the build run out of memory, and messages about
exhibits and file names that named the wrong thing or nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import make_pdf
from test_rules import PE, SF, ST, SUBMISSION, TM, check

from inquiry.problems import Report

TWICE = "ref-twice"


def _found(report: Report) -> list[tuple[object, ...]]:
    return report.flatten("code", "line", "column", "message")


# F1: a "needs one of" rule runs whatever else in the file fails, at its fields


def test_a_bad_date_does_not_hide_a_source_without_author_or_publisher(tmp_path: Path) -> None:
    text = SF.replace("  publisher: Org\n  published: 2024-06", "  published: 2024-13")
    found = _found(check(tmp_path, {"evidence/item.yaml": text}))
    assert ("schema-value", 8, 3, "`source` needs an `author` or a `publisher`") in found
    assert [(code, line) for code, line, *_ in found] == [("schema-value", 8), ("schema-value", 9)]


def test_a_bad_value_does_not_hide_period_and_as_of_both_given(tmp_path: Path) -> None:
    text = ST.replace("value: 120", 'value: "120"').replace(
        "as_of: 2024-03", "as_of: 2024-03\nperiod: {start: 2023-04, end: 2024-03}"
    )
    found = _found(check(tmp_path, {"evidence/item.yaml": text}))
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("schema-type", 9, 8),
        ("schema-value", 12, 1),  # at `period`, the second of the two
    ]
    assert "not both" in str(found[1][3])


def test_period_and_as_of_both_given_is_reported_at_the_second(tmp_path: Path) -> None:
    text = ST.replace("as_of: 2024-03", "period: {start: 2023-04, end: 2024-03}\nas_of: 2024-03")
    found = _found(check(tmp_path, {"evidence/item.yaml": text}))
    assert [(code, line, column) for code, line, column, _ in found] == [("schema-value", 12, 1)]


def test_neither_period_nor_as_of_with_another_fault(tmp_path: Path) -> None:
    text = ST.replace("as_of: 2024-03\n", "").replace("value: 120", "value: many")
    found = _found(check(tmp_path, {"evidence/item.yaml": text}))
    assert [(code, line) for code, line, *_ in found] == [("schema-value", 1), ("schema-type", 9)]
    assert "`period` or `as_of`" in str(found[0][3])


def test_a_source_without_author_in_an_item_of_unknown_kind(tmp_path: Path) -> None:
    text = PE.replace("kind: policy_extract", "kind: memo").replace(
        "  publisher: Dept\n  acc", "  acc"
    )
    found = _found(check(tmp_path, {"evidence/item.yaml": text}))
    assert ("schema-value", 8, 3, "`source` needs an `author` or a `publisher`") in found


def test_a_misspelt_as_of_is_not_also_missing(tmp_path: Path) -> None:
    text = ST.replace("as_of: 2024-03", "as-of: 2024-03")
    found = _found(check(tmp_path, {"evidence/item.yaml": text}))
    assert [(code, line) for code, line, *_ in found] == [("schema-unknown-field", 11)]


# F4: lists long enough to run the build out of memory are refused at the list


def test_an_item_citing_too_many_lines_of_inquiry(tmp_path: Path) -> None:
    text = PE.replace("[LOI-1]", "[" + ", ".join(["LOI-1"] * 201) + "]")
    found = [f for f in _found(check(tmp_path, {"evidence/item.yaml": text})) if f[0] != TWICE]
    assert found == [
        (
            "schema-value",
            5,
            19,
            "`lines_of_inquiry` names 201 lines of inquiry: at most 200 are allowed",
        )
    ]


def test_two_hundred_lines_of_inquiry_are_allowed(tmp_path: Path) -> None:
    text = PE.replace("[LOI-1]", "[" + ", ".join(["LOI-1"] * 200) + "]")
    found = _found(check(tmp_path, {"evidence/item.yaml": text}))
    # One warning for the one id repeated (stop 37's `ref-twice`), at its second place.
    assert [(code, line, column) for code, line, column, _ in found] == [(TWICE, 5, 27)]


def test_a_series_of_too_many_points(tmp_path: Path) -> None:
    points = "".join(f"  - {{period: P{i}, value: {i}}}\n" for i in range(2001))
    report = check(tmp_path, {"evidence/item.yaml": ST + "series:\n" + points})
    assert report.flatten("code", "line", "column", "message", "hint") == [
        (
            "schema-value",
            15,
            3,
            "`series` has 2,001 points: at most 2,000 are allowed",
            "a chart of more points than this cannot be drawn within the build's memory:"
            " give yearly or monthly values, and attach the full table as an exhibit",
        )
    ]


def test_a_series_of_two_thousand_points_is_allowed(tmp_path: Path) -> None:
    points = "".join(f"  - {{period: P{i}, value: {i}}}\n" for i in range(2000))
    assert _found(check(tmp_path, {"evidence/item.yaml": ST + "series:\n" + points})) == []


# F3: an item without a kind, or with a kind that is not text, is checked as the kind it looks


def test_an_item_without_a_kind_is_checked_as_the_kind_its_fields_are(tmp_path: Path) -> None:
    text = (
        SF.replace("kind: survey_finding\n", "")
        .replace("value: 60", "value: 160")
        .replace("sample_size: 100", 'sample_size: "100"')
    )
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line", "message", "hint")[0] == (
        "schema-missing",
        1,
        "`kind` is required",
        "its fields are a survey finding's: add `kind: survey_finding`",
    )
    assert report.flatten("code", "line") == [
        ("schema-missing", 1),
        ("schema-type", 14),
        ("figure-percent-range", 20),
    ]


def test_a_kind_that_is_a_list_is_named_as_one(tmp_path: Path) -> None:
    text = (
        TM.replace("kind: testimony", "kind: [testimony]")
        .replace("statement_of_truth: true", "statement_of_truth: maybe")
        .replace("publication: public", "publication: none")
    )
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line", "column", "message")[0] == (
        "schema-type",
        2,
        7,
        "`kind` must be text, not a list",
    )
    assert report.flatten("code", "line") == [
        ("schema-type", 2),
        ("consent-restricted", 10),
        ("schema-type", 15),
    ]
    assert report.problems[0].hint == "write `kind: testimony`"


def test_an_item_without_a_kind_or_its_fields_takes_the_kind_of_its_folder(tmp_path: Path) -> None:
    text = PE.replace("kind: policy_extract\n", "").split("document:")[0]
    report = check(tmp_path, {"evidence/policy_extracts/PE-001.yaml": text})
    assert report.flatten("code", "message", "hint") == [
        ("schema-missing", "`document` is required", "The policy document the extract comes from"),
        (
            "schema-missing",
            "`extract` is required",
            "The verbatim words, e.g. `Services should aim for 50% recovery.`",
        ),
        (
            "schema-missing",
            "`kind` is required",
            "it is in policy_extracts/: add `kind: policy_extract`",
        ),
    ]


def test_an_item_without_a_kind_or_its_fields_takes_the_kind_of_its_id(tmp_path: Path) -> None:
    text = PE.replace("kind: policy_extract\n", "").split("document:")[0]
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "message", "hint") == [
        ("schema-missing", "`document` is required", "The policy document the extract comes from"),
        (
            "schema-missing",
            "`extract` is required",
            "The verbatim words, e.g. `Services should aim for 50% recovery.`",
        ),
        ("schema-missing", "`kind` is required", "its id starts PE-: add `kind: policy_extract`"),
    ]


def test_a_kind_that_names_another_kind_than_the_fields(tmp_path: Path) -> None:
    text = ST.replace("kind: statistic", "kind: policy_extract")
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line", "column", "message", "hint") == [
        (
            "schema-value",
            2,
            7,
            "this item's fields are a statistic's (`measure`, `value`, `unit`, `as_of`,"
            " `geography`, `caveats`), not a policy extract's: is `kind` meant to be `statistic`?",
            "write `kind: statistic`, or give a policy extract's fields: `document`, `extract`",
        )
    ]


def test_a_testimony_of_too_many_paragraphs(tmp_path: Path) -> None:
    many = "".join(f"  - Paragraph {i}.\n" for i in range(1001))
    text = TM.replace("  - First.\n  - Second.\n", many)
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line", "column", "message") == [
        ("schema-value", 13, 3, "`paragraphs` has 1,001 paragraphs: at most 1,000 are allowed")
    ]
    assert "split the statement" in str(report.problems[0].hint)


# F6: exhibit paths that name a file almost, a web address, or a Git LFS pointer


def _with_exhibit(file: str) -> str:
    return PE + f"exhibits:\n  - {{file: '{file}', description: A report}}\n"


def test_an_exhibit_differing_only_in_case_names_the_file(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        {
            "evidence/item.yaml": _with_exhibit("Exhibits/Report.PDF"),
            "evidence/exhibits/report.pdf": make_pdf(1),
        },
    )
    assert report.flatten("code", "line", "message", "hint") == [
        (
            "exhibit-missing",
            18,
            "exhibit `Exhibits/Report.PDF` does not exist; `exhibits/report.pdf` does, a name"
            " differing only in case",
            "write `exhibits/report.pdf`: names differ by case on Linux, where CI runs, though"
            " not on macOS or Windows",
        )
    ]


def test_an_exhibit_differing_only_in_the_encoding_of_its_accents(tmp_path: Path) -> None:
    nfc, nfd = "caf\u00e9.pdf", "cafe\u0301.pdf"
    report = check(
        tmp_path,
        {
            "evidence/item.yaml": _with_exhibit(f"exhibits/{nfc}"),
            f"evidence/exhibits/{nfd}": make_pdf(1),
        },
    )
    [(code, message, hint)] = report.flatten("code", "message", "hint")
    assert code == "exhibit-missing"
    assert message == (
        f"exhibit `exhibits/{nfc}` does not exist as written: the file's name encodes its"
        " accented letters differently (written `exhibits/caf<U+00E9>.pdf`, on disk"
        " `exhibits/cafe<U+0301>.pdf`)"
    )
    assert str(hint).startswith("rename the file or retype the path")


def test_an_exhibit_given_as_a_web_address(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": _with_exhibit("https://example.org/r.pdf")})
    assert report.flatten("code", "line", "message", "hint") == [
        (
            "exhibit-missing",
            18,
            "exhibit `https://example.org/r.pdf` is a web address: exhibits are files in the"
            " repository",
            "download it into evidence/exhibits/ and write its path, e.g. `exhibits/r.pdf`;"
            " give the address as `source.url`",
        )
    ]


def test_an_exhibit_that_is_a_git_lfs_pointer(tmp_path: Path) -> None:
    pointer = (
        "version https://git-lfs.github.com/spec/v1\n"
        "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
        "size 12345\n"
    )
    report = check(
        tmp_path,
        {
            "evidence/item.yaml": _with_exhibit("exhibits/scan.pdf"),
            "evidence/exhibits/scan.pdf": pointer,
        },
    )
    assert report.flatten("code", "line", "message", "hint") == [
        (
            "exhibit-type",
            18,
            "exhibit `exhibits/scan.pdf` is a Git LFS pointer, not the file: the file itself"
            " was not fetched",
            "run `git lfs pull`; in CI, fetch LFS files too (`actions/checkout` with `lfs: true`)",
        )
    ]


# F7: names that a checkout on Windows or macOS cannot keep apart


def test_item_files_differing_only_in_case(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        {
            "evidence/SF-003.yaml": SF.replace("SF-001", "SF-003"),
            "evidence/sf-003.yaml": SF.replace("SF-001", "SF-004"),
        },
    )
    assert report.flatten("code", "file", "line", "severity", "message") == [
        (
            "file-name-clash",
            "evidence/sf-003.yaml",
            1,
            "warning",
            "`sf-003.yaml` and `SF-003.yaml` differ only in case: a checkout on Windows or"
            " macOS keeps only one of them",
        ),
        (  # it holds SF-004 (stop 38)
            "id-file-name",
            "evidence/sf-003.yaml",
            1,  # SF's first line is its id
            "warning",
            "the file is named `sf-003.yaml` but holds `id: SF-004`",
        ),
    ]


def test_folders_differing_only_in_case(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        {"evidence/exhibits/a.pdf": make_pdf(1), "evidence/Exhibits/b.pdf": make_pdf(1)},
    )
    assert report.flatten("code", "file") == [("file-name-clash", "evidence/exhibits")]


def test_item_files_differing_only_in_the_encoding_of_accents(tmp_path: Path) -> None:
    nfc, nfd = "caf\u00e9.yaml", "cafe\u0301.yaml"
    report = check(
        tmp_path,
        {
            f"evidence/{nfc}": SF.replace("SF-001", "SF-002"),
            f"evidence/{nfd}": SF.replace("SF-001", "SF-002"),
        },
    )
    found = report.flatten("code", "file", "message")
    assert (
        "file-name-clash",
        f"evidence/{nfc}",
        "`caf<U+00E9>.yaml` and `cafe<U+0301>.yaml` differ only in how their accented letters"
        " are encoded: a checkout on Windows or macOS keeps only one of them",
    ) in found
    duplicates = sorted(str(m) for code, _, m in found if code == "id-duplicate")
    assert duplicates == [
        "id `SF-002` is also used in evidence/caf<U+00E9>.yaml, a name that differs from this"
        " file's only in how its accented letters are encoded",
        "id `SF-002` is also used in evidence/cafe<U+0301>.yaml, a name that differs from this"
        " file's only in how its accented letters are encoded",
    ]


# F8: keys that are empty or hold a character that prints as nothing


def test_an_empty_key_is_named_as_one(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": PE + '"": empty key\n'})
    assert report.flatten("code", "line", "column", "message", "hint") == [
        (
            "schema-unknown-field",
            17,
            1,
            'a key is empty (`""`)',
            "give the field its name, or remove the line",
        )
    ]


def test_a_key_holding_a_zero_width_space_shows_it(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": PE + '"ex\\u200btract": words\n'})
    assert report.flatten("code", "line", "message", "hint") == [
        (
            "schema-unknown-field",
            17,
            "unknown field `ex<U+200B>tract`",
            "did you mean `extract`?; the name holds a character that prints as nothing"
            " (<U+200B>): retype it",
        )
    ]


def test_an_empty_redaction_code(tmp_path: Path) -> None:
    submission = SUBMISSION + 'redaction_codes:\n  "": empty\n'
    report = check(tmp_path, {"evidence/submission.yaml": submission})
    assert report.flatten("code", "line", "column", "message") == [
        ("schema-value", 15, 3, '`redaction_codes` has an empty code (`""`): give it a code')
    ]
