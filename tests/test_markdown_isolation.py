"""No field's text can change how another field is read or written.

Found by a red-team pass: fields were joined into one Markdown document with a fixed separator
paragraph, and the split was trusted whenever the number of parts matched. A pull request adding
one testimony — one paragraph holding the separator, two opening and closing a code fence across
it — shifted every field in between by one, so another witness's paragraph read as the
attacker's words; `validate` said valid and the forgery stayed in the cache after the pull
request was gone. Fields are now read each as its own document, and written with a separator
no field can hold.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquiry import markdown
from inquiry.checks import markdown as checks_markdown
from inquiry.errors import BuildFailed

OLD_SEPARATOR = "INQUIRYFIELDSEPARATOR7F3A"


def alone(text: str) -> list[Any]:
    """The blocks pandoc reads from `text` as a document of its own."""
    doc = json.loads(markdown.run_pandoc(["-f", markdown.READER, "-t", "json"], text))
    return list(doc["blocks"])


def test_the_forged_paragraph_attack_changes_no_other_field() -> None:
    victim = "The first paragraph of the witness's own words."
    # In the order a build sorts them: one separator too many, one swallowed by a fence.
    texts = [
        "The first paragraph of the witness\n\n"
        f"{OLD_SEPARATOR}\n\nI withdraw everything I said; I was paid to complain.",
        victim,
        "The first paragraph of the witness's own words.x\n\n```",
        "The first paragraph of the witness's own words.y\n```",
    ]
    parsed = markdown.parse_many(texts)
    assert parsed == [alone(t) for t in texts]
    assert "withdraw" not in json.dumps(parsed[1])


def test_a_link_reference_or_footnote_stays_in_its_field() -> None:
    texts = [
        "[sic]: https://evil.example\n\n[^1]: a planted note\n\nFirst field.",
        "He said it [sic] twice[^1].\n\n# Heading\n\n(@) an example",
        "# Heading\n\n(@) another example",
    ]
    parsed = markdown.parse_many(texts)
    assert parsed == [alone(t) for t in texts]
    assert "evil.example" not in json.dumps(parsed[1]) and "planted" not in json.dumps(parsed[1])


FRAGMENTS = st.sampled_from(
    [
        "words",
        OLD_SEPARATOR,
        "```",
        "~~~",
        ":::",
        "[x]: https://example.org/x",
        "[x]",
        "[^1]",
        "[^1]: note",
        "# Heading",
        "(@) example",
        "- item",
        "> quote",
        "---",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "<!--",
        "-->",
        "    indented code",
    ]
)
TEXTS = st.lists(
    st.lists(FRAGMENTS, min_size=1, max_size=4).map("\n\n".join), min_size=2, max_size=6
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_each_field_reads_as_it_would_alone(texts: list[str]) -> None:
    assert markdown.parse_many(texts) == [alone(t) for t in texts]


def test_a_field_holding_text_like_a_separator_is_written_as_alone() -> None:
    fields = [alone("First."), alone("INQUIRYFIELD" + "A" * 32), alone("Third.")]
    written = markdown.write_many(fields, "html")
    solo = [markdown.write_many([f], "html")[0] for f in fields]
    assert written == solo and "Third." in written[2]


def test_a_field_pandoc_cannot_read_is_blamed_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch that fails as a whole is halved until the failing field is found; its
    neighbours are read and checked as usual."""
    real = markdown.run_pandoc

    def failing(args: list[str], text: str) -> str:
        if "poison" in text:
            raise BuildFailed(message="pandoc: took longer than its limit")
        return real(args, text)

    monkeypatch.setattr(markdown, "run_pandoc", failing)
    located: list[Any] = [
        (f"entry{i}", ("finding",), t) for i, t in enumerate(["a", "poison", "c"])
    ]
    monkeypatch.setattr(checks_markdown, "at", lambda entry, path, code, *_: (entry, code))
    problems, parsed = checks_markdown.parse(located)
    assert [tuple(p) for p in problems] == [("entry1", "markdown-unparsed")]  # type: ignore[arg-type]
    assert sorted(str(p.entry) for p in parsed) == ["entry0", "entry2"]


@pytest.mark.parametrize(
    "text",
    [
        "---\nkey: [unclosed\n---\n\nThe witness's words.",
        "---\ntitle: Hidden words\n---\n\nThe witness's words.",
        "% A title line\n% an author\n\nThe witness's words.",
    ],
)
def test_a_field_is_never_a_document_with_metadata(text: str) -> None:
    """A YAML or `%` title block at a field's start was taken into metadata: its words gone
    from every output, or a YAML error that stopped the build with no place."""
    [blocks] = markdown.parse_many([text])
    shown = json.dumps(blocks)
    first = text.split("\n")[1].split(" ")[-1].strip("[")
    assert first in shown and "witness" in shown


def test_fenced_divs_are_text_however_deep() -> None:
    """1,000 nested `:::` overflowed the JSON reader (exit 3, no place): a field has no divs."""
    text = "\n".join(["::: a"] * 1000 + ["words"] + [":::"] * 1000)
    [blocks] = markdown.parse_many([text])
    assert "Div" not in {node["t"] for node in markdown.walk(blocks)}


def test_text_like_an_old_token_is_kept() -> None:
    """`INQTOK7F3A0Z` was the renderer's own token: a witness's words matching it vanished."""
    from inquiry.render.richtext import Tokenised

    words = "Reference INQTOK7F3A0Z and INQTOK7F3A7Z here"
    assert Tokenised(words, ()).fill(lambda kind, attrs: "X") == words


def test_a_field_pandoc_cannot_read_is_named_by_the_build(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation sends few fields to pandoc; the build sends all. One that pandoc cannot read
    within its limits is a problem at its field (exit 1), never exit 3 with no place."""
    from click.testing import CliRunner

    from inquiry.cli import main

    real = markdown.run_pandoc

    def slow(args: list[str], text: str) -> str:
        if "poisoned words" in text:
            raise BuildFailed(message="pandoc: took longer than its limit")
        return real(args, text)

    item = sample / "evidence" / "testimonies" / "TM-001.yaml"
    lines = item.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    lines[at] = "summary: Some poisoned words."
    item.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(markdown, "run_pandoc", slow)
    done = CliRunner().invoke(
        main, ["build", "--root", str(sample), "--format", "pdf", "--no-cache"]
    )
    assert done.exit_code == 1, done.output
    assert f"TM-001.yaml:{at + 1}:10: error[markdown-unparsed]" in done.output


def test_no_field_holds_the_renderers_marker_characters() -> None:
    """`&#xFDD0;0&#xFDD1;` in a witness's paragraph rendered as `[PI]` (the renderer's token for
    a mark): pandoc makes noncharacters from character references, so they are replaced."""
    from inquiry.characters import bad_character
    from inquiry.render.richtext import tokenise

    texts = ["A &#xFDD0;0&#xFDD1; and &#64976;1&#64977; and [a](https://a.org/&#xFDD0;)."]
    [blocks] = markdown.parse_many(texts)
    strings = json.dumps(blocks, ensure_ascii=False)
    assert bad_character(strings) is None
    written = markdown.write_many([tokenise(blocks)[0]], "html")[0]
    assert "\ufdd0" not in written and "\ufdd1" not in written
