"""Stop 38, red team h147: two first-day mistakes were reported where YAML gave up, a line
late, in a parser's words, with a field said to be missing that is there: `title:A view` (no
space after the colon; YAML reads the line as text) and a line indented with non-breaking
spaces (text pasted from a web page or Word). Each is now said at its own line, by its cause,
and the rest of the file is still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init
from inquiry.yamlcauses import likely_cause


def _problems(root: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    assert result.exit_code == 1, result.output
    problems: list[dict[str, object]] = json.loads(result.output)["problems"]
    return problems


def _edit(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    item.write_text(text, encoding="utf-8")
    line = next(k for k, s in enumerate(text.splitlines(), 1) if s.startswith(new.split("\n")[0]))
    return root, line


def test_no_space_after_a_colon(tmp_path: Path) -> None:
    root, line = _edit(tmp_path, "title: ", "title:")
    problems = _problems(root)
    assert [(p["code"], p["line"], p["column"]) for p in problems] == [("yaml-syntax", line, 7)]
    assert "`title:` has no space after its colon" in str(problems[0]["message"])
    text = CliRunner().invoke(main, ["validate", "--root", str(root)]).output
    assert "hint: write a space after the colon: `title: …`" in text


def test_a_list_indented_with_non_breaking_spaces(tmp_path: Path) -> None:
    root, line = _edit(tmp_path, "  - The second paragraph.", "\u00a0\u00a0- The second paragraph.")
    problems = _problems(root)
    assert [(p["code"], p["line"], p["column"]) for p in problems] == [("yaml-syntax", line, 1)]
    assert "non-breaking" in str(problems[0]["message"])


def test_the_rest_of_the_file_is_still_checked(tmp_path: Path) -> None:
    root, line = _edit(tmp_path, "title: ", "title:")
    item = root / "evidence/testimonies/TM-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("date: 2025-05", "date: 2025-13"),
        encoding="utf-8",
    )
    codes = [(p["code"], p["line"]) for p in _problems(root)]
    assert ("yaml-syntax", line) in codes
    assert any(code == "schema-value" for code, _ in codes), codes  # the month 13
    assert not any(code == "schema-missing" for code, _ in codes), codes  # title is there


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["url: https://example.org/a:b", "x y"], "could not find expected ':'"),
        (["summary: Time:10am", "date: 2025"], "something else"),
    ],
)
def test_no_cause_is_made_up(lines: list[str], reason: str) -> None:
    assert likely_cause(lines, 2, reason) is None


def test_text_inside_a_block_scalar_is_not_blamed(tmp_path: Path) -> None:
    """Red team h151: `Ref:ABC-123` and a non-breaking space inside `summary: >-` are the
    author's text; the fault two lines below (a value holding `: `) is the one to report."""
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.startswith("summary:"))
    block = "summary: >-\n  The summary.\n  \u00a0Indented text.\n  Ref:ABC-123"
    text = text.replace(summary, block).replace("\n  title: ", "\n  title: Blog: ", 1)
    item.write_text(text, encoding="utf-8")
    problems = _problems(root)
    assert [p["code"] for p in problems] == ["yaml-syntax"], problems
    fault = next(k for k, s in enumerate(text.splitlines(), 1) if "title: Blog: " in s)
    assert problems[0]["line"] == fault, problems
    assert "no space after its colon" not in str(problems[0]["message"])
    assert "non-breaking" not in str(problems[0]["message"])
