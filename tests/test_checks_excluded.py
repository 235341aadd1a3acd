"""`ref-left-out`: `validate` warns, where the reference is written, of a reference the build
will refuse (`ref-excluded-item`), so that a check which only validates catches it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from conftest import write_tree

from inquiry.cli import main
from inquiry.problems import Report
from inquiry.validate import validate

SUBMISSION = """\
title: A submission
inquiry: An inquiry
submitted_by: A coalition
date: 2025-01-15
lines_of_inquiry:
  - {id: LOI-1, title: Targets, question: How have targets shaped practice?}
tabs:
  - {tab: D, title: Policy extracts, kinds: [policy_extract]}
"""

PE = """\
id: {id}
kind: policy_extract
title: Policy {id}
date: "2024"
lines_of_inquiry: [LOI-1]
summary: {summary}
source: {{title: Doc, publisher: Dept, accessed: 2024-07-01}}
document: {{title: Doc, publisher: Dept, published: "2024", reference: Section 1}}
extract: Words.
audience: {audience}
status: {status}
{extra}"""


def item(
    id: str,
    *,
    summary: str = "A summary.",
    audience: str = "public",
    status: str = "final",
    extra: str = "",
) -> str:
    return PE.format(id=id, summary=summary, audience=audience, status=status, extra=extra)


def check(tmp_path: Path, citing: str, cited: str) -> Report:
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/PE-001.yaml": citing,
            "evidence/PE-002.yaml": cited,
        },
    )
    _, report = validate(tmp_path, today=dt.date(2025, 6, 1), probe_exhibits=False)
    return report


def left_out(report: Report) -> list[tuple[object, ...]]:
    found = [p for p in report.problems if p.code == "ref-left-out"]
    return [(p.file, p.line, p.column, p.severity) for p in found]


CITES = "As the panel heard [@PE-002, p. 1]."


def test_a_public_item_citing_a_restricted_one(tmp_path: Path) -> None:
    report = check(tmp_path, item("PE-001", summary=CITES), item("PE-002", audience="restricted"))
    assert left_out(report) == [("evidence/PE-001.yaml", 6, 30, "warning")]
    (problem,) = [p for p in report.problems if p.code == "ref-left-out"]
    assert problem.message == (
        "`@PE-002` is restricted, so the public bundle leaves it out and the public build"
        " refuses this item"
    )
    assert problem.hint == "cite it only in restricted items, or make the cited item public"
    assert report.valid() and not report.valid(strict=True)


def test_a_final_item_citing_a_draft(tmp_path: Path) -> None:
    report = check(tmp_path, item("PE-001", summary=CITES), item("PE-002", status="draft"))
    assert left_out(report) == [("evidence/PE-001.yaml", 6, 30, "warning")]
    assert "is a draft" in report.problems[0].message


def test_a_restricted_item_citing_a_draft_is_refused_by_the_restricted_build_too(
    tmp_path: Path,
) -> None:
    citing = item("PE-001", summary=CITES, audience="restricted")
    report = check(tmp_path, citing, item("PE-002", status="draft"))
    assert left_out(report) == [("evidence/PE-001.yaml", 6, 30, "warning")]


def test_references_every_build_can_resolve_are_fine(tmp_path: Path) -> None:
    pairs = [
        (
            item("PE-001", summary=CITES, audience="restricted"),
            item("PE-002", audience="restricted"),
        ),
        (item("PE-001", summary=CITES, status="draft"), item("PE-002", audience="restricted")),
        (item("PE-001", summary=CITES, status="draft"), item("PE-002", status="draft")),
        (item("PE-001", summary=CITES), item("PE-002")),
    ]
    for n, (citing, cited) in enumerate(pairs):
        root = tmp_path / str(n)
        assert left_out(check(root, citing, cited)) == [], n


def test_each_reference_on_its_own_line(tmp_path: Path) -> None:
    summary = "|\n  First line.\n  Then @PE-002 and\n  again [@PE-002]."
    report = check(tmp_path, item("PE-001", summary=summary), item("PE-002", audience="restricted"))
    assert left_out(report) == [
        ("evidence/PE-001.yaml", 8, 8, "warning"),
        ("evidence/PE-001.yaml", 9, 10, "warning"),
    ]


def test_a_related_id_naming_a_left_out_item_is_not_warned(tmp_path: Path) -> None:
    """The build leaves such a line out of the item's related evidence (`render/view.py`
    `_related`), saying nothing of the other item: nothing leaks and nothing is refused."""
    citing = item("PE-001", extra="related: [PE-002]\n")
    report = check(tmp_path, citing, item("PE-002", audience="restricted"))
    assert report.problems == ()


def test_validate_reports_it_in_json_and_exits_0(tmp_path: Path) -> None:
    check(tmp_path, item("PE-001", summary=CITES), item("PE-002", audience="restricted"))
    args = ["validate", "--root", str(tmp_path), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    problems = json.loads(result.output)["problems"]
    assert [(p["code"], p["line"], p["column"]) for p in problems] == [("ref-left-out", 6, 30)]
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1
