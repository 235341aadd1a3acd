"""Stop 33's red team (h110): a pull request of 1.5 million problems (1,000 broken paragraphs in
each of 300 files) took 8 minutes and 3 GB and printed 290 MB of log and a 260 MB job summary;
a 9,000-character URL passed validate and failed the build; item files named `TM-105`,
`TM-107.json` and `TM-106.yaml~`, and a git submodule under evidence/, were skipped in silence;
a UTF-32 file was said to be UTF-16."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import make_pdf, write_tree
from test_rules import PE, TM, check

import inquiry.validate as validate_module
from inquiry.checks import common
from inquiry.problems import (
    NOT_SHOWN,
    SHOWN_PER_CODE,
    SUMMARY_BYTES,
    Problem,
    make_report,
    render_summary,
)


def _raw_paragraphs(n: int, ident: str = "TM-001") -> str:
    """A testimony whose `n` paragraphs each hold a raw HTML tag (`markdown-raw`)."""
    head = TM.split("paragraphs:\n")[0].replace("TM-001", ident)
    body = "".join(f"  - <b>x</b> paragraph {i}\n" for i in range(n))
    return f"{head}paragraphs:\n{body}statement_of_truth: true\n"


def test_a_file_shows_the_first_problems_of_a_code_and_counts_the_rest(tmp_path: Path) -> None:
    files = {
        "evidence/tm.yaml": _raw_paragraphs(SHOWN_PER_CODE + 50),
        "evidence/tm2.yaml": _raw_paragraphs(SHOWN_PER_CODE, "TM-002"),  # all shown
    }
    report = check(tmp_path, files)
    raw = [p for p in report.problems if p.code == "markdown-raw" and p.file == "evidence/tm.yaml"]
    assert len(raw) == SHOWN_PER_CODE
    assert [p.line for p in raw] == sorted(p.line for p in raw)  # the first ones, in order
    (note,) = [p for p in report.problems if p.code == NOT_SHOWN]
    assert (note.file, note.line, note.column, note.severity) == ("evidence/tm.yaml", 1, 1, "error")
    assert "50 more problem(s) in this file are not shown: 50 `markdown-raw`" in note.message
    assert [p.file for p in report.problems].count("evidence/tm2.yaml") == SHOWN_PER_CODE
    assert not report.valid()


def test_a_problem_not_shown_is_not_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding the line a problem is written on read the whole file for each problem: 1.5
    million times in the red team's pull request. One not shown is not looked for."""
    looked: list[int] = []
    real = common._written_at

    def counting(*args: object, **kwargs: object) -> object:
        looked.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(common, "_written_at", counting)
    check(tmp_path, {"evidence/tm.yaml": _raw_paragraphs(3 * SHOWN_PER_CODE)})
    assert len(looked) <= 2 * SHOWN_PER_CODE, len(looked)


def test_a_draft_files_problems_not_shown_are_a_warning(tmp_path: Path) -> None:
    text = _raw_paragraphs(SHOWN_PER_CODE + 5).replace("title:", "status: draft\ntitle:", 1)
    report = check(tmp_path, {"evidence/tm.yaml": text})
    (note,) = [p for p in report.problems if p.code == NOT_SHOWN]
    assert note.severity == "warning"


def test_a_run_shows_at_most_so_many_problems_and_says_how_many_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_module, "SHOWN_IN_ALL", 30)
    files = {f"evidence/tm{k}.yaml": _raw_paragraphs(20, f"TM-00{k}") for k in range(1, 4)}
    report = check(tmp_path, files)
    assert len(report.problems) == 31
    first = report.problems[0]
    assert (first.file, first.code, first.severity) == ("evidence", NOT_SHOWN, "error")
    assert first.message.startswith("30 more problem(s) (30 error(s), 0 warning(s))")
    assert "each `problems-not-shown` says how many more" in render_summary(report)


def test_the_job_summary_stays_under_githubs_limit() -> None:
    long = "x" * 2_000
    problems = [Problem(f"evidence/f{i:04d}.yaml", 1, 1, "c", long) for i in range(2_000)]
    summary = render_summary(make_report(problems, items=1))
    assert len(summary.encode("utf-8")) < 1_048_576
    assert len(summary.encode("utf-8")) > SUMMARY_BYTES - 5_000  # cut at a line
    assert "more line(s) are in the step's log" in summary
    assert summary.rstrip("`\n").endswith("— invalid")


def test_a_url_longer_than_2000_characters_is_refused_at_its_line(tmp_path: Path) -> None:
    url = "https://example.org/" + "a" * 9_000
    text = PE.replace("  accessed: 2024-07-01\n", f"  url: {url}\n  accessed: 2024-07-01\n")
    report = check(tmp_path, {"evidence/pe.yaml": text})
    assert report.flatten("code", "line", "column") == [("schema-value", 10, 8)]
    assert "9,020 characters long: at most 2000" in report.problems[0].message
    fits = PE.replace("  accessed:", "  url: https://example.org/" + "a" * 1_900 + "\n  accessed:")
    assert check(tmp_path / "ok", {"evidence/pe.yaml": fits}).problems == ()


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("TM-105", "only files whose names end in `.yaml` or `.yml`"),
        ("TM-107.json", "only files whose names end in `.yaml` or `.yml`"),
        ("TM-106.yaml~", "(or ending in `~`) is an editor's file"),
    ],
)
def test_an_item_file_not_read_is_named(tmp_path: Path, name: str, said: str) -> None:
    files: dict[str, str | bytes] = {
        f"evidence/testimonies/{name}": TM.replace("TM-001", "TM-105"),
        # Not named: exhibits (one with no extension), and files that hold no item.
        "evidence/exhibits/TM-105": make_pdf(1),
        "evidence/exhibits/data.json": '{"rows": []}',
        "evidence/README": "Notes on the evidence.\n",
        "evidence/testimonies/TM-200.pdf": make_pdf(1),
    }
    report = check(tmp_path, files)
    (p,) = report.problems
    assert (p.code, p.file, p.severity) == (
        "file-not-read",
        f"evidence/testimonies/{name}",
        "warning",
    )
    assert said in p.message


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_a_submodule_checked_out_under_evidence_is_named(tmp_path: Path) -> None:
    files = {"evidence/shared/TM-002.yaml": TM.replace("TM-001", "TM-002")}
    files["evidence/shared/.git"] = "gitdir: ../../.git/modules/shared\n"
    report = check(tmp_path, files)
    found = [p for p in report.problems if p.code == "file-not-read"]
    assert [(p.file, p.severity) for p in found] == [("evidence/shared", "warning")]
    assert "is a git submodule" in found[0].message


def test_a_submodule_not_checked_out_is_named(tmp_path: Path) -> None:
    """A clone without `--recurse-submodules`, as CI makes: an empty folder git records as a
    gitlink (mode 160000)."""
    write_tree(tmp_path, {"evidence/x.txt": "x"})
    _git(tmp_path, "init", "-q")
    commit = "1" * 40
    _git(tmp_path, "update-index", "--add", "--cacheinfo", f"160000,{commit},evidence/shared")
    (tmp_path / "evidence" / "shared").mkdir()
    report = check(tmp_path, {})
    found = [p for p in report.problems if p.code == "file-not-read"]
    assert [p.file for p in found] == ["evidence/shared"]


@pytest.mark.parametrize(
    "encoding", ["utf-32", "utf-32-le", "utf-32-be"], ids=["bom", "little", "big"]
)
def test_a_utf32_file_is_said_to_be_utf32(tmp_path: Path, encoding: str) -> None:
    report = check(tmp_path, {"evidence/tm.yaml": TM.encode(encoding)})
    assert report.flatten("code", "message") == [("yaml-encoding", "the file is UTF-32, not UTF-8")]
