"""Without `keep`, each file's document is let go once handed on, read here or by workers: a
pull request of hundreds of 100,000-value files refused for the submission's size held every
one of them to the end (1.26 GB for 360 files; 0.77 GB now, the accepted files' share; stop
31's red team)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import write_tree
from test_readfiles import corpus_files

from inquiry import readfiles
from inquiry.readfiles import FileRead
from inquiry.yamlnodes import Document


def _documents() -> int:
    gc.collect()
    return sum(isinstance(o, Document) for o in gc.get_objects())


@pytest.mark.parametrize("jobs", [1, 2])
def test_reads_are_let_go_once_handed_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    root = write_tree(tmp_path, corpus_files(12))
    paths = sorted((root / "evidence").rglob("*.yaml"))
    before = _documents()
    alive: list[int] = []

    def each(read: FileRead) -> None:
        alive.append(_documents() - before)

    got = readfiles.read_files(root, paths, jobs=jobs, each=each, keep=False)
    assert len(alive) == len(paths)
    if jobs == 1:
        assert max(alive) == 1, alive  # only the file being handed on
    else:
        assert alive[-1] <= len(paths) // 2, alive  # a batch, not every file
    assert [r.path for r in got] == [str(p) for p in paths]
    assert all(r.doc is None for r in got)
    kept = readfiles.read_files(root, paths, jobs=jobs)
    assert sum(r.doc is not None for r in kept) >= len(paths) // 2
    assert [r.sha256 for r in got] == [r.sha256 for r in kept]
