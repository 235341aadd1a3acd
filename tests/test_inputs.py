"""Inputs are measured before they are read, and nothing is skipped in silence: folders and files
that cannot be read, links out of evidence/, files that are not regular files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_tree
from test_rules import ANCHOR, PE, SUBMISSION, TODAY

from inquiry import readfiles
from inquiry.problems import Report
from inquiry.validate import validate

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def tree(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    return write_tree(
        tmp_path,
        {"evidence/submission.yaml": SUBMISSION, "evidence/anchor.yaml": ANCHOR, **(files or {})},
    )


def check(root: Path) -> Report:
    _, report = validate(root, today=TODAY)
    return report


def test_an_unreadable_folder_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tree(tmp_path, {"evidence/locked/item.yaml": PE, "evidence/open/other.yaml": PE})
    real = os.scandir
    locked = str(root / "evidence/locked")

    def scandir(path: str) -> object:
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = check(root)
    assert ("folder-unreadable", "evidence/locked", "error") in report.flatten(
        "code", "file", "severity"
    )
    assert "permission denied" in next(
        p.message for p in report.problems if p.code == "folder-unreadable"
    )
    assert not report.valid()


def test_an_unreadable_file_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tree(tmp_path, {"evidence/item.yaml": PE})
    real = os.open

    def refuse(path: str, *args: object, **kwargs: object) -> int:
        if str(path).endswith("item.yaml"):
            raise PermissionError(13, "Permission denied", path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    report = check(root)
    assert report.flatten("code", "file", "line") == [("file-unreadable", "evidence/item.yaml", 1)]
    assert "permission denied" in report.problems[0].message


@pytest.mark.skipif(ROOT_USER, reason="root reads folders whatever their permissions")
def test_a_folder_without_read_permission(tmp_path: Path) -> None:
    root = tree(tmp_path, {"evidence/locked/item.yaml": PE})
    locked = root / "evidence/locked"
    locked.chmod(0)
    try:
        report = check(root)
    finally:
        locked.chmod(0o755)
    assert ("folder-unreadable", "evidence/locked") in report.flatten("code", "file")


@pytest.mark.skipif(ROOT_USER, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    root = tree(tmp_path, {"evidence/item.yaml": PE})
    (root / "evidence/item.yaml").chmod(0)
    try:
        report = check(root)
    finally:
        (root / "evidence/item.yaml").chmod(0o644)
    assert report.flatten("code", "file") == [("file-unreadable", "evidence/item.yaml")]


def test_a_file_over_the_limit_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tree(tmp_path)
    with open(root / "evidence/big.yaml", "wb") as out:
        out.truncate(1 << 30)  # sparse: a gigabyte that is never read
    opened: list[str] = []
    real = os.open

    def spy(path: str, *args: int, **kwargs: int) -> int:
        opened.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    report = check(root)
    assert report.flatten("code", "file") == [("file-too-large", "evidence/big.yaml")]
    assert not [p for p in opened if p.endswith("big.yaml")]


def test_a_file_that_grows_past_the_limit_is_read_only_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(readfiles.Unreadable, match="limit is 50"):
        readfiles.read_limited(path, 50)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_a_fifo_named_like_an_item_is_refused_at_once(tmp_path: Path) -> None:
    root = tree(tmp_path)
    os.mkfifo(root / "evidence/pipe.yaml")
    report = check(root)
    assert report.flatten("code", "file") == [("file-not-regular", "evidence/pipe.yaml")]
    assert "FIFO" in report.problems[0].message


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/hostname"])
def test_an_item_linked_outside_evidence(tmp_path: Path, target: str) -> None:
    root = tree(tmp_path)
    os.symlink(target, root / "evidence/linked.yaml")
    assert check(root).flatten("code", "file") == [("file-outside", "evidence/linked.yaml")]


def test_a_folder_linked_outside_evidence(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {"item.yaml": PE})
    root = tree(tmp_path / "repo")
    os.symlink(outside, root / "evidence/elsewhere")
    assert check(root).flatten("code", "file") == [("file-outside", "evidence/elsewhere")]


def test_links_inside_evidence_are_fine(tmp_path: Path) -> None:
    root = tree(tmp_path, {"evidence/real/item.yaml": PE})
    os.symlink(root / "evidence/real", root / "evidence/alias")
    os.symlink(root / "evidence/anchor.yaml", root / "evidence/real/again.yml")
    report = check(root)
    # The linked folder is read where it really is (once); the linked file is a second copy
    # of the anchor, so its id is a duplicate, which proves it was read.
    assert sorted(set(report.flatten("code"))) == [("id-duplicate",)]
    assert report.items == 3


def test_a_broken_link(tmp_path: Path) -> None:
    root = tree(tmp_path)
    os.symlink(root / "evidence/nowhere.yaml", root / "evidence/broken.yaml")
    report = check(root)
    assert report.flatten("code", "file") == [("file-outside", "evidence/broken.yaml")]
    assert "broken link" in report.problems[0].message


def test_a_submission_that_is_not_a_regular_file(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"evidence/anchor.yaml": ANCHOR})
    os.symlink("/dev/zero", root / "evidence/submission.yaml")
    assert check(root).flatten("code", "file") == [("file-outside", "evidence/submission.yaml")]


def test_a_submission_linked_to_itself_is_one_problem(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"evidence/anchor.yaml": ANCHOR})
    os.symlink("submission.yaml", root / "evidence/submission.yaml")
    report = check(root)
    assert report.flatten("code", "file") == [("file-outside", "evidence/submission.yaml")]
    assert "leads nowhere" in report.problems[0].message


def test_a_submission_folder(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"evidence/anchor.yaml": ANCHOR})
    (root / "evidence/submission.yaml").mkdir()
    assert check(root).flatten("code", "file") == [("file-not-regular", "evidence/submission.yaml")]


def test_evidence_linked_outside_the_repository(tmp_path: Path) -> None:
    elsewhere = tree(tmp_path / "elsewhere")
    (tmp_path / "repo").mkdir()
    os.symlink(elsewhere / "evidence", tmp_path / "repo/evidence")
    report = check(tmp_path / "repo")
    assert report.flatten("code", "file") == [("file-outside", "evidence")]
    assert report.items == 0
