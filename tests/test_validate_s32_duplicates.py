"""A line-of-inquiry id or a tab letter written twice is reported at every occurrence, each
naming the lines of the others, as an item id written twice is (SPEC: "a duplicate is reported
at every occurrence"); before stop 32 only the second was reported."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree
from test_rules import ANCHOR, SUBMISSION, TODAY

from inquiry.validate import validate


def test_a_line_of_inquiry_id_twice_is_reported_at_both(tmp_path: Path) -> None:
    twice = SUBMISSION.replace(
        "tabs:", "  - id: LOI-1\n    title: Again\n    question: Again?\ntabs:"
    )
    write_tree(tmp_path, {"evidence/submission.yaml": twice, "evidence/anchor.yaml": ANCHOR})
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "line", "column", "message") == [
        ("loi-duplicate", 6, 9, "line of inquiry `LOI-1` is also defined on line 9"),
        ("loi-duplicate", 9, 9, "line of inquiry `LOI-1` is also defined on line 6"),
    ]


def test_a_tab_letter_three_times_is_reported_at_each(tmp_path: Path) -> None:
    thrice = SUBMISSION.replace("{tab: C,", "{tab: A,").replace("{tab: D,", "{tab: A,")
    write_tree(tmp_path, {"evidence/submission.yaml": thrice, "evidence/anchor.yaml": ANCHOR})
    _, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "line", "message") == [
        ("tab-duplicate", 10, "tab `A` is also defined on lines 12, 13"),
        ("tab-duplicate", 12, "tab `A` is also defined on lines 10, 13"),
        ("tab-duplicate", 13, "tab `A` is also defined on lines 10, 12"),
    ]


def test_many_copies_name_a_few_lines_then_how_many_more(tmp_path: Path) -> None:
    extra = "".join(f"  - {{tab: B, title: T{n}, kinds: [k{n}]}}\n" for n in range(5))
    write_tree(
        tmp_path,
        {"evidence/submission.yaml": SUBMISSION + extra, "evidence/anchor.yaml": ANCHOR},
    )
    _, report = validate(tmp_path, today=TODAY)
    messages = [p.message for p in report.problems if p.code == "tab-duplicate"]
    assert len(messages) == 6
    assert messages[0] == "tab `B` is also defined on lines 14, 15, 16 and 2 other lines"
