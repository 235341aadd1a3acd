"""Stop 25's red-team findings on `inquiry validate`: rules that a bad field hid, a kind that is
missing or wrong, limits on the lists that made the build run out of memory, and messages about
exhibits and file names that named the wrong thing or nothing."""

from __future__ import annotations

from pathlib import Path

from test_rules import PE, SF, ST, TM, check


def _found(report: object) -> list[tuple[object, ...]]:
    return report.flatten("code", "line", "column", "message")  # type: ignore[attr-defined]


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
    found = _found(check(tmp_path, {"evidence/item.yaml": text}))
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
    assert _found(check(tmp_path, {"evidence/item.yaml": text})) == []


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
