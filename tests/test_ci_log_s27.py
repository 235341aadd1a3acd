"""What a pull request can do to the CI that checks it (stop 27's red team): print a line the
runner takes as a workflow command (`::stop-commands::`, a forged `::error`), hide build-only
warnings behind `--quiet`, or list so many redacted strings that making their matcher takes
minutes and gigabytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.problems import Problem, inert, make_report, render_text
from inquiry.redaction import Entry, Matcher
from inquiry.scaffold import init

REPO = Path(__file__).resolve().parents[1]
COMMAND = re.compile(r"^\s*::|##\[", re.MULTILINE)
"""What GitHub's runner reads as a workflow command in a line of a log."""


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "text",
    [
        "::error file=README.md,line=1::forged",
        "  \t::stop-commands::token",
        "a\n    ::add-mask::x",
        "x ##[error]forged",
        "\u2003::warning::em space first",
    ],
)
def test_inert_leaves_no_workflow_command(text: str) -> None:
    assert COMMAND.search(text)
    assert not COMMAND.search(inert(text))


def test_inert_leaves_ordinary_text_alone() -> None:
    text = "evidence/a.yaml:3:1: error[x] the time is 10:30 (see: here) # a note"
    assert inert(text) == text


def test_the_text_report_prints_no_workflow_command() -> None:
    problem = Problem(
        "::warning file=x::evidence/a.yaml",
        1,
        1,
        "exhibit-limit",
        "exhibit `exhibits/scan\n::error file=README.md,line=1,title=Looks fine::forged\n"
        "::stop-commands::x.pdf` crashed ##[group]",
        hint="\n::add-mask::secret",
    )
    out = render_text(make_report([problem], items=1))
    assert not COMMAND.search(out), out
    assert "forged" in out and "stop-commands" in out  # said, not obeyed


def test_an_exhibit_path_with_a_line_break_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    name = "scan\n::error file=README.md::forged.pdf"
    (root / "evidence/exhibits" / name).write_bytes(b"%PDF-1.4\n")
    item = root / "evidence/survey_findings/SF-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        + 'exhibits:\n  - {file: "exhibits/scan\\n::error file=README.md::forged.pdf", '
        "description: A scan}\n",
        encoding="utf-8",
    )
    for fmt in ("text", "github"):
        code, out = run("validate", "--root", root, "--format", fmt)
        assert code == 1, out
        assert "exhibit-path-control" in out
        if fmt == "text":
            assert not COMMAND.search(out), out
        else:  # one workflow command per problem, each on one line
            assert all(line.startswith(("::error ", "::warning ")) for line in out.splitlines())


@pytest.mark.parametrize(
    "workflow", [".github/workflows/evidence.yml", "inquiry/data/init/evidence.yml"]
)
def test_the_ci_build_prints_its_warnings(workflow: str) -> None:
    """`build --quiet` printed nothing of the warnings only a build can give."""
    text = (REPO / workflow).read_text(encoding="utf-8")
    builds = [line for line in text.splitlines() if "inquiry build" in line]
    assert builds and not any("--quiet" in line or " -q" in line for line in builds)


def item_with(n: int, strings: list[str]) -> str:
    return redacting_testimony(n, "".join(f"  - {s}\n" for s in strings))


def redacting_testimony(n: int, listed: str) -> str:
    """A public testimony TM-`n` whose `redact` list is the YAML lines `listed`."""
    return f"""id: TM-{n:03d}
kind: testimony
title: A statement
date: 2025-03-02
lines_of_inquiry: [LOI-1]
summary: A statement.
source: {{title: Forum post, author: W-02, accessed: 2025-03-03}}
witness: {{reference: W-02, role: Service user}}
consent: {{publication: public, basis: Published by the author on a public forum}}
paragraphs:
  - It happened.
statement_of_truth: true
redact:
{listed}"""


def test_a_redact_list_and_a_redacted_string_are_bounded(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    folder = root / "evidence/testimonies"
    (folder / "TM-002.yaml").write_text(
        item_with(2, [f"Name{k:04d} Surname" for k in range(201)]), encoding="utf-8"
    )
    (folder / "TM-003.yaml").write_text(item_with(3, ["Word " * 50]), encoding="utf-8")
    code, out = run("validate", "--root", root)
    assert code == 1, out
    assert re.search(r"TM-002\.yaml:\d+:\d+: error\[schema-\w+\] .*201", out), out
    assert re.search(r"TM-003\.yaml:\d+:\d+: error\[schema-\w+\]", out), out


def test_more_redacted_strings_than_a_bundle_can_be_searched_for(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    folder = root / "evidence/testimonies"
    for n in range(2, 13):  # 11 items of 200: 2,200 strings
        strings = [f"Given{n:02d}x{k:03d} Family" for k in range(200)]
        (folder / f"TM-{n:03d}.yaml").write_text(item_with(n, strings), encoding="utf-8")
    code, out = run("validate", "--root", root)
    assert code == 1, out
    assert out.count("error[redact-too-many]") == 1, out
    assert "Given" not in out  # and the log names none of them


def test_the_same_entries_make_one_matcher() -> None:
    entries = [Entry("Jane Placeholder", "PI"), Entry("St Elsewhere")]
    assert Matcher.of(entries) is Matcher.of(tuple(entries))
    assert Matcher.of([("Jane Placeholder", "PI")]) is not Matcher.of(entries)
