"""Files are read in this process while the workers start (stop 40): a cold fork server takes
0.2–0.5 s, which a large validation spent waiting. What is read, and the order each file is
handed on in, is the same as before; a large file is left to the workers' limits."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from conftest import write_tree
from test_readfiles import corpus_files

from inquiry import readfiles
from inquiry.workers import Pool


def summary(reads: list[readfiles.FileRead]) -> list[tuple[str, str, Any]]:
    return [(str(r.path), r.sha256, [p.code for p in r.problems]) for r in reads]


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths read in this process (the workers import the module afresh, unpatched)."""
    read: list[str] = []
    original = readfiles.read_file

    def recorded(root: Any, path: Any) -> readfiles.FileRead:
        read.append(str(path))
        return original(root, path)

    monkeypatch.setattr(readfiles, "read_file", recorded)
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    return read


def slow_start(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    original = Pool.start

    def start(self: Pool) -> None:
        time.sleep(seconds)
        original(self)

    monkeypatch.setattr(Pool, "start", start)


def test_the_first_files_are_read_here_while_the_workers_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, here: list[str]
) -> None:
    root = write_tree(tmp_path, corpus_files(200))
    paths = sorted((root / "evidence").rglob("*.yaml"))
    expected = summary(readfiles.read_files(root, paths, jobs=1))
    here.clear()
    slow_start(monkeypatch, 0.3)
    handed: list[str] = []
    got = readfiles.read_files(root, paths, jobs=2, each=lambda r: handed.append(str(r.path)))
    assert summary(got) == expected
    assert handed == [str(p) for p in paths]  # in order, each once
    assert here, "nothing was read while the workers started"
    assert here == [str(p) for p in paths[: len(here)]]  # from the first, in order


def test_a_large_file_and_those_after_it_wait_for_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, here: list[str]
) -> None:
    files = corpus_files(60)
    big = "evidence/aaa/big.yaml"  # sorts first but for the files of `evidence/`'s own
    files[big] = "id: X\nnotes:\n" + "  - a line of notes, long enough\n" * 800
    root = write_tree(tmp_path, files)
    assert (root / big).stat().st_size > readfiles.HERE_BYTES
    paths = sorted((root / "evidence").rglob("*.yaml"))
    expected = summary(readfiles.read_files(root, paths, jobs=1))
    here.clear()
    slow_start(monkeypatch, 0.5)
    got = readfiles.read_files(root, paths, jobs=2)
    assert summary(got) == expected
    at = [str(p) for p in paths].index(str(root / big))
    assert str(root / big) not in here
    assert here == [str(p) for p in paths[:at]]


def test_when_the_workers_cannot_start_every_file_is_handed_on_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, here: list[str]
) -> None:
    def start(self: Pool) -> None:
        time.sleep(0.2)
        raise OSError("no processes left")

    root = write_tree(tmp_path, corpus_files(40))
    paths = sorted((root / "evidence").rglob("*.yaml"))
    expected = summary(readfiles.read_files(root, paths, jobs=1))
    here.clear()
    monkeypatch.setattr(Pool, "start", start)
    handed: list[str] = []
    got = readfiles.read_files(root, paths, jobs=2, each=lambda r: handed.append(str(r.path)))
    assert summary(got) == expected
    assert handed == [str(p) for p in paths]
    assert len(here) >= len(paths)  # read here, some of them twice, none handed on twice
