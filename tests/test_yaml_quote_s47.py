"""Stop 47, red team h194: `title: "Unclosed quote` in a new item gave five errors: the right one
and four at lines the author never touched (the template's comments holding `"`), each "expected
<block end>, but found '<scalar>'": YAML read the quote on to the next `"`, and each reading
around the fault paired the next two. The quote left open is found where it was opened, the rest
of the file is read, and a multi-line quoted value that closes is still read as YAML reads it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def _problems(root: Path) -> list[dict[str, object]]:
    done = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    found: list[dict[str, object]] = json.loads(done.output)["problems"]
    return found


def test_a_quote_left_open_is_one_problem_where_it_was_opened(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    done = CliRunner().invoke(main, ["new", "policy_extract", "--root", str(root)])
    assert done.exit_code == 0, done.output
    [path] = (root / "evidence/policy_extracts").glob("PE-002.yaml")
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = 'title: "Unclosed quote'
    assert any('"' in line for line in lines[at + 1 :]), "the template quotes below it"
    path.write_text("\n".join(lines), encoding="utf-8")
    syntax = [p for p in _problems(root) if p["code"] == "yaml-syntax"]
    assert [(p["line"], p["column"]) for p in syntax] == [(at + 1, 8)], syntax
    assert "not closed on its line" in str(syntax[0]["message"])
    assert "block end" not in str(syntax[0]["message"])


def test_a_quoted_value_over_two_lines_that_closes_is_read(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    [item] = (root / "evidence/policy_extracts").glob("*.yaml")
    text = item.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = 'title: "A title written'
    lines.insert(at + 1, '  over two lines"')
    item.write_text("\n".join(lines), encoding="utf-8")
    assert [p for p in _problems(root) if p["severity"] == "error"] == []


def test_hints_for_what_a_person_pasted_or_copied(tmp_path: Path) -> None:
    """Red team h194: a paragraph in typographic quotes holding `: ` was told to "put the
    paragraph in quotes", which the author believed they had; an item copied to TM-002.yaml
    without its id changed was told to rename the file TM-001.yaml, the original's name."""
    root = tmp_path / "repo"
    init(root)
    [item] = (root / "evidence/testimonies").glob("*.yaml")
    text = item.read_text(encoding="utf-8")
    assert "  - The second paragraph.\n" in text
    text = text.replace("  - The second paragraph.\n", "  - “My manager said: ”hit the target”.”\n")
    item.write_text(text, encoding="utf-8")
    copy = item.with_name("TM-002.yaml")
    copy.write_text(text, encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", "--root", str(root)])
    said = done.output.split("\n")
    pasted = [n for n, line in enumerate(said) if "`paragraphs[1]` must be text" in line]
    assert pasted and all("straight quotes" in said[n + 1] for n in pasted), done.output
    named = [n for n, line in enumerate(said) if "[id-file-name]" in line]
    assert named and all("set `id: TM-002`" in said[n + 1] for n in named), done.output
