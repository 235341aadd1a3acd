"""Red team for reading files in worker processes: hostile files, odd file types and odd callers.

Every test forces the worker path (`PARALLEL_FILES` patched to 1, two jobs) and holds it to a read
in this process: the same report, the same positions (line and column), the same data. Where a
hostile file made either path raise, the test asks for a positioned problem instead. Each of the
six troubles these tests found (a deep caller's stack changing a deep file's outcome, an alias bomb
through a replaced character, two tracebacks, a key's lost position, a false duplicate key) and
the fall-back when no worker can get file descriptors was fixed where it lay.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_tree
from test_rules import ANCHOR, PE, SF, SUBMISSION, TM, TODAY

from inquiry import readfiles
from inquiry.validate import validate
from inquiry.yamlcompose import Pos, YamlProblem, compose
from inquiry.yamlnodes import MAX_BYTES, Document, read_yaml

# A reserved directive, which YAML 1.2 ignores and libyaml refuses, sends a file to the
# pure-Python parser, for the read and again when a position is asked for.
PURE = "%RESERVED directive\n---\n"

# A survey finding with one wrong value deep in a long list (figures[WRONG].value): its position
# is found in a tree composed again, by the pure parser, after the read.
WRONG = 2_500


def deep_schema(count: int) -> str:
    head = SF.replace("SF-001", "SF-500").split("figures:\n")[0] + "figures:\n"
    return head + "".join(
        f"  - {{label: F{n}, value: {'oops' if n == WRONG else n % 100}, unit: percent,"
        " base: 100}\n"
        for n in range(count)
    )


DEEP_SCHEMA = deep_schema(3_000)

HOSTILE: dict[str, str | bytes] = {
    # Line endings and a byte-order mark, each with a schema fault whose column is reported.
    "evidence/h/bom-crlf.yaml": (
        "\ufeff" + PE.replace("PE-001", "PE-101").replace("Dept\n", "[1, 2]\n", 1)
    )
    .replace("\n", "\r\n")
    .encode(),
    "evidence/h/cr.yaml": PE.replace("PE-001", "PE-102").replace("\n", "\r").encode(),
    "evidence/h/bom-twice.yaml": ("\ufeff\ufeff" + PE.replace("PE-001", "PE-103")).encode(),
    # Characters: raw ones YAML refuses, escaped ones that load as flaws.
    "evidence/h/nul.yaml": PE.replace("PE-001", "PE-104").replace("Words.", "Wo\x00rds."),
    "evidence/h/escapes.yaml": PE.replace("PE-001", "PE-105").replace(
        "Words.", '"\\0 \\ud800 \\udfff\\ud83d \\x07 \\x9f \\uFFFE \\U0010FFFF"'
    ),
    "evidence/h/surrogate-key.yaml": PE.replace("PE-001", "PE-106") + '"\\ud800": 1\n',
    "evidence/h/c1-nel.yaml": PE.replace("PE-001", "PE-107").replace("Words.", "Wo\x85rds."),
    "evidence/h/del.yaml": PE.replace("PE-001", "PE-108").replace("Words.", "Wo\x7frds."),
    "evidence/h/nonchar.yaml": PE.replace("PE-001", "PE-109").replace("Words.", "Wo\ufffferds."),
    "evidence/h/latin1.yaml": PE.replace("PE-001", "PE-110")
    .replace("Words.", "caf\xe9")
    .encode("latin-1"),
    "evidence/h/utf16.yaml": PE.replace("PE-001", "PE-111").encode("utf-16"),
    # YAML 1.2 forms, special floats, big numbers, directives.
    "evidence/h/numbers.yaml": PE.replace("PE-001", "PE-112")
    + "x1: 0o17\nx2: 0x1F\nx3: .nan\nx4: -.inf\nx5: -0.0\nx6: 1_000\nx7: "
    + "9" * 4_000
    + "\n",
    "evidence/h/float-tag.yaml": PE.replace("PE-001", "PE-113") + "x: !!float " + "9" * 400 + "\n",
    "evidence/h/yaml11.yaml": "%YAML 1.1\n---\n" + PE.replace("PE-001", "PE-114") + "x: yes\n",
    "evidence/h/yaml2.yaml": "%YAML 2.0\n---\n" + PE.replace("PE-001", "PE-115"),
    "evidence/h/tag-directive.yaml": "%TAG !e! tag:yaml.org,2002:\n---\n"
    + PE.replace("PE-001", "PE-116").replace("title: A policy", "title: !e!str A policy"),
    "evidence/h/flow-12.yaml": PE.replace("PE-001", "PE-117") + "x: {a?: b}\n",
    "evidence/h/bad-tags.yaml": PE.replace("PE-001", "PE-118").replace(
        "title: A policy", 'title: !!int "\\ud800"'
    ),
    "evidence/h/merge.yaml": PE.replace("PE-001", "PE-119") + "x: &a {y: 1}\nz: {<<: *a}\n",
    # Structure: duplicates deep inside, nesting, aliases.
    "evidence/h/duplicate-deep.yaml": PE.replace("PE-001", "PE-120")
    + "x:\n  - y:\n      - z: 1\n        z: 2\n",
    "evidence/h/deep-flow.yaml": "a: " + "[" * 250 + "]" * 250 + "\n",
    "evidence/h/deep-block.yaml": "".join(f"{' ' * n}k{n}:\n" for n in range(250))
    + " " * 250
    + "v\n",
    "evidence/h/deep-pure.yaml": PURE + "a: " + "[" * 190 + "]" * 190 + "\n",
    "evidence/h/self-alias.yaml": "a: &x [*x]\n",
    "evidence/h/laughs.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcde", "bcdef", strict=True)
    ),
    "evidence/h/undefined-alias.yaml": PE.replace("PE-001", "PE-121") + "x: *nowhere\n",
    "evidence/h/complex-key.yaml": "? [a, b]\n: 1\n",
    "evidence/h/two-documents.yaml": PE.replace("PE-001", "PE-122") + "---\nid: PE-123\n",
    # A long list, read by the pure parser, with a schema fault near its end.
    "evidence/h/deep-schema.yaml": PURE + DEEP_SCHEMA,
    # Sizes and emptiness.
    "evidence/h/empty.yaml": "",
    "evidence/h/comments.yaml": "# only\n# comments\n",
    "evidence/h/markers.yaml": "---\n...\n",
    "evidence/h/null.yaml": "~\n",
    "evidence/h/scalar.yaml": "just text\n",
    "evidence/h/at-limit.yaml": (lambda head: head + "x" * (MAX_BYTES - len(head) - 2) + '"\n')(
        PE.replace("PE-001", "PE-124").replace("extract: Words.\n", 'extract: "')
    ),
    "evidence/h/over-limit.yaml": "a: " + "x" * (MAX_BYTES - 3) + "\n",
    "evidence/h/tabs.yaml": PE.replace("PE-001", "PE-125").replace("  title: Doc", "\ttitle: Doc"),
    # A name that is not UTF-8, and one that looks like a folder's.
    os.fsdecode(b"evidence/h/\xff\xfe.yaml"): PE.replace("PE-001", "PE-126").replace(
        "Dept\n", "[1]\n", 1
    ),
    "evidence/h/folder.yaml/inner.yaml": TM.replace("TM-001", "TM-127"),
}


def submission_with(root: Path, files: dict[str, str | bytes]) -> Path:
    """A submission (with an item keeping LOI-1 in evidence) holding `files` besides."""
    return write_tree(
        root, {"evidence/submission.yaml": SUBMISSION, "evidence/anchor.yaml": ANCHOR, **files}
    )


def hostile_tree(root: Path) -> Path:
    submission_with(root, HOSTILE)
    for n in range(6):  # ordinary items, so that batches hold several files
        write_tree(root, {f"evidence/ok/PE-{200 + n}.yaml": PE.replace("PE-001", f"PE-{200 + n}")})
    os.mkfifo(root / "evidence/h/fifo.yaml")
    os.symlink("/dev/zero", root / "evidence/h/zero.yaml")
    os.symlink("../ok/PE-200.yaml", root / "evidence/h/inside-link.yaml")
    os.symlink("nowhere.yaml", root / "evidence/h/broken-link.yaml")
    os.symlink("loop.yaml", root / "evidence/h/loop.yaml")
    return root


def paths_of(data: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths_of(value, (*prefix, i))


def positions(doc: Document, limit: int = 400) -> list[tuple[Any, ...]]:
    """The key and value position of (up to `limit`) paths the data holds, and of a few that it
    does not, as validation asks for them."""
    out = []
    for n, path in enumerate(paths_of(doc.data)):
        if n == limit:
            break
        out.append((path, doc.key_pos(path), doc.value_pos(path)))
    for path in (
        ("nowhere",),
        ("figures", WRONG, "value"),
        ("figures", 99, "value"),
        ("source", "publisher", 1),
        (0, 0),
    ):
        out.append((path, doc.key_pos(path), doc.value_pos(path)))
    return out


def outcome(root: Path, jobs: int) -> dict[str, Any]:
    corpus, report = validate(root, today=TODAY, jobs=jobs)
    return {
        "problems": [dataclasses.astuple(p) for p in report.problems],
        "items": report.items,
        # repr: NaN is not equal to itself.
        "entries": [
            (e.file, repr(e.doc.data), e.doc.text, repr(e.doc.flaws), positions(e.doc))
            for e in corpus.entries
        ],
        "loaded": [(i.file, i.sha256, repr(i.item)) for i in corpus.items],
    }


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)


@pytest.mark.usefixtures("parallel")
def test_hostile_files_read_in_workers_as_here(tmp_path: Path) -> None:
    root = hostile_tree(tmp_path)
    alone, spread = outcome(root, 1), outcome(root, 2)
    assert alone["problems"] == spread["problems"]
    assert alone == spread
    codes = {p[3] for p in spread["problems"]}
    assert {
        "yaml-syntax",
        "yaml-encoding",
        "yaml-too-deep",
        "yaml-alias",
        "yaml-duplicate-key",
        "yaml-key",
        "yaml-value",
        "text-character",
        "schema-type",
        "file-too-large",
        "file-not-regular",
        "file-outside",
    } <= codes, codes
    files = {p[0] for p in spread["problems"]}
    # Nothing lost: every hostile file has a problem or was read as an entry.
    read = {e[0] for e in spread["entries"]} | files
    for name in HOSTILE:
        assert name in read, name
    # The fault deep in the long list, read by the pure parser, is placed exactly.
    deep = [p for p in spread["problems"] if p[0] == "evidence/h/deep-schema.yaml"]
    line = PURE.count("\n") + DEEP_SCHEMA.count("\n") - 3_000 + WRONG + 1
    column = DEEP_SCHEMA.splitlines()[line - 1 - PURE.count("\n")].index("oops") + 1
    assert [(p[1], p[2]) for p in deep] == [(line, column)], deep
    # Columns on CRLF lines after a byte-order mark count characters from the line's start.
    crlf = [p for p in spread["problems"] if p[0] == "evidence/h/bom-crlf.yaml"]
    assert [(p[1], p[2], p[3]) for p in crlf] == [(9, 14, "schema-type")], crlf


@pytest.mark.usefixtures("parallel")
def test_paths_the_walk_would_not_give_are_refused_alike(tmp_path: Path) -> None:
    root = hostile_tree(tmp_path)
    names = ["ok/PE-200.yaml", "h/fifo.yaml", "h/zero.yaml", "h/loop.yaml", "h/broken-link.yaml"]
    names += ["h/folder.yaml", "gone.yaml", "h/inside-link.yaml", "h/empty.yaml", "h/escapes.yaml"]
    paths = [root / "evidence" / n for n in names]
    (root / "gone-dir").mkdir()
    paths.append(root / "gone-dir" / "x.yaml")  # removed between the walk and the read
    alone = readfiles.read_files(root, paths, jobs=1)
    spread = readfiles.read_files(root, paths, jobs=2)

    def plain(reads: list[readfiles.FileRead]) -> list[Any]:
        return [
            (
                r.path,
                r.sha256,
                r.problems,
                None if r.doc is None else (repr(r.doc.data), r.doc.text),
            )
            for r in reads
        ]

    assert plain(alone) == plain(spread)
    codes = [[p.code for p in r.problems] for r in spread]
    assert codes[1:6] == [["file-not-regular"]] * 2 + [["file-unreadable"]] * 2 + [
        ["file-not-regular"]
    ]
    assert codes[6] == ["file-unreadable"] and codes[-1] == ["file-unreadable"]


@pytest.mark.usefixtures("parallel")
def test_a_file_swapped_for_a_fifo_does_not_hang_a_worker(tmp_path: Path) -> None:
    root = hostile_tree(tmp_path)
    paths = [root / "evidence/ok" / f"PE-{200 + n}.yaml" for n in range(6)]
    # Swapped after the walk: a FIFO with a writer holding it open (a read would block on it).
    paths[3].unlink()
    os.mkfifo(paths[3])
    fd = os.open(paths[3], os.O_RDWR | os.O_NONBLOCK)
    try:
        alone = readfiles.read_files(root, paths, jobs=1)
        spread = readfiles.read_files(root, paths, jobs=2)
    finally:
        os.close(fd)
    assert [r.problems for r in alone] == [r.problems for r in spread]
    assert [p.code for p in spread[3].problems] == ["file-not-regular"]


def test_a_document_copied_or_pickled_finds_the_same_positions() -> None:
    for text in (
        (PURE + deep_schema(100)).encode(),
        deep_schema(100).encode(),
        ("\ufeff" + TM).replace("\n", "\r\n").encode(),
    ):
        doc = read_yaml(text)
        expected = positions(doc, limit=200)
        assert doc.root is not None  # composed for the positions
        for other in (
            pickle.loads(pickle.dumps(doc)),
            copy.deepcopy(doc),
            copy.copy(doc),
            pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(doc)))),
        ):
            assert other.root is None and other.text == doc.text
            assert positions(other, limit=200) == expected
            assert repr(other.data) == repr(doc.data) and other.flaws == doc.flaws


def deep_nesting(levels: int) -> str:
    """`levels` of nesting: block sequences first (the scanner allows 200 of them), then flow
    sequences (another 200), on the pure parser."""
    block = min(levels, 198)
    flow = levels - block
    return PURE + "a:\n  " + "- " * block + "[" * flow + "x" + "]" * flow + "\n"


def deeper(frames: int, then: Callable[[], Any]) -> Any:
    """Call `then` from `frames` calls further down the stack (a caller that is itself deep:
    an application or a test framework that calls `validate`)."""
    return then() if frames <= 0 else deeper(frames - 1, then)


def depth_outcome(levels: int) -> object:
    try:
        read_yaml(deep_nesting(levels).encode())
    except YamlProblem as exc:
        return (exc.code, exc.pos.line, exc.pos.column)
    return "read"


def test_deep_nesting_meets_the_same_limit_from_a_deep_caller() -> None:
    # 199 levels read on the pure parser need ~800 frames; from a caller 700 frames down, a
    # recursion limit fixed at 1,000 would refuse the file there and read it in a worker.
    assert depth_outcome(199) == "read"
    assert depth_outcome(300)[0] == "yaml-too-deep"  # type: ignore[index]
    for levels in (199, 300):
        assert deeper(700, lambda levels=levels: depth_outcome(levels)) == depth_outcome(levels)


@pytest.mark.usefixtures("parallel")
def test_deep_nesting_is_reported_alike_in_workers_and_here(tmp_path: Path) -> None:
    files = {f"evidence/deep/d{n}.yaml": deep_nesting(n) for n in (199, 300, 397)}
    root = submission_with(tmp_path, files)

    def report(jobs: int) -> list[tuple[Any, ...]]:
        _, found = validate(root, today=TODAY, jobs=jobs)
        return [dataclasses.astuple(p)[:5] for p in found.problems if "deep" in p.file]

    alone, spread = deeper(300, lambda: report(1)), deeper(300, lambda: report(2))
    assert alone == spread
    too_deep = {p[0] for p in spread if p[3] == "yaml-too-deep"}
    assert too_deep == {"evidence/deep/d300.yaml", "evidence/deep/d397.yaml"}


def alias_bomb(length: int) -> bytes:
    """A few hundred bytes whose one scalar, holding an escaped control character, would be used
    11,111 times through nested aliases: well under `MAX_NODES`."""
    lines = ['s: &s "' + "x" * length + '\\x07"']
    prev = "s"
    for name in ("l0", "l1", "l2", "l3"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    return ("\n".join(lines) + "\n").encode()


def test_an_alias_bomb_of_a_replaced_character_is_refused_at_its_first_alias() -> None:
    """Each alias is a problem where it stands; what it repeats is left out, never built again
    (the file's 11,111 uses cost no more than its few hundred bytes)."""
    doc = read_yaml(alias_bomb(200))
    aliases = [f for f in doc.flaws if f.code == "yaml-alias"]
    assert (aliases[0].pos, "`*s`" in aliases[0].message) == (Pos(2, 10), True)
    assert doc.data["l0"] == [None] * 10 and doc.data["l3"] == [None] * 10  # every alias left out
    assert doc.values < 50  # one a node, one a refused alias: never the 11,111 uses


def test_the_pure_prefix_reaches_the_pure_parser() -> None:
    """Else the tests above that use `PURE` test libyaml twice."""
    _, constructor = compose(PURE + "a: 1\n")
    assert type(constructor).__module__.startswith("ruamel.yaml."), type(constructor)


@pytest.mark.usefixtures("parallel")
def test_an_alias_bomb_of_a_replaced_character_reads_alike(tmp_path: Path) -> None:
    # At a size both paths can afford, the data, flaws and report agree.
    root = submission_with(
        tmp_path,
        {
            "evidence/bomb.yaml": alias_bomb(20),
            "evidence/other.yaml": PE,
        },
    )
    alone, spread = outcome(root, 1), outcome(root, 2)
    assert alone["problems"] == spread["problems"]
    assert alone["entries"] == spread["entries"]


# Each is one hostile evidence file; `validate` promises never to raise for bad evidence.
RAISING = {
    # libyaml accepts the bytes of a %-escaped tag; ruamel.yaml.clib then decodes them strictly
    # (UnicodeDecodeError out of CParser.get_single_node): the pure parser now has the last word.
    "surrogate-tag": b"id: PE-001\nkind: !<%ED%A0%80> x\n",
    "overlong-tag": b"id: !<%C0%AF> x\n",
    "tag-directive": b"%TAG !e! tag:%ED%A0%80\n---\nid: !e!x y\n",
    # libyaml refuses %YAML 1.3; the pure parser then fails an `assert` (AssertionError).
    "yaml-1.3": b"%YAML 1.3\n---\nid: PE-001\n",
    # A tagged empty number: ruamel's constructor indexes an empty string (IndexError).
    "empty-int": b"id: PE-001\nextra: !!int\n",
    "empty-float": b"items:\n  - !!float\n",
}
EXPECTED = {"empty-int": "yaml-value", "empty-float": "yaml-value"}


@pytest.mark.parametrize("name", sorted(RAISING))
@pytest.mark.parametrize("jobs", [1, 2])
def test_hostile_tags_and_directives_are_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, jobs: int
) -> None:
    monkeypatch.setattr(readfiles, "PARALLEL_FILES", 1)
    root = submission_with(
        tmp_path,
        {
            "evidence/hostile.yaml": RAISING[name],
        },
    )
    _, report = validate(root, today=TODAY, jobs=jobs)
    hostile = [p for p in report.problems if p.file == "evidence/hostile.yaml"]
    code = EXPECTED.get(name, "yaml-syntax")
    # A refused value is left out and the rest of the file still checked (`schema-…` beside).
    assert [p.code for p in hostile if not p.code.startswith("schema-")] == [code], hostile


FEW_DESCRIPTORS = """
import os, resource, sys
from pathlib import Path
from inquiry import readfiles

if __name__ == "__main__":
    readfiles.PARALLEL_FILES = 1
    root = Path(sys.argv[1])
    paths = sorted((root / "evidence").glob("x*.yaml"))
    expected = [r.doc.data for r in readfiles.read_files(root, paths, jobs=1)]
    open_now = len(os.listdir("/proc/self/fd"))
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    # Enough descriptors to read every file, not enough for a worker's pipes.
    resource.setrlimit(resource.RLIMIT_NOFILE, (open_now + 4, hard))
    got = [r.doc.data for r in readfiles.read_files(root, paths, jobs=2)]
    assert got == expected, (got, expected)
    print("same")
"""


def test_when_a_worker_cannot_get_descriptors_the_files_are_read_here(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {f"evidence/x{n}.yaml": f"id: {n}\n" for n in range(4)})
    script = tmp_path / "few_descriptors.py"
    script.write_text(textwrap.dedent(FEW_DESCRIPTORS))
    done = subprocess.run(
        [sys.executable, str(script), str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == "same", done.stderr[-2000:]


@pytest.mark.usefixtures("parallel")
def test_a_key_with_a_replaced_character_keeps_its_position(tmp_path: Path) -> None:
    root = submission_with(
        tmp_path,
        {
            "evidence/key.yaml": PE + '"x\\ud800":\n  a: 1\n',
        },
    )
    alone, spread = outcome(root, 1), outcome(root, 2)
    assert alone == spread
    found = [p[1:4] for p in spread["problems"] if p[0] == "evidence/key.yaml"]
    assert (17, 1, "schema-unknown-field") in found, found


def test_keys_that_read_alike_once_replaced_are_flagged_not_lost() -> None:
    # Two keys written differently read alike once a character is replaced: the first is kept,
    # both bad characters are problems, and the second key is a problem of its own (its value
    # is not read), never a false "duplicate key" failure, never a value lost in silence.
    doc = read_yaml(b'"a\\ud800": 1\n"a\\udfff": 2\n')
    assert [(f.code, f.pos.line) for f in doc.flaws] == [
        ("text-character", 1),
        ("text-character", 2),
        ("yaml-duplicate-key", 2),
    ]
    assert doc.data == {"a\ufffd": 1}
    # A key holding U+FFFD itself is no bad character: only the collision tells.
    doc = read_yaml(b'"a\\ud800": 1\n"a\\ufffd": 2\n')
    assert [(f.code, f.pos.line) for f in doc.flaws] == [
        ("text-character", 1),
        ("yaml-duplicate-key", 2),
    ]
    assert "line 1" in doc.flaws[1].message
