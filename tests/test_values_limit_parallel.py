"""The submission-wide limit on values (`load.TOTAL_VALUES`) holds when the item files are read
by worker processes (1,000 files or more): a document came back from a worker with its count of
values lost, so only the characters were counted there."""

from __future__ import annotations

from pathlib import Path

import pytest

from inquiry import load, readfiles
from inquiry.scaffold import init
from inquiry.validate import validate


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_values_limit_holds_whoever_reads_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    root = tmp_path / "repo"
    init(root)
    example = (root / "evidence/policy_extracts/PE-001.yaml").read_text(encoding="utf-8")
    folder = root / "evidence/many"
    folder.mkdir()
    for n in range(2, 12):
        text = example.replace("PE-001", f"PE-{n:03d}")
        (folder / f"PE-{n:03d}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 2)
    monkeypatch.setattr(load, "TOTAL_VALUES", 120)
    _, report = validate(root, jobs=jobs)
    too_large = [p for p in report.problems if p.code == "submission-too-large"]
    assert too_large, report.problems
