"""The command line, pinned where users and CI scripts read it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from conftest import write_tree
from ruamel.yaml import YAML
from test_rules import ANCHOR, PE, SUBMISSION

from inquiry.cli import main
from inquiry.model import KINDS


def run(*args: str) -> Result:
    return CliRunner().invoke(
        main, [str(a) for a in args], prog_name="inquiry", catch_exceptions=False
    )


@pytest.fixture
def invalid(tmp_path: Path) -> Path:
    """One error, and one warning (LOI-2 has no evidence)."""
    return write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION.replace(
                "tabs:", "  - id: LOI-2\n    title: Other\n    question: Q?\ntabs:"
            ),
            "evidence/anchor.yaml": ANCHOR,
            "evidence/item.yaml": PE.replace(
                "  accessed: 2024-07-01", "  published: 2025-01\n  accessed: 2024-07-01"
            ),
        },
    )


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    """Valid, with one warning: LOI-2 has no evidence."""
    return write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION.replace(
                "tabs:", "  - id: LOI-2\n    title: Other\n    question: Q?\ntabs:"
            ),
            "evidence/anchor.yaml": ANCHOR,
        },
    )


def test_validate_text(invalid: Path) -> None:
    result = run("validate", "--root", invalid)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "evidence/item.yaml:11:13: error[date-accessed-before-published]"
        " accessed 2024-07-01 is before published 2025-01",
        "    hint: a source is read after it is published: check both dates",
        "evidence/submission.yaml:9:9: warning[loi-no-evidence]"
        " no evidence item bears on line of inquiry `LOI-2`",
        "    hint: add an item, or drop the line of inquiry",
        "2 item(s) checked: 1 error(s), 1 warning(s) — invalid",
    ]
    assert result.output.endswith("\n")


def test_validate_text_with_a_hint(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/anchor.yaml": ANCHOR.replace("[LOI-1]", "[LOI-1, LOI-2]"),
        },
    )
    result = run("validate", "--root", tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "evidence/anchor.yaml:5:27: error[ref-unknown-loi] unknown line of inquiry `LOI-2`",
        "    hint: did you mean `LOI-1`?",
        "1 item(s) checked: 1 error(s), 0 warning(s) — invalid",
    ]


def test_validate_json(invalid: Path) -> None:
    result = run("validate", "--root", invalid, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert set(payload) == {"valid", "items", "problems"}
    assert payload["valid"] is False
    assert payload["items"] == 2
    shape = ("file", "line", "column", "severity", "code", "message")
    assert [tuple(p[k] for k in shape) for p in payload["problems"]] == [
        (
            "evidence/item.yaml",
            11,
            13,
            "error",
            "date-accessed-before-published",
            "accessed 2024-07-01 is before published 2025-01",
        ),
        (
            "evidence/submission.yaml",
            9,
            9,
            "warning",
            "loi-no-evidence",
            "no evidence item bears on line of inquiry `LOI-2`",
        ),
    ]
    for problem in payload["problems"]:
        assert isinstance(problem["line"], int) and problem["line"] >= 1
        assert isinstance(problem["column"], int) and problem["column"] >= 1
        assert set(problem) == set(shape), "exactly SPEC's keys"


def test_validate_text_cannot_be_forged_by_a_key_with_line_breaks(tmp_path: Path) -> None:
    """A hostile key holding a line break cannot print a line that passes for the verdict."""
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/item.yaml": PE
            + '"x\\n1 item(s) checked: 0 error(s), 0 warning(s) — valid": 1\n',
        },
    )
    result = run("validate", "--root", tmp_path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert sum(1 for line in lines if "item(s) checked" in line) == 2
    assert lines[-1].endswith("— invalid")
    forged = [line for line in lines[:-1] if "item(s) checked" in line]
    assert all(line.startswith((" ", "evidence/")) for line in forged), forged


def test_validate_json_valid(warned: Path) -> None:
    result = run("validate", "--root", warned, "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["valid"] is True
    assert [p["code"] for p in payload["problems"]] == ["loi-no-evidence"]


def test_validate_github(invalid: Path) -> None:
    result = run("validate", "--root", invalid, "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "::error file=evidence/item.yaml,line=11,col=13,title=date-accessed-before-published::"
        "accessed 2024-07-01 is before published 2025-01"
        " (hint: a source is read after it is published: check both dates)",
        "::warning file=evidence/submission.yaml,line=9,col=9,title=loi-no-evidence::"
        "no evidence item bears on line of inquiry `LOI-2` (hint: add an item, or drop the line"
        " of inquiry)",
    ]


def test_validate_github_escapes_newlines(tmp_path: Path) -> None:
    write_tree(tmp_path, {"evidence/submission.yaml": "a: 1\n---\nb: 2\n"})
    result = run("validate", "--root", tmp_path, "--format", "github")
    assert result.exit_code == 1
    for line in result.output.splitlines():
        assert line.startswith("::error file=evidence/submission.yaml,line=")


def test_validate_exit_0_when_valid(warned: Path) -> None:
    result = run("validate", "--root", warned)
    assert result.exit_code == 0
    assert result.output.endswith("1 item(s) checked: 0 error(s), 1 warning(s) — valid\n")


def test_strict_turns_a_warning_into_exit_1(warned: Path) -> None:
    result = run("validate", "--root", warned, "--strict")
    assert result.exit_code == 1
    assert result.output.endswith("— invalid\n")
    github = run("validate", "--root", warned, "--strict", "--format", "github")
    assert github.exit_code == 1
    assert github.output.startswith("::error file=evidence/submission.yaml,line=9,col=9,")
    assert (
        json.loads(run("validate", "--root", warned, "--strict", "--format", "json").output)[
            "valid"
        ]
        is False
    )


def test_nonexistent_root_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", "--root", tmp_path / "nope")
    assert result.exit_code == 2
    assert "nope" in result.output


def test_root_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert run("validate", "--root", tmp_path / "file").exit_code == 2


def test_root_without_submission_is_invalid_not_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", "--root", tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "evidence/submission.yaml:1:1: error[submission-missing]"
        " evidence/submission.yaml is missing"
    )
    payload = json.loads(run("validate", "--root", tmp_path, "--format", "json").output)
    assert [p["code"] for p in payload["problems"]] == ["submission-missing"]


def test_unknown_format_is_a_usage_error(warned: Path) -> None:
    assert run("validate", "--root", warned, "--format", "xml").exit_code == 2


def test_validate_defaults_to_the_current_directory(
    warned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(warned)
    assert run("validate").exit_code == 0


# schema


def test_schema_check_stale_then_fresh(tmp_path: Path) -> None:
    stale = run("schema", "--root", tmp_path, "--check")
    assert stale.exit_code == 1
    assert "stale: schemas/submission.schema.json" in stale.output
    written = run("schema", "--root", tmp_path)
    assert written.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(
        [f"{k}.schema.json" for k in ("submission", *KINDS)]
    )
    assert run("schema", "--root", tmp_path, "--check").exit_code == 0
    (tmp_path / "schemas/testimony.schema.json").write_text("{}\n")
    again = run("schema", "--root", tmp_path, "--check")
    assert again.exit_code == 1
    assert "stale: schemas/testimony.schema.json" in again.output


def test_the_repositorys_own_schemas_are_fresh() -> None:
    root = Path(__file__).resolve().parent.parent
    assert run("schema", "--root", root, "--check").exit_code == 0


# new and init

FILL: dict[str, dict[str, Any]] = {
    "common": {
        "title": "A filled-in item",
        "date": "2024-05",
        "lines_of_inquiry": ["LOI-1"],
        "summary": "A summary.",
        "source": {
            "title": "A source",
            "publisher": "A publisher",
            "url": "https://example.org/source",
            "published": "2024-05",
            "accessed": "2024-06-01",
        },
        "status": "final",
    },
    "survey_finding": {
        "survey": {
            "name": "A survey",
            "conducted_by": "A coalition",
            "sample_size": 50,
            "population": "Staff",
            "fieldwork": {"start": "2024-03-01", "end": "2024-03-31"},
            "method": "Online",
        },
        "question": "What happened?",
        "finding": "Most said *yes*.",
        "figures": [{"label": "Said yes", "value": 40, "unit": "count", "base": 50}],
    },
    "testimony": {
        "witness": {"reference": "W-09", "role": "Therapist"},
        "consent": {"publication": "public", "basis": "Written consent"},
        "paragraphs": ["My words."],
        "statement_of_truth": True,
    },
    "statistic": {
        "measure": "Referrals",
        "value": 12.5,
        "unit": "percent",
        "period": {"start": "2023-04", "end": "2024-03"},
        "geography": "England",
        "caveats": "Provisional.",
    },
    "policy_extract": {
        "document": {
            "title": "A policy",
            "publisher": "A department",
            "published": "2024",
            "reference": "Section 2",
        },
        "extract": "The words.",
        "commentary": "Why they matter.",
    },
}


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_the_next_id_and_validates_once_filled(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "repo"
    assert run("init", root).exit_code == 0
    result = run("new", kind, "--root", root)
    assert result.exit_code == 0
    prefix = {"survey_finding": "SF", "testimony": "TM", "statistic": "ST", "policy_extract": "PE"}
    path = next((root / "evidence").rglob(f"{prefix[kind]}-002.yaml"))
    assert f"wrote {path}" in result.output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    )
    assert f"id: {prefix[kind]}-002\nkind: {kind}\n" in text
    # As written, it is a draft with every field still to fill: work in progress, so its
    # problems are warnings, and errors once drafts are included.
    draft = run("validate", "--root", root)
    assert draft.exit_code == 0 and " 0 error(s)" in draft.output, draft.output
    assert run("validate", "--root", root, "--include-drafts").exit_code == 1

    yaml = YAML()  # round trip: keeps the comments a person would see
    data = yaml.load(text)
    for key, value in {**FILL["common"], **FILL[kind]}.items():
        data[key] = value
    for key in [k for k, v in data.items() if v is None]:
        del data[key]  # the optional fields left empty
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    result = run("validate", "--root", root, "--strict")
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s) — valid" in result.output


def test_new_in_a_root_that_is_not_a_submission_is_refused(tmp_path: Path) -> None:
    result = run("new", "statistic", "--root", tmp_path)
    assert result.exit_code == 2
    assert "is not a submission repository" in result.output
    assert "run `inquiry init DIR`" in result.output
    assert list(tmp_path.iterdir()) == []


def test_new_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    assert run("new", "memo", "--root", tmp_path).exit_code == 2


def test_init_gives_a_repository_that_validates(tmp_path: Path) -> None:
    result = run("init", tmp_path / "repo")
    assert result.exit_code == 0
    assert result.output.startswith("wrote ")
    check = run("validate", "--root", tmp_path / "repo", "--strict", "--format", "json")
    assert check.exit_code == 0
    assert json.loads(check.output) == {"valid": True, "items": 4, "problems": []}
    assert run("schema", "--root", tmp_path / "repo", "--check").exit_code == 0


def test_init_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "keep").mkdir()
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep"]


# help


def _commands() -> list[list[str]]:
    assert isinstance(main, click.Group)
    return [[], *([name] for name in main.commands)]


@pytest.mark.parametrize("args", _commands(), ids=lambda a: " ".join(a) or "inquiry")
def test_every_command_has_help(args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("Usage: inquiry")
    description = next(line for line in lines[1:] if line.strip())
    assert not description.lstrip().startswith("Options:"), result.output
    assert len(description.strip()) > 20


@pytest.mark.parametrize("args", _commands()[1:], ids=lambda a: " ".join(a))
def test_every_command_teaches_by_example(args: list[str]) -> None:
    result = run(*args, "--help")
    assert f"inquiry {args[0]} " in result.output.split("Options:")[0], result.output


def test_every_command_and_option_is_documented() -> None:
    assert isinstance(main, click.Group)
    assert main.help
    for name, command in main.commands.items():
        assert command.help, name
        assert command.get_short_help_str(), name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.name}"


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    from inquiry.about import version

    assert version() in result.output


def test_importing_the_cli_stays_light() -> None:
    heavy = ["pikepdf", "docx", "pypandoc", "typst"]
    code = f"import sys, inquiry.cli\nprint([m for m in {heavy!r} if m in sys.modules])\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_help_stays_light() -> None:
    heavy = ["pikepdf", "docx", "pypandoc", "typst"]
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from inquiry.cli import main\n"
        "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
        f"print([m for m in {heavy!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_validate_prints_valid_utf8_whatever_the_names_hold(tmp_path: Path) -> None:
    """A file name that is not UTF-8 (git carries bytes) and text with a lone surrogate escape
    or a control character: every format still prints valid UTF-8, escapes and all."""
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/anchor.yaml": ANCHOR,
            "evidence/item.yaml": PE.replace("title: A policy", 'title: "A \\ud800 \\x1b[2J"'),
        },
    )
    (tmp_path / "evidence").joinpath(
        b"\xff\x1b[31m.yaml".decode("utf-8", "surrogateescape")
    ).write_text("just text\n", encoding="utf-8")
    for fmt in ("text", "json", "github"):
        done = subprocess.run(
            [sys.executable, "-m", "inquiry", "validate", "--root", str(tmp_path), "--format", fmt],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        out = done.stdout.decode("utf-8")  # raises if not UTF-8
        assert "\x1b" not in out
        assert "text-character" in out and "\\udcff" in out.replace("\\\\", "\\")
        if fmt == "json":
            json.loads(out)


@pytest.mark.parametrize("value", ["abc", "", "1e9", "-5", "99999999999999"])
def test_a_bad_source_date_epoch_is_a_usage_error(
    sample: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run("build", "--root", str(sample), "--format", "pdf", "--quiet")
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH" in result.output and "Traceback" not in result.output
    assert not (sample / "build").exists()


def test_validate_github_writes_the_whole_report_to_the_job_summary(
    tmp_path: Path, invalid: Path
) -> None:
    """GitHub shows ten error annotations a step: with more, the rest were lost. The whole
    report goes to the job summary; the annotations on stdout stay as they were."""
    summary = tmp_path / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["validate", "--root", str(invalid), "--format", "github"],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    assert all(line.startswith("::") for line in result.output.splitlines())
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("before\n### inquiry validate: ")
    assert "evidence/item.yaml:11:13: error[date-accessed-before-published]" in written
    assert "1 error(s), 1 warning(s) — invalid" in written
