"""Stop 39, red team h156: a `[` or `{` left open on one line, with the next key on the next
line, was reported at the next line as `expected ',here]here:'`: the words YAML quotes were
hidden across its quoted marks (`','` … `']'`). It is now reported where it was opened, with
words of the file still never echoed."""

from __future__ import annotations

import warnings

import pytest

from inquiry.yamlcompose import YamlProblem
from inquiry.yamlnodes import read_text


def _problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        read_text(text, [])
    return caught.value


@pytest.mark.parametrize(
    ("text", "opened", "hint"),
    [
        ("id: ST-001\nlines_of_inquiry: [LOI-1\nrelated: [ST-002]\n", (2, 19), "`]`"),
        ("id: ST-001\nsource: {title: Survey\nrelated: [ST-002]\n", (2, 9), "`}`"),
    ],
)
def test_a_bracket_left_open_is_reported_where_it_was_opened(
    text: str, opened: tuple[int, int], hint: str
) -> None:
    problem = _problem(text)
    assert (problem.pos.line, problem.pos.column) == opened
    assert "here]" not in problem.message and "here}" not in problem.message
    assert "not closed" in problem.message and "line 3" in problem.message
    assert problem.hint is not None and hint in problem.hint


def test_a_quoted_name_in_yamls_message_is_still_withheld() -> None:
    problem = _problem("witness: *'Jane Placeholder'\n")
    assert "Placeholder" not in problem.message


def test_yamls_token_names_are_kept() -> None:
    problem = _problem("a: 'x' y: z\n")
    assert "'<scalar>'" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "redact:\n  - *<jane.placeholder@example.org>*\n",  # red team h161: kept as a token
        "witness: *Jane\"O'Placeholder\n",  # both quotes in the alias's name
        "witness: *'Jane Placeholder\n",
    ],
)
def test_an_aliass_name_is_never_echoed(text: str) -> None:
    problem = _problem(text)
    assert "placeholder" not in problem.message.casefold(), problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("witness: {\n  reference: W-01,\n  role: Therapist: senior,\n}\n", 3),
        ('lines_of_inquiry: [\n  LOI-1,\n  "LOI-2" LOI-3,\n]\n', 3),
    ],
)
def test_a_fault_inside_a_list_spanning_lines_is_said_where_it_is(text: str, line: int) -> None:
    """Red team h161: only a bracket whose next key YAML ran into is blamed; a list or mapping
    written over several lines, closed, with a fault inside, is reported at the fault."""
    problem = _problem(text)
    assert problem.pos.line == line, problem
    assert "not closed" not in problem.message and "expected ','" in problem.message


def test_ruamels_warnings_never_print_the_file() -> None:
    """Red team h161: a reused anchor made ruamel print the lines around it to stderr (a
    redacted name among them) in validate and build."""
    text = "summary: &a Jane Placeholder wrote.\nsource:\n  title: &a Example\n"
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        read_text(text, [])
    assert [str(w.message) for w in shown] == []
