"""Stop 39, red team h156: a `[` or `{` left open on one line, with the next key on the next
line, was reported at the next line as `expected ',here]here:'`: the words YAML quotes were
hidden across its quoted marks (`','` … `']'`). It is now reported where it was opened, with
words of the file still never echoed."""

from __future__ import annotations

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
