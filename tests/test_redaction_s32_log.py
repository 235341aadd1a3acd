"""What `validate` and `build` print of raw markup names no redacted string, not even part of
one (red team s32): the message quoted raw HTML cut to 40 characters before the log's
redaction ran, so `<a title="see the notes of Hobart Wrenf…` was printed, the part of the
name never matched. A long raw tag or command is now quoted by its name alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

NAME = "Hobart Wrenfield"
RAW = [
    '<a title="see the notes of Hobart Wrenfield">x</a>',
    '<span data-note="a very long attribute, then Hobart Wrenfield">y</span>',
    "\\textbf{a long command argument: Hobart Wrenfield was here}",
    "<!-- a comment longer than the quote, naming Hobart Wrenfield -->",
]


def _submission(tmp_path: Path, paragraphs: list[str] | None = None) -> Path:
    root = tmp_path / "repo"
    init(root)
    if paragraphs is None:
        paragraphs = [f"Raw markup: {raw} here." for raw in RAW]
    (root / "evidence/testimonies/TM-002.yaml").write_text(
        "\n".join(
            [
                "id: TM-002",
                "kind: testimony",
                "title: A statement with raw markup",
                "date: 2025-03-02",
                "lines_of_inquiry: [LOI-1]",
                "summary: A witness describes the targets.",
                "source: {title: Forum post, author: W-02, accessed: 2025-03-03}",
                "witness: {reference: W-02, role: Service user}",
                "consent: {publication: public, basis: Published by the author on a forum}",
                "paragraphs: " + json.dumps(paragraphs),
                "statement_of_truth: true",
                f"redact: [{NAME}]",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return root


def _squashed(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "--format", "json"],
        ["validate", "--format", "github"],
        ["build", "--format", "html"],
    ],
)
def test_raw_markup_is_quoted_without_any_part_of_a_redacted_name(
    tmp_path: Path, args: list[str]
) -> None:
    root = _submission(tmp_path)
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    out = result.output
    assert result.exit_code == 1, out
    assert out.count("markdown-raw") >= len(RAW), out
    for prefix in ("hobartwren", "hobartw", "wrenf"):
        assert prefix not in _squashed(out), out
    assert "<a …>" in out and "\\textbf…" in out and "<!-- … -->" in out, out


@pytest.mark.parametrize(
    "target",
    ["file:///C:/Users/Hobart%20Wrenfield/notes.doc", "file:///home/Hobart%2520Wrenfield/x.doc"],
)
def test_a_refused_links_encoded_target_names_no_one_in_the_log(
    tmp_path: Path, target: str
) -> None:
    """The target of a link to a file is said decoded (as often as it was encoded), so the log's
    redaction finds the name in it: `Hobart%20Wrenfield` was printed as written."""
    root = _submission(tmp_path, [f"See [the notes]({target}) here."])
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert "markdown-link" in result.output and "[REDACTED]" in result.output, result.output
    assert "wrenf" not in _squashed(result.output), result.output
