"""Stop 37 (red team h140): a served record deleted by mistake, or put back to an older version
(`git checkout <old> -- served/`, a merge settled on the older side), was used as found: the
next build numbered the bundle afresh (or from the older edition), giving served numbers and
pages out again, and `serve` dropped the later editions from the history. When HEAD holds the
record, the work tree's must hold HEAD's latest edition: otherwise validate, build and serve
refuse (`served-record`), until it is restored or its deletion committed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_served_loi import run

from inquiry.scaffold import init


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=T", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_a_record_behind_the_last_commit_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "evidence")
    record = root / "served/public.json"
    for step in ("first", "second"):
        if step == "second":
            text = (root / "evidence/survey_findings/SF-001.yaml").read_text(encoding="utf-8")
            (root / "evidence/survey_findings/SF-002.yaml").write_text(
                text.replace("SF-001", "SF-002"), encoding="utf-8"
            )
        for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
            code, out = run(*args)
            assert code == 0, out
        git(root, "add", "-A")
        git(root, "commit", "-qm", f"{step} edition served")
    first = git(root, "rev-parse", "HEAD~1")

    # Deleted by mistake: nothing is built or served from a bundle numbered afresh.
    record.unlink()
    code, out = run("validate", "--root", root)
    assert code == 1, out
    assert "served/public.json:1:1: error[served-record]" in out, out
    assert "is in the last commit but not in the work tree" in out, out
    assert "git checkout HEAD -- served/public.json" in out, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 1 and "served-record" in out, out
    code, out = run("serve", "--root", root)
    assert code == 1 and "is in the last commit but not in the work tree" in out, out
    assert not record.exists()

    # Put back to the first edition's: the second edition is not in it.
    git(root, "checkout", first, "--", "served/public.json")
    code, out = run("validate", "--root", root)
    assert code == 1 and "is older than the last commit's" in out, out
    code, out = run("serve", "--root", root)
    assert code == 1 and "is older than the last commit's" in out, out

    # Restored: as before.
    git(root, "checkout", "HEAD", "--", "served/public.json")
    code, out = run("validate", "--root", root)
    assert code == 0 and "served-record" not in out, out

    # A deletion committed on purpose starts numbering afresh.
    git(root, "rm", "-q", "served/public.json")
    git(root, "commit", "-qm", "a new edition from scratch")
    code, out = run("validate", "--root", root)
    assert code == 0 and "served-record" not in out, out


def test_a_record_outside_git_or_newer_than_the_commit_is_used_as_found(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    init(root)
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-qm", "served")
    # Serving again (a new edition not yet committed) keeps HEAD's in the history.
    text = (copy / "evidence/survey_findings/SF-001.yaml").read_text(encoding="utf-8")
    (copy / "evidence/survey_findings/SF-002.yaml").write_text(
        text.replace("SF-001", "SF-002"), encoding="utf-8"
    )
    for args in (("build", "--root", copy, "--format", "pdf"), ("serve", "--root", copy)):
        code, out = run(*args)
        assert code == 0, out
    code, out = run("validate", "--root", copy)
    assert code == 0 and "served-record" not in out, out
    # Outside git, a record deleted is simply absent.
    (root / "served/public.json").unlink()
    code, out = run("validate", "--root", root)
    assert code == 0 and "served-record" not in out, out


def test_a_head_record_over_the_limit_is_not_read_out_of_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review h145: a 2 GiB blob committed as the record (2 MB in .git) was read whole out of
    `git show` before its size was checked: 8 GB of memory. Its size is asked first."""
    from inquiry import evidence_files, served_record
    from inquiry.served_head import behind_head

    root = tmp_path / "repo"
    (root / "served").mkdir(parents=True)
    (root / "served/public.json").write_text("{}" + " " * 4096, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a record of 4 KB")
    (root / "served/public.json").unlink()
    asked: list[tuple[str, ...]] = []
    real = evidence_files.run_git

    def spy(where: Path, *args: str) -> Any:
        asked.append(args)
        return real(where, *args)

    monkeypatch.setattr(evidence_files, "run_git", spy)
    monkeypatch.setattr(served_record, "RECORD_MAX_BYTES", 1024)
    assert behind_head(root, "public") is None
    assert [a[0] for a in asked] == ["cat-file"]


def test_folders_nested_deep_under_evidence_are_no_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review h145: with a served item's file gone, the search for a file named after it went
    down `os.walk`, which recurses: folders 1,000 deep made validate fail (RecursionError)."""
    root = tmp_path / "repo"
    init(root)
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    (root / "evidence/policy_extracts/PE-001.yaml").unlink()
    monkeypatch.chdir(root / "evidence/exhibits")
    for _ in range(1000):  # one folder at a time: the whole path is longer than PATH_MAX
        os.mkdir("d")
        os.chdir("d")
    Path(".PE-001.yaml").write_text("id: PE-001\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        code, out = run("validate", "--root", root)
    finally:  # pytest's own clean-up of old folders recurses, and would fail on this one
        _remove_deep(root / "evidence/exhibits", 1000)
    assert code == 0 and "Traceback" not in out and "RecursionError" not in out, out


def _remove_deep(top: Path, depth: int) -> None:
    """Remove `depth` folders `d/d/…` below `top` and the file at the bottom, from the bottom
    up, one level at a time (no path is longer than PATH_MAX, nothing recurses)."""
    here = os.getcwd()
    try:
        os.chdir(top)
        for _ in range(depth):
            os.chdir("d")
        for name in os.listdir("."):
            os.unlink(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)
