"""Stop 36 (red team h129): an evidence/ folder the account cannot search is said to be
unreadable, not to be missing its submission.yaml (which is there)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import inquiry.load
from inquiry.scaffold import init
from inquiry.validate import validate


def test_a_folder_that_cannot_be_searched_is_not_missing_its_submission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    init(root)
    wanted = str(root / "evidence" / "submission.yaml")
    real = os.lstat

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path) == wanted:  # as a folder without search permission answers (not as root)
            raise PermissionError(13, "Permission denied", wanted)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inquiry.load.os, "lstat", lstat)
    _, report = validate(root)
    codes = {(p.file, p.code) for p in report.problems}
    assert ("evidence/submission.yaml", "file-unreadable") in codes, report.problems
    assert not any(code == "submission-missing" for _, code in codes), report.problems
