"""Each problem of a kind that can occur many times in one field is reported at its own place:
every raw tag and every line separator, not only the first (an editor fixes them one by one
from the pull request's annotations)."""

from __future__ import annotations

from pathlib import Path

from test_rules import PE, check


def _mine(report: object, code: str) -> list[tuple[int, int, str]]:
    return [
        (p.line, p.column, p.message)
        for p in report.problems  # type: ignore[attr-defined]
        if p.file == "evidence/item.yaml" and p.code == code
    ]


def test_every_raw_tag_at_its_place(tmp_path: Path) -> None:
    summary = "|\n  One <b>bold</b> and <i>it</i>.\n  Two \\textbf{x} here.\n  Stray </div> end."
    report = check(tmp_path, {"evidence/item.yaml": PE.replace("A summary.", summary)})
    got = _mine(report, "markdown-raw")
    # `</b>` and `</i>` close tags already reported; `</div>` closes nothing and is its own.
    assert [(line, column) for line, column, _ in got] == [(7, 7), (7, 23), (8, 7), (9, 9)], got
    assert "`<b>`" in got[0][2] and "raw tex" in got[2][2] and "`</div>`" in got[3][2]


def test_many_raw_tags_are_counted(tmp_path: Path) -> None:
    summary = "|\n" + "".join(f"  Line <span>{i}</span>.\n" for i in range(25))
    report = check(tmp_path, {"evidence/item.yaml": PE.replace("A summary.", summary)})
    got = _mine(report, "markdown-raw")
    assert len(got) == 20
    assert [line for line, _, _ in got] == list(range(7, 27))
    assert "5 more" in got[-1][2]


def test_line_separators_at_their_place(tmp_path: Path) -> None:
    """U+2028 is a line break to YAML inside quotes and block scalars and not in plain values:
    refused where it stands, and the lines after it still numbered as an editor numbers them."""
    text = PE.replace("A summary.", "A\u2028summary.").replace(
        "title: A policy", 'title: "A\u2029policy"'
    )
    text += "notes: |\n  one\u2028two\n"
    report = check(tmp_path, {"evidence/item.yaml": text + "bogus: 1\n"})
    got = _mine(report, "text-character")
    n = PE.count("\n")
    assert [(line, column) for line, column, _ in got] == [(3, 10), (6, 11), (n + 2, 6)], got
    assert "line separator" in got[0][2] or "paragraph separator" in got[0][2]
    unknown = [(p.code, p.line) for p in report.problems if p.file == "evidence/item.yaml"]
    assert ("schema-unknown-field", n + 3) in unknown, unknown


def test_an_escaped_line_separator_is_refused_in_a_value(tmp_path: Path) -> None:
    text = PE.replace("title: A policy", 'title: "A\\u2028policy"')
    report = check(tmp_path, {"evidence/item.yaml": text})
    got = _mine(report, "text-character")
    assert [(line, column) for line, column, _ in got] == [(3, 10)], got  # at the escape
    assert "U+2028" in got[0][2]


def test_a_raw_tag_is_found_past_the_same_tag_in_a_code_span(tmp_path: Path) -> None:
    """Red-team stop 25: `<b>` written in a code span first, then raw, was reported inside the
    code span; a stray second `</i>` was reported at the first, which closes `<i>`."""
    summary = "'Use `<b>` for bold. Then <b>bold</b> and <i>x</i></i> end.'"
    report = check(tmp_path, {"evidence/item.yaml": PE.replace("A summary.", summary)})
    got = [(column, message.split("`")[1]) for _, column, message in _mine(report, "markdown-raw")]
    start = 10  # `summary: ` then the quote
    assert got == [
        (start + summary.index("<b>bold"), "<b>"),
        (start + summary.index("<i>"), "<i>"),
        (start + summary.index("</i></i>") + 4, "</i>"),
    ], got
