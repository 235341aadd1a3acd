"""One test per rule: the exact code, file and line (and column where it matters) of each problem.

Every tree holds a valid policy extract (`evidence/anchor.yaml`) so that LOI-1 has evidence, plus
the item under test, which is valid except for the one fault the test puts in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest
from conftest import make_pdf, write_tree

from inquiry.problems import Report
from inquiry.scaffold import init
from inquiry.validate import validate

TODAY = dt.date(2025, 6, 1)

SUBMISSION = """\
title: A submission
inquiry: An inquiry
submitted_by: A coalition
date: 2025-01-15
lines_of_inquiry:
  - id: LOI-1
    title: Targets
    question: How have targets shaped practice?
tabs:
  - {tab: A, title: Survey findings, kinds: [survey_finding]}
  - {tab: B, title: Testimonies, kinds: [testimony]}
  - {tab: C, title: Statistics, kinds: [statistic]}
  - {tab: D, title: Policy extracts, kinds: [policy_extract]}
"""

ANCHOR = """\
id: PE-900
kind: policy_extract
title: An anchor
date: "2024"
lines_of_inquiry: [LOI-1]
summary: Keeps LOI-1 in evidence.
source: {title: Doc, publisher: Dept, accessed: 2024-07-01}
document: {title: Doc, publisher: Dept, published: "2024", reference: Section 1}
extract: Words.
"""

PE = """\
id: PE-001
kind: policy_extract
title: A policy
date: "2024"
lines_of_inquiry: [LOI-1]
summary: A summary.
source:
  title: Doc
  publisher: Dept
  accessed: 2024-07-01
document:
  title: Doc
  publisher: Dept
  published: "2024"
  reference: Section 1
extract: Words.
"""

SF = """\
id: SF-001
kind: survey_finding
title: A finding
date: 2024-06
lines_of_inquiry: [LOI-1]
summary: A summary.
source:
  title: Report
  publisher: Org
  published: 2024-06
  accessed: 2024-07-01
survey:
  name: Staff survey
  conducted_by: Org
  sample_size: 100
  population: Staff
  fieldwork: {start: 2024-04-01, end: 2024-05-31}
  method: Online
finding: Most said **no**.
figures:
  - {label: Said no, value: 60, unit: percent, base: 100}
"""

TM = """\
id: TM-001
kind: testimony
title: A testimony
date: 2024-05
lines_of_inquiry: [LOI-1]
summary: A summary.
source: {title: Post, author: W-01, accessed: 2024-07-01}
witness: {reference: W-01, role: Therapist}
consent:
  publication: public
  basis: Published by the author
paragraphs:
  - First.
  - Second.
statement_of_truth: true
"""

ST = """\
id: ST-001
kind: statistic
title: A statistic
date: "2024"
lines_of_inquiry: [LOI-1]
summary: A summary.
source: {title: Release, publisher: Office, accessed: 2024-07-01}
measure: Referrals
value: 120
unit: referrals
as_of: 2024-03
geography: England
caveats: Provisional.
"""


def check(tmp_path: Path, files: dict[str, str | bytes], *, anchor: bool = True) -> Report:
    tree = {"evidence/submission.yaml": SUBMISSION, **files}
    if anchor:
        tree["evidence/anchor.yaml"] = ANCHOR
    write_tree(tmp_path, tree)
    _, report = validate(tmp_path, today=TODAY)
    return report


def one(tmp_path: Path, text: str, name: str = "evidence/item.yaml") -> list[tuple[object, ...]]:
    return check(tmp_path, {name: text}).flatten("code", "file", "line", "column")


@pytest.mark.parametrize("text", [PE, SF, TM, ST])
def test_valid_items_have_no_problems(tmp_path: Path, text: str) -> None:
    assert check(tmp_path, {"evidence/item.yaml": text}).problems == ()


# Schema problems


def test_missing_field_at_the_items_first_line(tmp_path: Path) -> None:
    text = "# a comment first\n" + PE.replace("title: A policy\n", "")
    assert one(tmp_path, text) == [("schema-missing", "evidence/item.yaml", 2, 1)]


def test_missing_nested_field_at_its_mappings_first_line(tmp_path: Path) -> None:
    text = PE.replace(
        "  title: Doc\n  publisher: Dept\n  published", "  publisher: Dept\n  published"
    )
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "file", "line", "column", "message") == [
        ("schema-missing", "evidence/item.yaml", 12, 3, "`document.title` is required")
    ]


def test_missing_kind(tmp_path: Path) -> None:
    assert one(tmp_path, PE.replace("kind: policy_extract\n", "")) == [
        ("schema-missing", "evidence/item.yaml", 1, 1)
    ]


def test_without_a_kind_the_fields_every_kind_has_are_still_checked(tmp_path: Path) -> None:
    """One run reports every problem: a missing kind does not hide a bad id or a missing
    title, and the kind's own fields are not called unknown."""
    text = PE.replace("kind: policy_extract\n", "").replace("id: PE-001", "id: pe-1")
    text = text.replace("title: A policy\n", "")
    report = check(tmp_path, {"evidence/item.yaml": text})
    found = report.flatten("code", "line", "message")
    assert ("schema-missing", 1, "`kind` is required") in found
    assert ("schema-missing", 1, "`title` is required") in found
    assert [line for code, line, message in found if "`id`" in message] == [1]
    assert len(found) == 3, found


def test_unknown_kind_suggests_the_nearest(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": PE.replace("policy_extract", "policy_extrakt")})
    assert report.flatten("code", "line", "column", "hint") == [
        ("schema-value", 2, 7, "did you mean `policy_extract`?")
    ]


def test_unknown_field_with_did_you_mean(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": ST.replace("geography:", "geograhpy:")})
    unknown = [p for p in report.problems if p.code == "schema-unknown-field"]
    assert [(p.file, p.line, p.column, p.hint) for p in unknown] == [
        ("evidence/item.yaml", 12, 1, "did you mean `geography`?")
    ]
    assert report.flatten("code", "line") == [("schema-missing", 1), ("schema-unknown-field", 12)]


def test_unknown_nested_field(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        {"evidence/item.yaml": PE.replace("  publisher: Dept\n  acc", "  publsher: Dept\n  acc")},
    )
    assert ("schema-unknown-field", 9, 3, "did you mean `publisher`?") in report.flatten(
        "code", "line", "column", "hint"
    )


def test_wrong_type(tmp_path: Path) -> None:
    assert one(tmp_path, PE.replace("title: A policy", "title: [a, b]")) == [
        ("schema-type", "evidence/item.yaml", 3, 8)
    ]


def test_empty_value_is_reported_at_its_key(tmp_path: Path) -> None:
    assert one(tmp_path, PE.replace("title: A policy", "title:")) == [
        ("schema-type", "evidence/item.yaml", 3, 1)
    ]


@pytest.mark.parametrize(
    ("before", "after", "line", "column"),
    [
        ("id: PE-001", "id: 123", 1, 5),
        ("  reference: Section 1", "  reference: 12", 15, 14),
        ("extract: Words.", "extract: 1.5", 16, 10),
    ],
)
def test_unquoted_number_where_text_is_expected(
    tmp_path: Path, before: str, after: str, line: int, column: int
) -> None:
    report = check(tmp_path, {"evidence/item.yaml": PE.replace(before, after)})
    assert report.flatten("code", "file", "line", "column") == [
        ("schema-type", "evidence/item.yaml", line, column)
    ]
    assert "quote it" in (report.problems[0].hint or "")


def test_unquoted_sha256_is_a_type_error_at_its_line(tmp_path: Path) -> None:
    text = PE + "exhibits:\n  - file: exhibits/a.pdf\n    description: A report\n    sha256: 123\n"
    report = check(tmp_path, {"evidence/item.yaml": text, "evidence/exhibits/a.pdf": make_pdf(1)})
    assert report.flatten("code", "file", "line", "column") == [
        ("schema-type", "evidence/item.yaml", 20, 13)
    ]
    assert "exhibits[0].sha256" in report.problems[0].message


@pytest.mark.parametrize(
    ("before", "after", "line", "column"),
    [
        ('date: "2024"', "date: 2024-02-30", 4, 7),  # not a day of the calendar
        ('date: "2024"', "date: 2024-13", 4, 7),
        ('date: "2024"', "date: 24/06/2024", 4, 7),
        ("accessed: 2024-07-01", "accessed: 2024-07", 10, 13),  # must be a full date
        ("accessed: 2024-07-01", "accessed: 2024-7-1", 10, 13),
        ("accessed: 2024-07-01", "accessed: 2024-07-01 10:00:00", 10, 13),
    ],
)
def test_bad_date(tmp_path: Path, before: str, after: str, line: int, column: int) -> None:
    assert one(tmp_path, PE.replace(before, after)) == [
        ("schema-value", "evidence/item.yaml", line, column)
    ]


def test_dates_quoted_or_not_are_accepted(tmp_path: Path) -> None:
    text = PE.replace("accessed: 2024-07-01", 'accessed: "2024-07-01"').replace(
        'date: "2024"', "date: 2024-02-29"
    )
    assert check(tmp_path, {"evidence/item.yaml": text}).problems == ()


def test_bad_id_pattern(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": PE.replace("id: PE-001", "id: pe-1")})
    assert report.flatten("code", "file", "line", "column") == [
        ("schema-value", "evidence/item.yaml", 1, 5)
    ]
    assert "SF-001" in (report.problems[0].hint or "")


def test_a_title_too_long_for_its_line(tmp_path: Path) -> None:
    """A one-line field holds at most 500 characters: more would not fit an index row."""
    ok = check(
        tmp_path / "ok",
        {"evidence/item.yaml": PE.replace("title: A policy", "title: " + "T" * 500)},
    )
    assert ok.problems == ()
    report = check(
        tmp_path / "long",
        {"evidence/item.yaml": PE.replace("title: A policy", "title: " + "T" * 501)},
    )
    assert report.flatten("code", "line", "column", "message") == [
        ("schema-value", 3, 8, "`title` is 501 characters long: at most 500 fit its line")
    ]


def test_bad_enum(tmp_path: Path) -> None:
    assert one(tmp_path, PE + "audience: secret\n") == [
        ("schema-value", "evidence/item.yaml", 17, 11)
    ]


def test_source_needs_author_or_publisher(tmp_path: Path) -> None:
    assert one(tmp_path, PE.replace("  publisher: Dept\n  accessed", "  accessed")) == [
        ("schema-value", "evidence/item.yaml", 8, 3)
    ]


def test_statistic_needs_period_or_as_of(tmp_path: Path) -> None:
    text = ST.replace("as_of: 2024-03", "as_of: 2024-03\nperiod: {start: 2023-04, end: 2024-03}")
    assert one(tmp_path, text) == [("schema-value", "evidence/item.yaml", 12, 1)]


def test_submission_schema_problem(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION.replace("submitted_by:", "submited_by:"),
            "evidence/anchor.yaml": ANCHOR,
        },
    )
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "file", "line", "hint") == [
        (
            "schema-missing",
            "evidence/submission.yaml",
            1,
            "The coalition or person submitting; the PDF's author, e.g. `The Example Coalition`",
        ),
        ("schema-unknown-field", "evidence/submission.yaml", 3, "did you mean `submitted_by`?"),
    ]


# References


def test_duplicate_ids_reported_at_every_occurrence(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        {"evidence/a/ST-001.yaml": ST, "evidence/b/ST-001.yaml": "# copy\n" + ST},
    )
    assert report.flatten("code", "file", "line", "column") == [
        ("id-duplicate", "evidence/a/ST-001.yaml", 1, 5),
        ("id-duplicate", "evidence/b/ST-001.yaml", 2, 5),
    ]
    for p in report.problems:
        assert "evidence/a/ST-001.yaml" in p.message or p.file == "evidence/a/ST-001.yaml"
        assert "evidence/b/ST-001.yaml" in p.message or p.file == "evidence/b/ST-001.yaml"


def test_many_copies_of_an_id_do_not_grow_the_report_with_their_square(tmp_path: Path) -> None:
    copies = {f"evidence/c{i:03d}.yaml": ST for i in range(300)}
    report = check(tmp_path, copies)
    assert [p.code for p in report.problems] == ["id-duplicate"] * 300
    first = report.problems[0]
    assert first.message == (
        "id `ST-001` is also used in evidence/c001.yaml, evidence/c002.yaml, "
        "evidence/c003.yaml and 296 other files"
    )
    assert max(len(p.message) for p in report.problems) < 200


def test_unknown_line_of_inquiry(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": ST.replace("[LOI-1]", "[LOI-1, LOI-9]")})
    assert report.flatten("code", "file", "line", "column", "hint") == [
        ("ref-unknown-loi", "evidence/item.yaml", 5, 27, "did you mean `LOI-1`?")
    ]


def test_unknown_related_item(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": ST + "related:\n  - PE-900\n  - XX-999\n"})
    assert report.flatten("code", "file", "line", "column") == [
        ("ref-unknown-item", "evidence/item.yaml", 16, 5)
    ]


def test_an_id_in_the_wrong_case_is_suggested_in_the_right_one(tmp_path: Path) -> None:
    files = {
        "evidence/pe.yaml": PE,
        "evidence/item.yaml": ST.replace("summary: ", "summary: See [@pe-001]. ", 1),
    }
    hints = [p.hint for p in check(tmp_path, files).problems if p.code == "ref-unknown-item"]
    assert hints == ["did you mean `@PE-001`?"]


def test_related_to_itself(tmp_path: Path) -> None:
    assert one(tmp_path, ST + "related: [ST-001]\n") == [("ref-self", "evidence/item.yaml", 14, 11)]


def test_an_id_listed_twice_is_warned_of_and_named_once(tmp_path: Path) -> None:
    """Stop 37 (red team h141): `lines_of_inquiry: [LOI-1, LOI-1]` was accepted in silence and
    the index said "LOI-1, LOI-1"; `related` twice printed the same "See also" line twice. The
    problems after a repeated id stay at their own place (review h144: with the list made
    shorter, `LOI-9` was reported at the second `LOI-1`)."""
    files = {
        "evidence/pe.yaml": PE,
        "evidence/item.yaml": ST.replace("[LOI-1]", "[LOI-1, LOI-1, LOI-9]")
        + "related: [PE-001, PE-001, ST-001]\n",
    }
    report = check(tmp_path, files)
    assert sorted((p.code, p.severity, p.line, p.column) for p in report.problems) == [
        ("ref-self", "error", 14, 27),
        ("ref-twice", "warning", 5, 27),
        ("ref-twice", "warning", 14, 19),
        ("ref-unknown-loi", "error", 5, 34),
    ]


def test_duplicate_line_of_inquiry_ids(tmp_path: Path) -> None:
    twice = SUBMISSION.replace(
        "tabs:", "  - id: LOI-1\n    title: Again\n    question: Again?\ntabs:"
    )
    write_tree(tmp_path, {"evidence/submission.yaml": twice, "evidence/anchor.yaml": ANCHOR})
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "file", "line", "column") == [
        ("loi-duplicate", "evidence/submission.yaml", 6, 9),
        ("loi-duplicate", "evidence/submission.yaml", 9, 9),
    ]


def test_line_of_inquiry_without_evidence_is_a_warning(tmp_path: Path) -> None:
    report = check(tmp_path, {}, anchor=False)
    assert report.flatten("code", "file", "line", "severity") == [
        ("loi-no-evidence", "evidence/submission.yaml", 6, "warning")
    ]
    assert report.valid()
    assert not report.valid(strict=True)


def test_a_kind_without_a_tab(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION.replace(
                "  - {tab: C, title: Statistics, kinds: [statistic]}\n", ""
            ),
            "evidence/anchor.yaml": ANCHOR,
            "evidence/item.yaml": ST,
        },
    )
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "file", "line") == [("kind-no-tab", "evidence/item.yaml", 2)]


# Exhibits


def exhibit(file: str, extra: str = "") -> str:
    return PE + f"exhibits:\n  - file: {file}\n    description: An exhibit\n{extra}"


def test_exhibit_missing(tmp_path: Path) -> None:
    assert one(tmp_path, exhibit("exhibits/missing.pdf")) == [
        ("exhibit-missing", "evidence/item.yaml", 18, 11)
    ]


@pytest.mark.parametrize(
    "file", ["../secret.pdf", "exhibits/../../secret.pdf", "/etc/passwd", "C:/x.pdf", "a\\\\b.pdf"]
)
def test_exhibit_outside_evidence(tmp_path: Path, file: str) -> None:
    (tmp_path / "secret.pdf").write_bytes(make_pdf(1))
    assert one(tmp_path, exhibit(f'"{file}"')) == [
        ("exhibit-outside", "evidence/item.yaml", 18, 11)
    ]


def test_exhibit_symlink_leading_out_of_evidence(tmp_path: Path) -> None:
    (tmp_path / "secret.pdf").write_bytes(make_pdf(1))
    (tmp_path / "evidence/exhibits").mkdir(parents=True)
    os.symlink(tmp_path / "secret.pdf", tmp_path / "evidence/exhibits/link.pdf")
    report = check(tmp_path, {"evidence/item.yaml": exhibit("exhibits/link.pdf")})
    assert report.flatten("code", "file", "line") == [("exhibit-outside", "evidence/item.yaml", 18)]
    assert "outside evidence/" in report.problems[0].message


def test_exhibit_symlink_inside_evidence_is_fine(tmp_path: Path) -> None:
    files = {
        "evidence/exhibits/real.pdf": make_pdf(1),
        "evidence/item.yaml": exhibit("exhibits/l.pdf"),
    }
    write_tree(tmp_path, files)
    os.symlink(tmp_path / "evidence/exhibits/real.pdf", tmp_path / "evidence/exhibits/l.pdf")
    assert check(tmp_path, {}).problems == ()


def test_exhibit_pdf_that_is_really_text(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        {
            "evidence/exhibits/fake.pdf": "just text\n",
            "evidence/item.yaml": exhibit("exhibits/fake.pdf"),
        },
    )
    assert report.flatten("code", "file", "line") == [("exhibit-type", "evidence/item.yaml", 18)]


def test_exhibit_png_named_pdf(tmp_path: Path) -> None:
    from conftest import make_png

    report = check(
        tmp_path,
        {"evidence/exhibits/x.pdf": make_png(), "evidence/item.yaml": exhibit("exhibits/x.pdf")},
    )
    assert report.flatten("code", "line") == [("exhibit-type", 18)]


def test_exhibit_sha256_mismatch_at_the_pin(tmp_path: Path) -> None:
    pdf = make_pdf(1)
    wrong = "0" * 64
    report = check(
        tmp_path,
        {
            "evidence/exhibits/a.pdf": pdf,
            "evidence/item.yaml": exhibit("exhibits/a.pdf", f"    sha256: '{wrong}'\n"),
        },
    )
    assert report.flatten("code", "file", "line", "column") == [
        ("exhibit-sha256", "evidence/item.yaml", 20, 13)
    ]
    assert hashlib.sha256(pdf).hexdigest() in (report.problems[0].hint or "")


def test_exhibit_sha256_match(tmp_path: Path) -> None:
    pdf = make_pdf(1)
    pin = f"    sha256: '{hashlib.sha256(pdf).hexdigest()}'\n"
    files = {"evidence/exhibits/a.pdf": pdf, "evidence/item.yaml": exhibit("exhibits/a.pdf", pin)}
    assert check(tmp_path, files).problems == ()


def test_exhibit_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "evidence/exhibits/dir.pdf").mkdir(parents=True)
    assert one(tmp_path, exhibit("exhibits/dir.pdf")) == [
        ("exhibit-not-file", "evidence/item.yaml", 18, 11)
    ]


# Values


def test_percent_over_100(tmp_path: Path) -> None:
    assert one(tmp_path, SF.replace("value: 60", "value: 100.5")) == [
        ("figure-percent-range", "evidence/item.yaml", 21, 29)
    ]


def test_a_negative_count_is_below_zero_not_over_its_base(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        {"evidence/item.yaml": SF.replace("value: 60, unit: percent", "value: -1, unit: count")},
    )
    assert report.flatten("code", "line", "column") == [("figure-count-base", 21, 29)]
    assert "below zero" in report.problems[0].message
    assert "exceeds" not in report.problems[0].message


def test_count_over_base(tmp_path: Path) -> None:
    assert one(tmp_path, SF.replace("value: 60, unit: percent", "value: 101, unit: count")) == [
        ("figure-count-base", "evidence/item.yaml", 21, 29)
    ]


def test_fieldwork_start_after_end(tmp_path: Path) -> None:
    assert one(tmp_path, SF.replace("start: 2024-04-01", "start: 2024-06-01")) == [
        ("date-fieldwork-order", "evidence/item.yaml", 17, 39)
    ]


@pytest.mark.parametrize(
    ("before", "after", "line", "column"),
    [
        ('date: "2024"', "date: 2025-06-02", 4, 7),
        ('date: "2024"', 'date: "2026"', 4, 7),
        ("accessed: 2024-07-01", "accessed: 2025-07-01", 10, 13),
        ('  published: "2024"', "  published: 2025-07", 14, 14),
    ],
)
def test_future_date(tmp_path: Path, before: str, after: str, line: int, column: int) -> None:
    assert one(tmp_path, PE.replace(before, after)) == [
        ("date-future", "evidence/item.yaml", line, column)
    ]


def test_today_is_not_the_future(tmp_path: Path) -> None:
    text = PE.replace('date: "2024"', "date: 2025-06-01").replace(
        "accessed: 2024-07-01", "accessed: 2025-06-01"
    )
    assert check(tmp_path, {"evidence/item.yaml": text}).problems == ()


LONDON_SUMMER = "2026-07-01T{}+00:00"  # London is UTC+1 in July


@pytest.mark.parametrize(
    ("utc", "local_hours", "latest"),
    [
        ("22:59:59", -7, "2026-07-01"),  # California and London on the 1st
        ("23:00:00", -7, "2026-07-02"),  # midnight in London: its date, ahead of California's
        ("23:00:00", 0, "2026-07-02"),  # CI in UTC: London's date
        ("12:00:00", 14, "2026-07-02"),  # Kiribati: the machine's own date
        ("09:59:59", 14, "2026-07-01"),
        ("12:00:00", 0, "2026-07-01"),  # tomorrow is the future, for a machine on UTC ...
        ("12:00:00", -7, "2026-07-01"),  # ... or anywhere west of London
    ],
)
def test_the_future_begins_after_the_machines_date_and_londons(
    utc: str, local_hours: int, latest: str
) -> None:
    import datetime as dt

    from inquiry.checks import reference_today

    now = dt.datetime.fromisoformat(LONDON_SUMMER.format(utc))
    local = dt.timezone(dt.timedelta(hours=local_hours))
    assert reference_today(now, local=local) == dt.date.fromisoformat(latest)
    # The same moment written in another zone is the same answer.
    assert reference_today(now.astimezone(dt.UTC), local=local) == reference_today(
        now.astimezone(dt.timezone(dt.timedelta(hours=5))), local=local
    )


def test_london_in_winter_is_utc() -> None:
    import datetime as dt

    from inquiry.checks import reference_today

    utc = dt.UTC
    now = dt.datetime(2026, 1, 15, 23, 30, tzinfo=utc)
    assert reference_today(now, local=dt.timezone(dt.timedelta(hours=-5))) == dt.date(2026, 1, 15)
    now = dt.datetime(2026, 1, 16, 0, 0, tzinfo=utc)
    assert reference_today(now, local=dt.timezone(dt.timedelta(hours=-5))) == dt.date(2026, 1, 16)


def test_a_time_zone_the_platform_cannot_apply_falls_back_to_london() -> None:
    """`TZ=XXX-24` (an offset of a whole day) made `astimezone()` raise: validate and build
    failed with exit 3. London's date stands."""
    import datetime as dt

    from inquiry.checks import reference_today

    class Broken(dt.tzinfo):
        def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(hours=24)

        def dst(self, when: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(0)

    now = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)
    assert reference_today(now, local=Broken()) == dt.date(2026, 7, 2)  # London is on BST


def test_the_machines_date_is_not_the_future_but_tomorrow_is(tmp_path: Path) -> None:
    """An author at UTC+14 enters the date it is for them; a machine in California refuses
    the day after London's."""
    import datetime as dt
    import os
    import subprocess
    import sys
    from zoneinfo import ZoneInfo

    def run(date: dt.date, zone: str) -> str:
        text = PE.replace('date: "2024"', f"date: {date.isoformat()}")
        write_tree(tmp_path, {"evidence/item.yaml": text, "evidence/submission.yaml": SUBMISSION})
        done = subprocess.run(
            [sys.executable, "-m", "inquiry", "validate", "--root", str(tmp_path)],
            capture_output=True,
            text=True,
            env={**os.environ, "TZ": zone},
            check=False,
        )
        return done.stdout

    kiribati = dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert "date-future" not in run(kiribati, "Pacific/Kiritimati")
    # A minute's margin: London's midnight must not pass while the child runs.
    london = (dt.datetime.now(ZoneInfo("Europe/London")) + dt.timedelta(minutes=1)).date()
    assert "date-future" in run(london + dt.timedelta(days=1), "America/Los_Angeles")


def test_a_partial_date_in_the_future_is_quoted_as_written(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": PE.replace('date: "2024"', 'date: "2026"')})
    assert [p.message for p in report.problems] == ["2026 is in the future"]


def test_future_submission_date(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION.replace("2025-01-15", "2026-01-15"),
            "evidence/anchor.yaml": ANCHOR,
        },
    )
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "file", "line", "column") == [
        ("date-future", "evidence/submission.yaml", 4, 7)
    ]


def test_accessed_before_published(tmp_path: Path) -> None:
    assert one(tmp_path, SF.replace("accessed: 2024-07-01", "accessed: 2024-05-31")) == [
        ("date-accessed-before-published", "evidence/item.yaml", 11, 13)
    ]


def test_accessed_within_the_published_month_is_fine(tmp_path: Path) -> None:
    text = SF.replace("accessed: 2024-07-01", "accessed: 2024-06-01")
    assert check(tmp_path, {"evidence/item.yaml": text}).problems == ()


@pytest.mark.parametrize("publication", ["panel_only", "none"])
def test_non_public_consent_needs_restricted_audience(tmp_path: Path, publication: str) -> None:
    text = TM.replace("publication: public", f"publication: {publication}")
    assert one(tmp_path, text) == [("consent-restricted", "evidence/item.yaml", 10, 16)]
    assert check(tmp_path, {"evidence/item.yaml": text + "audience: restricted\n"}).problems == ()


# Markdown


@pytest.mark.parametrize(
    ("markdown", "fmt", "at"),
    [
        ("Hello <b>bold</b>.", "html", "<b>"),
        ("A <span>span</span>.", "html", "<span>"),
        ("<div>block</div>", "html", "<div>"),
        ("<!-- a comment -->", "html", "<!--"),
        ("See \\input{x}.", "tex", "\\input"),
        ("\\newcommand{\\x}{y}", "tex", "\\newcommand"),
        ("`x`{=html}", "html", "x`"),
        ("`#text(red)[x]`{ =typst}", "typst", "#text"),  # pandoc allows space in the braces
        ("`#text(red)[x]`{\t=typst}", "typst", "#text"),
        # The same words in a code span first: the raw span is reported, not the code (stop 28).
        ("Write `\\foo` in code; raw: `\\foo`{=latex} end", "latex", "\\foo`{"),
        ("`<b>` and `<b>`{=html}", "html", "<b>`{"),
    ],
)
def test_raw_markup_in_the_summary(tmp_path: Path, markdown: str, fmt: str, at: str) -> None:
    """Reported on the raw markup itself, where a pull request's annotation belongs."""
    text = PE.replace("summary: A summary.", f"summary: '{markdown}'")
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "file", "line", "column") == [
        ("markdown-raw", "evidence/item.yaml", 6, 11 + markdown.index(at))
    ]
    assert f"raw {fmt}" in report.problems[0].message


RAW_TYPST = "|\n  Fine.\n\n  ```{=typst}\n  #text(red)[x]\n  ```\n"


def test_raw_typst_block_in_the_finding(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": SF.replace("Most said **no**.", RAW_TYPST)})
    assert report.flatten("code", "file", "line", "column") == [
        ("markdown-raw", "evidence/item.yaml", 23, 3)  # the raw block's own line
    ]
    assert "raw typst" in report.problems[0].message


def test_raw_typst_block_with_a_space_in_its_braces(tmp_path: Path) -> None:
    block = RAW_TYPST.replace("{=typst}", "{ =typst}")
    report = check(tmp_path, {"evidence/item.yaml": SF.replace("Most said **no**.", block)})
    assert report.flatten("code", "line") == [("markdown-raw", 23)]


def test_raw_output_that_reached_the_renderer_is_shown_as_code() -> None:
    """Validation refuses raw output; should any ever reach `rich.prepare`, no writer gets it."""
    from inquiry.redaction import NOTHING
    from inquiry.render.rich import prepare

    blocks = [
        {"t": "RawBlock", "c": ["typst", "#text(red)[block]"]},
        {"t": "Para", "c": [{"t": "RawInline", "c": ["html", "<b>x</b>"]}]},
    ]
    cleaned, _ = prepare(blocks, NOTHING)
    assert "Raw" not in str(cleaned)
    assert cleaned[0] == {"t": "CodeBlock", "c": [["", [], []], "#text(red)[block]"]}
    assert cleaned[1]["c"][0] == {"t": "Code", "c": [["", [], []], "<b>x</b>"]}


def test_raw_html_in_paragraph_n(tmp_path: Path) -> None:
    report = check(
        tmp_path, {"evidence/item.yaml": TM.replace("  - Second.", "  - Second <i>x</i>.")}
    )
    assert report.flatten("code", "file", "line", "column") == [
        ("markdown-raw", "evidence/item.yaml", 14, 12)
    ]


def test_raw_tex_in_the_commentary(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": PE + "commentary: See \\input{secret}\n"})
    assert report.flatten("code", "file", "line", "column") == [
        ("markdown-raw", "evidence/item.yaml", 17, 17)
    ]


def test_raw_typst_in_the_caveats(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": ST.replace("Provisional.", RAW_TYPST)})
    assert report.flatten("code", "file", "line", "column") == [
        ("markdown-raw", "evidence/item.yaml", 17, 3)
    ]


@pytest.mark.parametrize(
    "markdown",
    ["Use `\\input{x}` literally.", "A \\\\ backslash.", "Maths $x^2$ and a < b > c.", "**bold**"],
)
def test_plain_markdown_is_fine(tmp_path: Path, markdown: str) -> None:
    text = PE.replace("summary: A summary.", f"summary: '{markdown}'")
    assert check(tmp_path, {"evidence/item.yaml": text}).problems == ()


def test_every_markdown_problem_in_one_run(tmp_path: Path) -> None:
    report = check(
        tmp_path,
        {
            "evidence/a.yaml": PE.replace("summary: A summary.", "summary: <b>x</b>"),
            "evidence/b.yaml": TM.replace("TM-001", "TM-002").replace(
                "  - First.", "  - \\input{x}"
            ),
        },
    )
    assert report.flatten("code", "file", "line") == [
        ("markdown-raw", "evidence/a.yaml", 6),
        ("markdown-raw", "evidence/b.yaml", 13),
    ]


# The root


def test_root_without_submission_yaml(tmp_path: Path) -> None:
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "file", "line") == [
        ("submission-missing", "evidence/submission.yaml", 1)
    ]
    assert not report.valid()


def test_root_without_submission_but_with_items(tmp_path: Path) -> None:
    write_tree(tmp_path, {"evidence/item.yaml": PE})
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code") == [("submission-missing",)]
    assert report.items == 1


def test_kind_in_two_tabs_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "s"
    init(root)
    sub = root / "evidence/submission.yaml"
    text = sub.read_text(encoding="utf-8").replace(
        "{tab: D, title: Policy extracts, kinds: [policy_extract]}",
        "{tab: D, title: Policy extracts, kinds: [policy_extract, testimony]}",
    )
    sub.write_text(text, encoding="utf-8")
    _, report = validate(root)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "tab: D" in t)
    assert report.flatten("code", "file", "line") == [
        ("tab-kind-twice", "evidence/submission.yaml", line)
    ]


def test_no_evidence_warning_waits_until_every_item_loads(tmp_path: Path) -> None:
    root = tmp_path / "s"
    init(root)
    pe = root / "evidence/policy_extracts/PE-001.yaml"  # the only item bearing on LOI-2
    pe.write_text(pe.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    _, report = validate(root)
    codes = [code for (code,) in report.flatten("code")]
    assert "loi-no-evidence" not in codes
    assert "schema-unknown-field" in codes


@pytest.mark.parametrize(
    ("commentary", "line"),
    [
        ("See [this](javascript:alert(1)).", 18),
        ("See [this][x].\n\n  [x]: file:///etc/passwd", 20),  # where the target is written
        ("See <javascript:alert(1)>.", 18),
        ("A picture: ![secret](/etc/passwd)", 18),
    ],
)
def test_links_that_are_not_web_links_and_images_are_refused(
    tmp_path: Path, commentary: str, line: int
) -> None:
    report = check(tmp_path, {"evidence/item.yaml": PE + f"commentary: |\n  {commentary}\n"})
    assert report.flatten("code", "file", "line") == [("markdown-link", "evidence/item.yaml", line)]


def test_web_and_mail_links_are_allowed(tmp_path: Path) -> None:
    body = "See [the report](https://example.org/r) or [write](mailto:a@example.org)."
    report = check(tmp_path, {"evidence/item.yaml": PE + f"commentary: {body}\n"})
    assert report.problems == ()
