"""Red-team findings of stop 26 on validation: references to items whose file could not be read,
files under evidence/ that are not items, raw HTML that pandoc drops, and the places problems
are reported at."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from test_rules import ST, TM, check

CITING = ST.replace("summary: A summary.", "summary: See [@TM-001].") + "related: [TM-001]\n"


def test_an_item_whose_file_cannot_be_read_is_not_an_unknown_item(tmp_path: Path) -> None:
    files = {"evidence/TM-001.yaml": TM + "broken: [\n", "evidence/item.yaml": CITING}
    report = check(tmp_path, files)
    assert report.flatten("code", "file") == [("yaml-syntax", "evidence/TM-001.yaml")]


def test_an_unreadable_files_id_is_read_from_its_id_line(tmp_path: Path) -> None:
    files = {"evidence/broken.yaml": TM + "broken: [\n", "evidence/item.yaml": CITING}
    assert check(tmp_path, files).flatten("code") == [("yaml-syntax",)]


def test_an_id_no_file_holds_is_still_unknown(tmp_path: Path) -> None:
    files = {
        "evidence/broken.yaml": TM.replace("TM-001", "TM-002") + "broken: [\n",
        "evidence/item.yaml": CITING,
    }
    assert check(tmp_path, files).flatten("code", "file") == [
        ("yaml-syntax", "evidence/broken.yaml"),
        ("ref-unknown-item", "evidence/item.yaml"),
        ("ref-unknown-item", "evidence/item.yaml"),
    ]


# Files under evidence/ that are not items


WORKFLOW = "name: x\non: push\njobs: {}\n"


def test_a_dotted_folder_is_named_and_not_read(tmp_path: Path) -> None:
    files = {
        "evidence/nested/.github/workflows/x.yml": WORKFLOW,
        "evidence/.obsidian/app.json": "{}",  # no YAML in it: nothing to say
    }
    report = check(tmp_path, files)
    assert report.flatten("code", "file", "severity") == [
        ("file-not-read", "evidence/nested/.github", "warning")
    ]
    assert "`.github/` is not read" in report.problems[0].message


def test_a_misnamed_submission_file_is_not_read_as_an_item(tmp_path: Path) -> None:
    from test_rules import ANCHOR, SUBMISSION

    from inquiry.validate import validate

    write_tree(tmp_path, {"evidence/submission.yml": SUBMISSION, "evidence/anchor.yaml": ANCHOR})
    _, report = validate(tmp_path)
    assert report.flatten("code", "file", "hint") == [
        (
            "submission-missing",
            "evidence/submission.yaml",
            "rename `evidence/submission.yml` to `evidence/submission.yaml`",
        )
    ]


def test_a_second_submission_file_is_named_not_read(tmp_path: Path) -> None:
    from test_rules import SUBMISSION

    report = check(tmp_path, {"evidence/Submission.yml": SUBMISSION})
    assert report.flatten("code", "file", "severity") == [
        ("file-not-read", "evidence/Submission.yml", "warning")
    ]


# Raw HTML pandoc drops


def _caveats(tmp_path: Path, value: str) -> list[tuple[object, ...]]:
    text = ST.replace("caveats: Provisional.", f"caveats: {value}")
    return check(tmp_path, {"evidence/item.yaml": text}).flatten("code", "line", "column")


def test_a_cdata_section_is_refused_at_its_place(tmp_path: Path) -> None:
    assert _caveats(tmp_path, '"Code <![CDATA[<pre>pre words</pre>]]> ends."') == [
        ("markdown-raw", 13, 16)
    ]
    assert _caveats(tmp_path, "Words <![cdata[said]]> and `<![CDATA[x]]>` <![CDATA[y]]>.") == [
        ("markdown-raw", 13, 16),
        ("markdown-raw", 13, 53),
    ]


def test_a_cdata_section_in_a_code_span_is_text(tmp_path: Path) -> None:
    assert _caveats(tmp_path, "Write `<![CDATA[<pre>x</pre>]]>` as it is.") == []


def test_what_else_raw_html_swallows_is_refused_or_shown(tmp_path: Path) -> None:
    """Processing instructions and comments are raw (refused); a declaration is text."""
    assert _caveats(tmp_path, '"A <?php echo 1 ?> B <!-- c --> D <!DOCTYPE html> E."') == [
        ("markdown-raw", 13, 13),
        ("markdown-raw", 13, 31),
    ]


# Positions


def _codes_at(tmp_path: Path, text: str) -> list[tuple[object, ...]]:
    report = check(tmp_path, {"evidence/item.yaml": text})
    return report.flatten("code", "line", "column")


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    report = check(tmp_path, {"evidence/item.yaml": TM.replace("title: A", 'title: "A')})
    assert report.flatten("code", "line", "column") == [("yaml-syntax", 3, 8)]
    assert "not closed before the file ends (line 16)" in report.problems[0].message


def test_an_unclosed_flow_mapping_is_reported_where_it_opens(tmp_path: Path) -> None:
    assert _codes_at(tmp_path, TM + "extra: {a: 1,\n  b: 2\n") == [("yaml-syntax", 16, 8)]


def test_an_override_written_as_an_escape_is_reported_at_the_escape(tmp_path: Path) -> None:
    text = ST.replace("title: A statistic", 'title: "A \\u202Estatistic"').replace(
        "summary: A summary.", "summary: A &#x202e; summary."
    )
    assert _codes_at(tmp_path, text) == [
        ("text-bidi-override", 3, 11),
        ("text-bidi-override", 6, 12),
    ]


def test_an_override_in_submission_yaml_is_reported_at_its_escape(tmp_path: Path) -> None:
    from test_rules import ANCHOR, SUBMISSION

    from inquiry.validate import validate

    sub = SUBMISSION.replace("title: A submission", 'title: "A \\U0000202Dsubmission"')
    write_tree(tmp_path, {"evidence/submission.yaml": sub, "evidence/anchor.yaml": ANCHOR})
    _, report = validate(tmp_path)
    assert report.flatten("code", "line", "column") == [("text-bidi-override", 1, 11)]


@pytest.mark.parametrize(
    ("witness", "line", "column"),
    [
        ("witness: {reference: W-01, role: !!python/object:os.system Therapist}", 8, 34),
        ("witness:\n  reference: W-01\n  role: !!python/object:os.system Therapist", 10, 9),
    ],
)
def test_a_refused_value_is_not_echoed_at_its_key(
    tmp_path: Path, witness: str, line: int, column: int
) -> None:
    text = TM.replace("witness: {reference: W-01, role: Therapist}", witness)
    assert _codes_at(tmp_path, text) == [("yaml-unsafe-tag", line, column)]


def test_a_link_written_otherwise_than_it_reads_is_reported_at_its_target(
    tmp_path: Path,
) -> None:
    text = ST.replace(
        "caveats: Provisional.",
        "caveats: |\n  First.\n  Then [a](java&#x73;cript:alert(1)) and\n"
        "  ![b](fil%65:///etc/passwd) <file:///x>.",
    )
    assert _codes_at(tmp_path, text) == [
        ("markdown-link", 15, 12),
        ("markdown-link", 16, 8),
        ("markdown-link", 16, 31),
    ]


def test_a_refused_character_written_as_an_escape_is_reported_at_the_escape(
    tmp_path: Path,
) -> None:
    """`"A \\ufdd0statistic"`: the character YAML decodes from the escape is refused where the
    escape is written, not at the quote that opens the value."""
    text = ST.replace("title: A statistic", 'title: "A \\ufdd0statistic"')
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line", "column") == [("text-character", 3, 11)]


def test_a_refused_link_whose_target_holds_angle_brackets_is_reported_at_its_target(
    tmp_path: Path,
) -> None:
    """`[d](data:text/html,<script>…)` was reported at the field's first line (red team h191):
    pandoc reads `<` and `>` inside a target, and so does the search for where it is written;
    `](<target>)` too."""
    text = ST.replace(
        "caveats: Provisional.",
        "caveats: |\n  First.\n  Then [d](data:text/html,<script>alert(1)</script>) and\n"
        "  [e](<file:///etc/passwd>).",
    )
    assert _codes_at(tmp_path, text) == [
        ("markdown-link", 15, 12),
        ("markdown-link", 16, 8),
    ]
