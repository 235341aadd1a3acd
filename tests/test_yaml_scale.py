"""Files that are large in breadth, not depth: many keys in one mapping, many problems in one
file. Positions are found through an index built once per mapping, and a wide, shallow file is
composed by libyaml; each problem is still reported, at its own line and column."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import write_tree
from test_rules import ANCHOR, SF, SUBMISSION, TODAY

from inquiry import file_schema, yamlnodes
from inquiry.characters import bad_character
from inquiry.validate import validate
from inquiry.yamlcompose import MAX_DEPTH, Pos, YamlProblem, compose
from inquiry.yamlnodes import read_yaml

KEYS = 3_000


def test_every_unknown_key_is_reported_at_its_line_without_rescanning_the_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each problem's key was found by scanning every key of its mapping, checking each for
    characters no output can carry: 20,000 keys took minutes. Counting those checks proves each
    key is looked at a bounded number of times, whatever the machine's speed."""
    calls = 0

    def counted(text: str) -> str | None:
        nonlocal calls
        calls += 1
        return bad_character(text)

    monkeypatch.setattr(yamlnodes, "bad_character", counted)
    monkeypatch.setattr(file_schema, "FILE_SCHEMA_PROBLEMS", KEYS)  # every one listed
    # ... and shown: a run shows at most SHOWN_PER_CODE of one code in a file (stop 33).
    from inquiry import problems as problems_module
    from inquiry import validate as validate_module

    for module in (problems_module, validate_module):
        monkeypatch.setattr(module, "SHOWN_PER_CODE", KEYS)
        monkeypatch.setattr(module, "SHOWN_IN_ALL", 2 * KEYS)
    head = SF.count("\n")
    text = SF + "".join(f"k{i}: {i}\n" for i in range(KEYS))
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/a.yaml": ANCHOR,
            "evidence/sf.yaml": text,
        },
    )
    _, report = validate(tmp_path, today=TODAY)
    found = [p for p in report.problems if p.file == "evidence/sf.yaml"]
    assert len(found) == KEYS
    assert {p.code for p in found} == {"schema-unknown-field"}
    assert sorted((p.line, p.column, p.message) for p in found) == [
        (head + i + 1, 1, f"unknown field `k{i}`") for i in range(KEYS)
    ]
    assert calls <= 2 * (KEYS + head), calls  # was ~KEYS² / 2 * 2


def test_positions_from_the_index_match_the_keys_as_loaded() -> None:
    text = (
        'a: 1\n"b\\x07": 2\nc:\n  d: [x, {e: 3}]\n  "f\\x07": 4\n'
        '"g\\x07": 5\n"g\\x08": 6\n'  # both read `g\ufffd`: the first is kept, the second a flaw
    )
    doc = read_yaml(text.encode())
    assert list(doc.data) == ["a", "b\ufffd", "c", "g\ufffd"]
    assert [f.code for f in doc.flaws].count("yaml-duplicate-key") == 1
    assert doc.key_pos(("a",)) == Pos(1, 1)
    assert doc.key_pos(("b\ufffd",)) == Pos(2, 1)
    assert doc.key_pos(("b\x07",)) == Pos(2, 1)  # as written
    assert doc.value_pos(("c", "d", 1, "e")) == Pos(4, 14)
    assert doc.key_pos(("c", "d", 1, "e")) == Pos(4, 11)
    assert doc.key_pos(("c", "f\ufffd")) == Pos(5, 3)
    assert doc.value_pos(("g\ufffd",)) == Pos(6, 10)
    # A part that is not there: the nearest enclosing value.
    assert doc.value_pos(("c", "nowhere")) == Pos(4, 3)
    assert doc.key_pos(("c", "d", 7)) == Pos(4, 6)
    # A document sent to a worker and back comes without its tree and its index.
    again = pickle.loads(pickle.dumps(doc))
    assert again.root is None and again.keys == {}
    assert again.key_pos(("c", "f\ufffd")) == Pos(5, 3) and again.keys


def test_a_wide_shallow_file_is_composed_by_libyaml() -> None:
    """Past 5,000 of `[{-:?` a file might nest too deep for libyaml's recursive composer; its
    parser's events tell, and only a deep file goes to the (slower) pure parser."""
    _, constructor = compose("".join(f"k{i}: {i}\n" for i in range(20_000)))
    assert type(constructor).__module__ == "inquiry.yamlcompose", type(constructor)
    with pytest.raises(YamlProblem) as deep:
        compose("x: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n# " + "-" * 5_001)
    assert deep.value.code == "yaml-too-deep" and deep.value.pos.line == 1
