"""A public `diff` redacts with the lists of the repository holding each file, wherever it is
run from (red team h142: run from outside the repository, an old served record's title that
names someone redacted since was printed whole), and a bundle field whose before and after
read the same once redacted is said to have changed in redacted text only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_diff import A1, item, manifest, write

from inquiry.cli_served import diff as diff_command


def _repo(root: Path, *names: str) -> Path:
    """A submission whose one item redacts `names`."""
    (root / "evidence" / "testimonies").mkdir(parents=True)
    (root / "evidence" / "submission.yaml").write_text("title: T\n", encoding="utf-8")
    listed = "".join(f"  - {name}\n" for name in names)
    (root / "evidence" / "testimonies" / "TM-003.yaml").write_text(
        f"id: TM-003\nkind: testimony\nredact:\n{listed}", encoding="utf-8"
    )
    return root


def _titled(path: Path, title: str, **bundle: Any) -> Path:
    named = manifest(A1, item("TM-003", "B3", 5, 6, title=title))
    named["bundle"].update(bundle)
    return write(path, named)


def test_run_from_elsewhere_the_files_repository_redacts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path / "sub", "Xanthe Removy")
    (root / "served").mkdir()
    (root / "build").mkdir()
    old = _titled(root / "served" / "public.json", "Account by Xanthe Removy")
    new = write(root / "build" / "manifest.json", manifest(A1))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for fmt in ("text", "markdown"):
        done = CliRunner().invoke(diff_command, [str(old), str(new), "--format", fmt])
        assert done.exit_code == 1, done.output
        assert "TM-003" in done.output and "Removy" not in done.output
        assert "no submission repository" not in done.output


def test_files_of_two_repositories_are_redacted_with_both_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _repo(tmp_path / "one", "Xanthe Removy")
    two = _repo(tmp_path / "two", "Yorick Quill")
    old = _titled(one / "old.json", "Account by Xanthe Removy, not Yorick Quill")
    added = item("TM-004", "B4", 5, 6, title="Account by Yorick Quill, not Xanthe Removy")
    new = write(two / "new.json", manifest(A1, added))
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(diff_command, [str(old), str(new)])
    assert done.exit_code == 1, done.output
    assert "TM-003" in done.output and "TM-004" in done.output
    assert "Removy" not in done.output and "Quill" not in done.output


def test_the_current_folders_lists_apply_to_two_older_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review h144: two older builds, each in a copy of the repository made before the name was
    redacted, diffed from today's repository: today's list applies (it had been dropped)."""
    v1, v2 = _repo(tmp_path / "v1"), _repo(tmp_path / "v2")
    today = _repo(tmp_path / "today", "Xanthe Removy")
    old = _titled(v1 / "manifest.json", "Account")
    new = _titled(v2 / "manifest.json", "Account by Xanthe Removy")
    monkeypatch.chdir(today)
    done = CliRunner().invoke(diff_command, [str(old), str(new), "--format", "markdown"])
    assert done.exit_code == 1, done.output
    assert "TM-003" in done.output and "Removy" not in done.output


def test_no_repository_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _titled(tmp_path / "old.json", "Account by Xanthe Removy")
    new = write(tmp_path / "new.json", manifest(A1))
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(diff_command, [str(old), str(new)])
    assert done.exit_code == 1, done.output
    assert "no submission repository holds these files" in done.stderr


def test_a_field_that_reads_the_same_once_redacted(tmp_path: Path) -> None:
    """Tab D retitled from one redacted name to another: both read `About [REDACTED]`. The
    difference is still a difference (exit 1) but is not shown as `'…' → '…'` of the same
    words with nothing said."""
    root = _repo(tmp_path / "sub", "Xanthe Removy", "Yorick Quill")
    old = write(tmp_path / "old.json", manifest(A1))
    new_m = json.loads(old.read_text(encoding="utf-8"))
    old_m = json.loads(old.read_text(encoding="utf-8"))
    old_m["bundle"]["tabs"] = {"A": "Findings", "D": "About Xanthe Removy"}
    new_m["bundle"]["tabs"] = {"A": "Survey findings", "D": "About Yorick Quill"}
    write(old, old_m)
    new = write(tmp_path / "new.json", new_m)
    for fmt in ("text", "markdown"):
        done = CliRunner().invoke(
            diff_command, [str(old), str(new), "--root", str(root), "--format", fmt]
        )
        assert done.exit_code == 1, done.output
        assert "Removy" not in done.output and "Quill" not in done.output
        lines = [line for line in done.output.splitlines() if "About" in line]
        assert len(lines) == 1 and "changed in redacted text only" in lines[0], done.output
        assert "Survey findings" in done.output  # a change that reads differently: as before
        assert "tab A (changed" not in done.output
