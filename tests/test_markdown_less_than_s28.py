"""A `<` that can open nothing (`<5`, `< 3`, `<=`) is stood in for while pandoc reads a field,
since pandoc looks ahead from every `<` for a tag's end (a field of figures read 1.6 times
slower); the blocks must be exactly those pandoc gives for the field as written."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquiry import markdown

PIECES = [
    "<", "<5", " <5", "< 3", "@TM-001<5", " <5@x", "<=", "<<", "<5@e.org>", "@", "<=a@b>",
    "<-x", "<a>", "</b>", "](", "]: ", " <5 6>", "{", "}", "=", "\"",
    "<!-- c -->", "<https://e.org>", "<x@e.org>",
    "`", "``", "$", "$$", "&#60;", "&lt;", "&#xE3A8;", "\ue3a8", ">", "*", "_", "[", "]", "(",
    ")", "@TM-001", "\\", "|", "-", "#", ":", "~~~", "```", "\n", "\n\n", "    ", " ", "a",
    "word", "5", "x",
]  # fmt: skip


FIELDS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def reference(texts: list[str]) -> list[list[object]]:
    """What pandoc reads from the texts as written, without the stand-in."""
    return markdown._parse_batch(texts, list(range(len(texts))))


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(FIELDS, min_size=1, max_size=20))
def test_the_stand_in_changes_no_block(texts: list[str]) -> None:
    assert markdown.parse_many(texts) == reference(texts)


def test_known_shapes_read_the_same() -> None:
    texts = [
        "Waiting <5 weeks, x <= y, a << b, `code <5`, $x<5$, and <https://example.org>.",
        "| area | rate |\n|---|---|\n| x | <5 |\n| y | < 10 |",
        "```\nif a <5:\n    pass\n```",
        "A <b>tag</b> and a < sign, <!-- a comment --> and 3<4.",
        "Stand-in \ue3a8 already here <5.",
        "A reference &#60; and <5.",
        "[x]( <5 6>) y",
        "[a]\n\n[a]: <5 6>",
        '[a]: <5> "t"\n\n[a]',
        "@TM-001<5 and <5@e.org> and <=a@b>",
    ]
    assert markdown.parse_many(texts) == reference(texts)
    assert "\ue3a8" not in str(markdown.parse_many(texts[:4]))
