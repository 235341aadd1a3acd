"""Stop 46, red team h187: the cover's commit. An editor's backup git ignores (`TM-001.yaml~`)
made the cover say the bundle held changes not committed; `GIT_DIR` left set by a hook put
another repository's commit on it; and when git could not read the repository (no git, or a
checkout owned by another user, as in a container's CI) the commit left the cover silently."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from inquiry.repo_files import NOT_COMMITTED, commit_unknown, git_commit

GIT = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=m"]


def _repo(path: Path) -> str:
    (path / "evidence/testimonies").mkdir(parents=True)
    (path / "evidence/testimonies/TM-001.yaml").write_text("id: TM-001\n", encoding="utf-8")
    subprocess.run([*GIT, "init", "-q", str(path)], check=True)
    subprocess.run([*GIT, "-C", str(path), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(path), "commit", "-q", "-m", "x"], check=True)
    head = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    )
    return head.stdout.strip()


@pytest.mark.parametrize(
    "name", ["TM-001.yaml~", "#TM-001.yaml#", "Thumbs.db", ".DS_Store", "~$letter.docx"]
)
@pytest.mark.parametrize("ignored", [False, True], ids=["untracked", "ignored"])
def test_an_editors_or_a_systems_file_is_not_a_change(
    tmp_path: Path, name: str, ignored: bool
) -> None:
    head = _repo(tmp_path)
    if ignored:
        (tmp_path / ".git/info/exclude").write_text(name.replace("#", "\\#") + "\n")
    (tmp_path / "evidence/testimonies" / name).write_text("id: TM-001\n", encoding="utf-8")
    assert git_commit(tmp_path) == head


def test_an_item_not_committed_is_still_a_change(tmp_path: Path) -> None:
    head = _repo(tmp_path)
    (tmp_path / "evidence/testimonies/TM-002.yaml").write_text("id: TM-002\n", encoding="utf-8")
    assert git_commit(tmp_path) == head + NOT_COMMITTED


def test_git_dir_left_set_names_no_other_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own, other = tmp_path / "own", tmp_path / "other"
    head = _repo(own)
    _repo(other)
    (other / "evidence/testimonies/TM-009.yaml").write_text("id: TM-009\n", encoding="utf-8")
    subprocess.run([*GIT, "-C", str(other), "commit", "-q", "--allow-empty", "-m", "y"], check=True)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git/index"))
    assert git_commit(own) == head


def test_a_repository_git_cannot_read_is_warned_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path)
    assert commit_unknown(tmp_path) is None
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))  # no git
    problem = commit_unknown(tmp_path)
    assert problem is not None and problem.code == "commit-unknown"
    assert problem.file == ".git" and problem.severity == "warning"
    assert "safe.directory" in (problem.hint or "")


def test_no_git_at_all_is_no_warning(tmp_path: Path) -> None:
    assert commit_unknown(tmp_path) is None


def test_a_repository_with_no_commit_yet_is_warned_of(tmp_path: Path) -> None:
    subprocess.run([*GIT, "init", "-q", str(tmp_path)], check=True)
    problem = commit_unknown(tmp_path)
    assert problem is not None and problem.code == "commit-unknown"
