"""Hostile files: each is one clear problem on that file, found quickly, and the other files are
still checked. A second file with a known error (an unknown line of inquiry) sits next to each."""

from __future__ import annotations

import datetime as dt
import gc
import json
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import write_tree
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from test_rules import ANCHOR, PE, SUBMISSION, TM, TODAY

from inquiry.problems import Report
from inquiry.validate import validate
from inquiry.yamlbuild import MAX_NODES
from inquiry.yamlcompose import YamlProblem
from inquiry.yamlnodes import MAX_BYTES, read_yaml

NEIGHBOUR = PE.replace("[LOI-1]", "[LOI-9]")  # ref-unknown-loi at line 5, column 20
HANG_GUARD = 2.0  # seconds; not a speed goal, only proof that nothing hangs


def check(tmp_path: Path, hostile: str | bytes) -> Report:
    write_tree(
        tmp_path,
        {
            "evidence/submission.yaml": SUBMISSION,
            "evidence/anchor.yaml": ANCHOR,
            "evidence/hostile.yaml": hostile,
            "evidence/neighbour.yaml": NEIGHBOUR,
        },
    )
    start = time.monotonic()
    _, report = validate(tmp_path, today=TODAY)
    assert time.monotonic() - start < HANG_GUARD
    return report


def assert_one_problem(report: Report, code: str, line: int, column: int | None = None) -> None:
    hostile = [p for p in report.problems if p.file == "evidence/hostile.yaml"]
    assert [(p.code, p.line) for p in hostile] == [(code, line)], hostile
    if column is not None:
        assert hostile[0].column == column
    assert hostile[0].message
    # The valid-looking neighbour is still read and checked.
    assert ("ref-unknown-loi", "evidence/neighbour.yaml", 5, 20) in report.flatten(
        "code", "file", "line", "column"
    )
    assert not report.valid()


def assert_problem_at(report: Report, code: str, line: int, column: int | None = None) -> None:
    """The file's first problem of `code` is at `line` (and `column`): the refused value is left
    out and the rest of the file is still read, so its other problems may stand beside it."""
    hostile = [p for p in report.problems if p.file == "evidence/hostile.yaml"]
    mine = [p for p in hostile if p.code == code]
    assert mine and mine[0].line == line, hostile
    if column is not None:
        assert mine[0].column == column, hostile
    assert ("ref-unknown-loi", "evidence/neighbour.yaml", 5, 20) in report.flatten(
        "code", "file", "line", "column"
    )
    assert not report.valid()


def assert_first_then_read(report: Report, code: str, line: int, column: int) -> None:
    """The character is a problem at its place, and the rest of the file is still read: its
    missing fields are problems of the same run."""
    hostile = [p for p in report.problems if p.file == "evidence/hostile.yaml"]
    assert [(p.line, p.column) for p in hostile if p.code == code] == [(line, column)], hostile
    assert "schema-missing" in {p.code for p in hostile}, hostile
    assert not report.valid()


def test_non_utf8_bytes(tmp_path: Path) -> None:
    report = check(tmp_path, b"id: PE-001\ntitle: caf\xe9\n")
    assert_first_then_read(report, "yaml-encoding", 2, 11)
    problem = next(p for p in report.problems if p.code == "yaml-encoding")
    assert "UTF-8" in problem.message + (problem.hint or "")


def test_every_refused_character_at_its_place(tmp_path: Path) -> None:
    """Controls pasted into a paragraph, each at its own line and column, and the file's other
    problems in the same run (once only the first was reported, and nothing else of the file)."""
    hostile = PE.replace("PE-001", "PE-004").replace("[LOI-1]", "[LOI-7]")
    lines = hostile.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = lines[at] + " \x0b"
    lines.append("notes: |\n  first\n  a bell \x07 and \x01\x02 here\n  caf\udce9")
    raw = "\n".join(lines).encode("utf-8", "surrogateescape")
    report = check(tmp_path, raw)
    got = [(p.code, p.line, p.column) for p in report.problems if p.file == "evidence/hostile.yaml"]
    n = len(lines)
    title = (at + 1, len(lines[at]))
    expected = {
        ("yaml-syntax", *title),
        ("yaml-syntax", n + 2, 10),
        ("yaml-syntax", n + 2, 16),
        ("yaml-syntax", n + 2, 17),
        ("yaml-encoding", n + 3, 6),
    }
    assert expected <= set(got), got
    assert "ref-unknown-loi" in {code for code, _, _ in got}, got


def test_many_refused_characters_are_counted(tmp_path: Path) -> None:
    text = PE + "notes: |\n" + "".join(f"  line {i} \x07\n" for i in range(30))
    report = check(tmp_path, text)
    mine = [p for p in report.problems if p.file == "evidence/hostile.yaml"]
    assert sum(p.code == "yaml-syntax" for p in mine) == 21  # twenty, then how many more
    assert "10 more" in mine[-1].message or any("10 more" in p.message for p in mine)


def test_binary_file_is_one_problem(tmp_path: Path) -> None:
    raw = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    report = check(tmp_path, raw)
    mine = [p for p in report.problems if p.file == "evidence/hostile.yaml"]
    assert [p.code for p in mine] == ["yaml-encoding"], mine
    assert "not read as text" in mine[0].message


def test_noncharacters_written_in_a_block_at_their_place(tmp_path: Path) -> None:
    text = PE.replace("PE-001", "PE-005") + 'notes: |\n  one\n  two \ufdd0 x\nextra: "\\ufdd1"\n'
    report = check(tmp_path, text)
    n = PE.count("\n")
    places = [
        (p.line, p.column)
        for p in report.problems
        if p.file == "evidence/hostile.yaml" and p.code == "text-character"
    ]
    assert places == [(n + 3, 7), (n + 4, 9)], places


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    assert_one_problem(check(tmp_path, PE.encode("utf-16")), "yaml-encoding", 1)


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    report = check(tmp_path, b"\xef\xbb\xbf" + PE.replace("PE-001", "PE-002").encode())
    assert [p.file for p in report.problems] == ["evidence/neighbour.yaml"]


def test_tab_indentation(tmp_path: Path) -> None:
    # The rest of the file is read around the block YAML stops in: a whole item has no other
    # problem, and nothing is said of `source`, which is present but unreadable.
    text = PE.replace("PE-001", "PE-002").replace(
        "  title: Doc\n  publisher: Dept\n  acc", "\ttitle: Doc\n  publisher: Dept\n  acc"
    )
    report = check(tmp_path, text)
    assert_one_problem(report, "yaml-syntax", 8, 1)
    hint = next(p.hint for p in report.problems if p.file == "evidence/hostile.yaml")
    assert hint is not None and "tabs" in hint


def test_duplicate_keys(tmp_path: Path) -> None:
    report = check(tmp_path, PE.replace("PE-001", "PE-002") + "title: Again\n")
    assert_one_problem(report, "yaml-duplicate-key", 17, 1)
    problem = next(p for p in report.problems if p.file == "evidence/hostile.yaml")
    assert "`title`" in problem.message and "line 3" in problem.message


def test_duplicate_keys_nested(tmp_path: Path) -> None:
    text = PE.replace("PE-001", "PE-002").replace(
        "  title: Doc\n", "  title: Doc\n  title: Two\n", 1
    )
    assert_one_problem(check(tmp_path, text), "yaml-duplicate-key", 9, 3)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('title: !!python/object/apply:os.system ["echo hacked > {marker}"]\n', 1, 8),
        ('!!python/object/apply:os.system ["echo hacked > {marker}"]\n', 1, 1),
        ('id: PE-001\nx: !!python/object/apply:subprocess.call [["touch", "{marker}"]]\n', 2, 4),
        ("x: !!python/name:os.system\n", 1, 4),
        ("x: !custom value\n", 1, 4),
        ("x: !!binary aGVsbG8=\n", 1, 4),
        ("x: !!set {a, b}\n", 1, 4),
    ],
)
def test_unsafe_tags_are_refused_and_nothing_runs(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    marker = tmp_path / "HACKED"
    report = check(tmp_path, text.replace("{marker}", str(marker)))
    assert_problem_at(report, "yaml-unsafe-tag", line, column)
    assert not marker.exists()


def test_every_problem_beside_an_alias_or_a_tag_is_still_found(tmp_path: Path) -> None:
    """Red-team stop 25: one alias or one unsafe tag hid every other problem of the file (a bad
    date, a number written as text): the refused value is now left out and the rest read."""
    text = (
        PE.replace("PE-001", "PE-006")
        .replace("lines_of_inquiry: [LOI-1]", "lines_of_inquiry: &l [LOI-1]\nrelated: *l")
        .replace('date: "2024"', "date: 2024-13")
        .replace("title: A policy", "title: !!python/object:os.system x")
    )
    report = check(tmp_path, text)
    codes = {p.code for p in report.problems if p.file == "evidence/hostile.yaml"}
    assert {"yaml-alias", "yaml-unsafe-tag"} <= codes, codes
    assert codes & {"schema-date", "schema-value", "schema-pattern", "schema-format"}, codes
    alias = [p for p in report.problems if p.code == "yaml-alias"]
    assert [(p.line, p.message.split(":")[0]) for p in alias] == [
        (6, "alias `*l` repeats the value anchored at line 5")
    ], alias


def test_billion_laughs(tmp_path: Path) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(f'*{prev}' for _ in range(9))}]")
    report = check(tmp_path, "\n".join(lines) + "\n")
    assert_problem_at(report, "yaml-alias", 2, 8)  # the first alias, `*a`


def test_aliases_of_a_long_paragraph_are_refused_before_pandoc(tmp_path: Path) -> None:
    """The red team's file: one paragraph of ~19,000 characters of raw HTML, repeated by
    aliases. Expanded, 1,600 of them cost 278 s and 4.5 GB; refused, the file costs its reading."""
    paragraph = ("word <b>x</b> " * 1_400)[:19_000]
    text = TM.replace("TM-001", "TM-002").replace(
        "  - First.\n  - Second.\n", f"  - &p {json.dumps(paragraph)}\n" + "  - *p\n" * 1_600
    )
    assert len(text) < 40_000
    report = check(tmp_path, text)
    assert_problem_at(report, "yaml-alias", 14, 5)
    problem = next(p for p in report.problems if p.code == "yaml-alias")
    assert "`*p`" in problem.message and "line 13" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: &x 1\n", 1, 4),  # an anchor that nothing uses is refused too
        ("a: 1\nb: !!str &q v\nc: *q\n", 3, 4),  # anchored after a tag
        ("a: {k: &x 1, j: *x}\n", 1, 17),
        ("a: [1,&x 2, *x]\n", 1, 13),
        ("a: &x [*x]\n", 1, 8),  # a value that holds itself
        ("a: &k x\n*k : 1\n", 2, 1),  # an alias as a key
        ("? &k a\n: 1\n", 1, 3),
        ("%YAML 1.2\n---\nx: {a?: b}\ny: &z 1\nz: *z\n", 5, 4),  # read by the pure parser
    ],
)
def test_anchors_and_aliases_are_refused_where_they_stand(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    assert_problem_at(check(tmp_path, text), "yaml-alias", line, column)


def test_text_that_looks_like_anchors_or_aliases_is_text(tmp_path: Path) -> None:
    text = (
        PE.replace("PE-001", "PE-002")
        .replace("title: A policy", "title: R&D & Q&A, *not* an alias")
        .replace("extract: Words.", "extract: a '&b' *c* &amp; *emphasis* and a * b")
    )
    report = check(tmp_path, text)
    assert [p.file for p in report.problems] == ["evidence/neighbour.yaml"]


def test_a_file_of_too_many_values(tmp_path: Path) -> None:
    """Without aliases, each value is written out: the bound on values still holds."""
    text = "x: [" + "1," * MAX_NODES + "1]\n"
    assert len(text) < MAX_BYTES
    assert_one_problem(check(tmp_path, text), "yaml-too-many-values", 1)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_flow_sequence(tmp_path: Path, depth: int) -> None:
    report = check(tmp_path, "x: " + "[" * depth + "]" * depth + "\n")
    assert_one_problem(report, "yaml-too-deep", 1)


def test_deeply_nested_unclosed(tmp_path: Path) -> None:
    assert_one_problem(check(tmp_path, "x: " + "[" * 200_000 + "\n"), "yaml-too-deep", 1)


def test_deeply_nested_flow_mapping(tmp_path: Path) -> None:
    text = "x: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n"
    assert_one_problem(check(tmp_path, text), "yaml-too-deep", 1)


def test_deeply_nested_block_sequence(tmp_path: Path) -> None:
    assert_one_problem(check(tmp_path, "x:\n" + "- " * 50_000 + "a\n"), "yaml-too-deep", 2)


def test_deeply_nested_block_mapping(tmp_path: Path) -> None:
    text = "".join(" " * i + "k:\n" for i in range(900)) + " " * 900 + "v\n"
    report = check(tmp_path, text)
    hostile = next(p for p in report.problems if p.file == "evidence/hostile.yaml")
    assert_one_problem(report, "yaml-too-deep", hostile.line)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    report = check(tmp_path, "summary: " + "a" * MAX_BYTES + "\n")
    assert_one_problem(report, "file-too-large", 1, 1)


def test_empty_file(tmp_path: Path) -> None:
    assert_one_problem(check(tmp_path, ""), "schema-type", 1, 1)


def test_comments_only(tmp_path: Path) -> None:
    assert_one_problem(check(tmp_path, "# nothing here\n"), "schema-type", 1, 1)


def test_list_instead_of_a_mapping(tmp_path: Path) -> None:
    report = check(tmp_path, "# a list\n- id: PE-001\n- kind: policy_extract\n")
    assert_one_problem(report, "schema-type", 2, 1)
    problem = next(p for p in report.problems if p.file == "evidence/hostile.yaml")
    assert "mapping" in problem.message


def test_scalar_instead_of_a_mapping(tmp_path: Path) -> None:
    assert_one_problem(check(tmp_path, "just some text\n"), "schema-type", 1, 1)


def test_nul_character(tmp_path: Path) -> None:
    assert_first_then_read(check(tmp_path, b"id: PE-001\ntitle: a\x00b\n"), "yaml-syntax", 2, 9)


def test_two_documents(tmp_path: Path) -> None:
    text = PE.replace("PE-001", "PE-002") + "---\nid: PE-003\n"
    assert_one_problem(check(tmp_path, text), "yaml-syntax", 17)


def test_unclosed_quote(tmp_path: Path) -> None:
    report = check(tmp_path, PE.replace("PE-001", "PE-002") + 'notes: "unclosed\n')
    hostile = next(p for p in report.problems if p.file == "evidence/hostile.yaml")
    assert_one_problem(report, "yaml-syntax", hostile.line)
    assert hostile.line >= 2


@pytest.mark.parametrize("text", ["x: !!int abc\n", "x: !!bool maybe\n", "x: !!float nope\n"])
def test_explicit_tag_with_a_bad_value(tmp_path: Path, text: str) -> None:
    assert_problem_at(check(tmp_path, text), "yaml-value", 1, 4)


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "c:\n  <<: {b: 1}\n"])
def test_keys_that_are_not_text(tmp_path: Path, text: str) -> None:
    report = check(tmp_path, text)
    hostile = next(
        p for p in report.problems if p.file == "evidence/hostile.yaml" and p.code == "yaml-key"
    )
    assert_problem_at(report, "yaml-key", hostile.line)


def test_kind_that_is_a_list(tmp_path: Path) -> None:
    text = PE.replace("PE-001", "PE-002").replace("kind: policy_extract", "kind: [policy_extract]")
    report = check(tmp_path, text)
    assert_one_problem(report, "schema-type", 2, 7)  # a list, not text


def test_non_utf8_column_counts_characters(tmp_path: Path) -> None:
    report = check(tmp_path, "id: PE-001\ntitle: café ".encode() + b"\xff\n")
    assert_first_then_read(report, "yaml-encoding", 2, 13)


PLAIN_SCALARS = st.one_of(
    st.sampled_from(
        [
            "1",
            "-1",
            "+1",
            "0o17",
            "0x1F",
            "1_000",
            "1.5",
            "-.5",
            ".inf",
            "-.Inf",
            ".nan",
            "1e3",
            "true",
            "True",
            "TRUE",
            "false",
            "yes",
            "no",
            "null",
            "Null",
            "~",
            "2024",
            "2024-05",
            "2024-05-01",
            "2024-05-01T10:00:00",
            "=",
            "<<",
            "Tuesday",
            "Nobody",
            "T",
            "F",
            "N",
        ]
    ),
    # No `:`: `0:` would be a key, and keys are always text.
    st.from_regex(r"\A[-+.0-9TtFfNn~][0-9a-zA-Z._+-]{0,12}\Z"),
)


@given(values=st.lists(PLAIN_SCALARS, min_size=1, max_size=6))
def test_plain_scalars_read_the_same_every_time_they_recur(values: list[str]) -> None:
    """A plain scalar's tag is resolved once, then remembered: a value read again, in the same
    file or another, reads as it did the first time, and as ruamel's own 1.2 loader reads it
    (dates stay text: the model decides what a date may look like)."""
    text = "".join(f"- {v}\n" for v in values)
    try:
        expected = YAML(typ="safe", pure=True).load(text)
    except Exception:
        return  # ruamel itself refuses it: nothing to compare
    expected = [e.isoformat() if isinstance(e, dt.date) else e for e in expected]
    for _ in range(2):
        try:
            got = read_yaml(text.encode()).data
        except YamlProblem:
            return
        assert len(got) == len(values)
        for g, e, v in zip(got, expected, values, strict=True):
            if isinstance(e, str) and ("-" in v or ":" in v):
                continue  # a date or time: kept as written
            assert type(g) is type(e) and (g == e or (g != g and e != e)), (v, g, e)


def test_long_plain_values_are_not_kept_after_reading() -> None:
    """Plain values that could be numbers are remembered once resolved, but only short ones: a
    file of long ones leaves nothing behind in the worker that reads the next files."""
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for rep in range(3):
            text = "".join(f"- {rep}{i:03d}{'x' * 5_000}\n" for i in range(100))
            assert len(read_yaml(text.encode()).data) == 100
            del text
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 300_000, f"{kept:,} bytes kept after reading 1.5 MB of long values"


def test_a_draft_file_yaml_cannot_read_as_written_is_still_an_error(tmp_path: Path) -> None:
    """A draft's problems are warnings; but a file that is not UTF-8 or holds an alias or a tag is
    broken for every tool that reads the repository (red-team stop 25: once such files were
    read past their flaw, a draft holding one passed `validate`)."""
    text = PE.replace("PE-001", "PE-007") + "status: draft\nnotes: &a caf\xe9\nmore: *a\n"
    report = check(tmp_path, text.encode("latin-1"))
    mine = {(p.code, p.severity) for p in report.problems if p.file == "evidence/hostile.yaml"}
    assert ("yaml-encoding", "error") in mine and ("yaml-alias", "error") in mine, mine
    assert not report.valid()


def test_a_refused_list_element_keeps_later_places_and_is_said_once(tmp_path: Path) -> None:
    """A refused element is kept as nothing: the next element keeps its line (red-team stop 25:
    an unknown line of inquiry after it was reported on its line), and no schema problem repeats
    the refusal at the same place."""
    text = PE.replace("PE-001", "PE-008").replace(
        "lines_of_inquiry: [LOI-1]", "lines_of_inquiry:\n  - LOI-1\n  - !x LOI-2\n  - LOI-99"
    )
    report = check(tmp_path, text)
    mine = [(p.code, p.line) for p in report.problems if p.file == "evidence/hostile.yaml"]
    tag_line = text.split("\n").index("  - !x LOI-2") + 1
    assert ("yaml-unsafe-tag", tag_line) in mine and ("ref-unknown-loi", tag_line + 1) in mine
    assert [line for code, line in mine if line == tag_line] == [tag_line], mine


def test_a_number_too_long_to_read_is_shortened_in_its_message(tmp_path: Path) -> None:
    """A 5,000-digit value (past Python's 4,300-digit limit) was printed whole, with the hint
    "remove the `!!` tag", which was never written (red-team, stop 28)."""
    report = check(tmp_path, PE.replace("summary: A summary.", "summary: " + "7" * 5000))
    [problem] = [p for p in report.problems if p.code == "yaml-value"]
    assert len(problem.message) < 120 and "5,000 characters" in problem.message
    assert "!!" not in (problem.hint or "")
