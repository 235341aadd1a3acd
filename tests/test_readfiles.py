"""A large submission's files are read in worker processes: the report, the data and every
position are the same as a read in this process, and a file that overruns the limits there fails
alone, with a problem at the file, while every other file is still read."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import write_tree
from test_rules import ANCHOR, PE, SF, ST, SUBMISSION, TM, TODAY

from inquiry import checks, limits, readfiles
from inquiry.load import Corpus, Entry, load
from inquiry.problems import Report
from inquiry.validate import validate
from inquiry.workers import Pool, PoolError
from inquiry.yamlcompose import Pos

# One of each kind of trouble a pull request can hold, beside valid items of every kind.
TROUBLE: dict[str, str | bytes] = {
    "evidence/bad/syntax.yaml": "id: [unclosed\nkind: testimony\n",
    "evidence/bad/tabs.yaml": "id: PE-010\n\tkind: policy_extract\n",
    "evidence/bad/duplicate.yaml": PE.replace("id: PE-001", "id: PE-011\nid: PE-012"),
    "evidence/bad/tag.yaml": "id: !!python/object:os.system PE-013\n",
    "evidence/bad/encoding.yaml": b"id: PE-014\ntitle: caf\xe9\n",
    "evidence/bad/character.yaml": PE.replace("A policy", '"A \\u0007 policy"').replace(
        "PE-001", "PE-015"
    ),
    "evidence/bad/schema.yaml": PE.replace("PE-001", "PE-016").replace("Dept\n", "[1, 2]\n", 1),
    "evidence/bad/kind.yaml": PE.replace("PE-001", "PE-017").replace(
        "kind: policy_extract", "kind: polcy_extract"
    ),
    "evidence/bad/list.yaml": "- just\n- a list\n",
    "evidence/bad/empty.yaml": "",
    "evidence/bad/large.yaml": "a: " + "x" * (600 * 1024) + "\n",
    "evidence/bad/unknown-ref.yaml": TM.replace("TM-001", "TM-018") + "related: [TM-999]\n",
    # A name that is not UTF-8 (git allows any bytes): it crosses to a worker and back intact.
    os.fsdecode(b"evidence/bad/caf\xe9.yaml"): "id: [unclosed\n",
}


def corpus_files(count: int) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "evidence/submission.yaml": SUBMISSION,
        "evidence/anchor.yaml": ANCHOR,
        **TROUBLE,
    }
    for n in range(count):
        template, prefix = [(PE, "PE"), (SF, "SF"), (TM, "TM"), (ST, "ST")][n % 4]
        files[f"evidence/items/{prefix}-{100 + n}.yaml"] = template.replace(
            f"{prefix}-001", f"{prefix}-{100 + n}"
        )
    return files


def read(root: Path, jobs: int) -> tuple[Corpus, Report]:
    return validate(root, today=TODAY, jobs=jobs)


def test_workers_read_as_this_process_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    root = write_tree(tmp_path, corpus_files(40))
    alone, alone_report = read(root, 1)
    spread, spread_report = read(root, 2)

    assert alone_report == spread_report
    codes = {p.code for p in spread_report.problems}
    # Every kind of trouble was met, so the comparison covers their positions too.
    assert {
        "yaml-syntax",
        "yaml-duplicate-key",
        "yaml-unsafe-tag",
        "yaml-encoding",
        "text-character",
        "schema-type",
        "schema-value",
        "file-too-large",
        "ref-unknown-item",
    } <= codes, codes
    assert os.fsdecode(b"evidence/bad/caf\xe9.yaml") in {p.file for p in spread_report.problems}
    assert [e.file for e in alone.entries] == [e.file for e in spread.entries]
    assert [e.doc.data for e in alone.entries] == [e.doc.data for e in spread.entries]
    assert [(i.file, i.sha256, i.item) for i in alone.items] == [
        (i.file, i.sha256, i.item) for i in spread.items
    ]
    # Positions found after the read, from a tree composed again in this process.
    for a, b in zip(alone.entries, spread.entries, strict=True):
        for path in (("id",), ("source", "title"), ("lines_of_inquiry", 0), ("nowhere",)):
            assert a.doc.key_pos(path) == b.doc.key_pos(path)
            assert a.doc.value_pos(path) == b.doc.value_pos(path)


def test_a_position_is_found_in_a_document_that_crossed_without_its_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    root = write_tree(tmp_path, corpus_files(4))
    corpus, _ = read(root, 2)
    entry = next(e for e in corpus.entries if e.file == "evidence/items/SF-101.yaml")
    assert entry.doc.root is None and entry.doc.text  # it came without its tree
    assert entry.doc.key_pos(("survey", "fieldwork")) == Pos(17, 3)
    assert entry.doc.value_pos(("figures", 0, "value")) == Pos(21, 29)


def test_a_file_that_overruns_in_a_worker_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reserved directive sends 80,000 list entries to the pure-Python parser (~3 s here), past
    # a limit of 0.6 s; an ordinary file, read with the worker's imports, takes a tenth of that.
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    monkeypatch.setattr(limits, "YAML_SECONDS", 0.6)
    files = corpus_files(8)
    files["evidence/bad/slow.yaml"] = "%FOO bar\n---\nitems:\n" + "  - a\n" * 80_000
    root = write_tree(tmp_path, files)
    corpus, report = read(root, 2)

    slow = [p for p in report.problems if p.file == "evidence/bad/slow.yaml"]
    assert [(p.code, p.line) for p in slow] == [("file-unreadable", 1)]
    assert "time limit" in slow[0].message
    # Everything else was read: the same problems and items as without the slow file.
    del files["evidence/bad/slow.yaml"]
    (root / "evidence/bad/slow.yaml").unlink()
    without, without_report = read(root, 1)
    assert [p for p in report.problems if p.file != "evidence/bad/slow.yaml"] == list(
        without_report.problems
    )
    assert [i.file for i in corpus.items] == [i.file for i in without.items]


def test_small_submissions_are_read_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for a few files")

    monkeypatch.setattr(readfiles, "Pool", no_pool)
    root = write_tree(tmp_path, corpus_files(4))
    _, report = read(root, 2)
    assert report.items == len(corpus_files(4)) - 1


def test_a_file_read_records_its_hash_and_problems(tmp_path: Path) -> None:
    root = write_tree(tmp_path, corpus_files(0))
    good = readfiles.read_file(root, root / "evidence/anchor.yaml")
    assert good.doc is not None and good.doc.data["id"] == "PE-900"
    assert len(good.sha256) == 64 and good.problems == ()
    bad = readfiles.read_file(root, root / "evidence/bad/syntax.yaml")
    assert bad.doc is None and bad.sha256 == ""
    assert [dataclasses.astuple(p)[:4] for p in bad.problems] == [
        ("evidence/bad/syntax.yaml", 1, 5, "yaml-syntax")  # at the `[` left open (stop 39)
    ]


def test_when_no_worker_can_start_the_files_are_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken(Pool):
        def run(self, *args: Any, **kwargs: Any) -> Any:
            raise PoolError("a worker process could not start: no processes left")

    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    root = write_tree(tmp_path, corpus_files(6))
    _, expected = read(root, 1)
    monkeypatch.setattr(readfiles, "Pool", Broken)
    _, report = read(root, 2)
    assert report == expected and report.items == len(corpus_files(6)) - 1


def test_files_are_handed_on_in_order_once_even_when_the_pool_fails_midway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FailsLater(Pool):
        """Hands back the first batch, then loses its workers."""

        def run(self, fn: Any, tasks: Any, **kwargs: Any) -> Any:
            tasks = list(tasks)
            first = fn(tasks[0])
            kwargs["each"](0, first)
            raise PoolError("a worker process could not start: gone")

    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    root = write_tree(tmp_path, corpus_files(40))
    paths = sorted((root / "evidence").rglob("*.yaml"))
    expected = [r.path for r in readfiles.read_files(root, paths, jobs=1)]
    monkeypatch.setattr(readfiles, "Pool", FailsLater)
    handed: list[str] = []
    got = readfiles.read_files(root, paths, jobs=2, each=lambda r: handed.append(r.path))
    assert handed == expected == [r.path for r in got]


def test_files_are_handed_on_in_order_as_workers_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    root = write_tree(tmp_path, corpus_files(60))
    paths = sorted((root / "evidence").rglob("*.yaml"))
    handed: list[str] = []
    got = readfiles.read_files(root, paths, jobs=2, each=lambda r: handed.append(r.path))
    assert handed == [r.path for r in got] == [str(p) for p in paths]


@pytest.mark.parametrize("jobs", [1, 2])
def test_what_each_raises_is_raised_and_no_file_is_handed_on_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # An OSError from the caller's own work must not pass for a pool that failed (which would
    # read everything again and hand the first files on a second time).
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    root = write_tree(tmp_path, corpus_files(40))
    paths = sorted((root / "evidence").rglob("*.yaml"))
    handed: list[str] = []

    def each(read: readfiles.FileRead) -> None:
        if len(handed) == 2:
            raise OSError(28, "No space left on device")
        handed.append(read.path)

    with pytest.raises(OSError, match="No space left"):
        readfiles.read_files(root, paths, jobs=jobs, each=each)
    assert handed == [str(p) for p in paths[:2]]


def test_item_rules_run_as_items_arrive_find_what_a_pass_after_loading_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` runs the rules on each item's own fields while later files are still read;
    every entry reaches them once, in order, and the problems equal one pass after loading."""
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    files = corpus_files(40)
    files["evidence/late/future.yaml"] = PE.replace("PE-001", "PE-020").replace(
        'date: "2024"', 'date: "2099"'
    )
    files["evidence/late/long-word.yaml"] = PE.replace("PE-001", "PE-021").replace(
        "summary: A summary.", "summary: " + "x" * 1_200
    )
    root = write_tree(tmp_path, files)
    seen: list[Entry] = []
    rules = checks.Rules(today=TODAY)

    def each(entry: Entry) -> None:
        seen.append(entry)
        rules.entry(entry)

    corpus, problems = load(root, jobs=2, each=each)
    assert seen == list(corpus.entries)
    assert len(seen) == len({id(e) for e in seen}) > 40
    as_they_came = sorted(set(problems + rules.finish(corpus)))

    corpus_after, problems_after = load(root, jobs=1)
    after = sorted(set(problems_after + checks.run_all(corpus_after, today=TODAY)))
    assert as_they_came == after
    codes = {(p.file, p.code) for p in after}
    assert ("evidence/late/future.yaml", "date-future") in codes
    assert ("evidence/late/long-word.yaml", "markdown-long-word") in codes
    assert ("evidence/bad/unknown-ref.yaml", "ref-unknown-item") in codes
