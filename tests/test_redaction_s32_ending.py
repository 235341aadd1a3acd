"""The `s` a name may end with is not taken from the next word where a name touches other
letters (red team s32): `janequorvathstatement.PDF` was shown `[REDACTED]tatement.PDF`, the
`s` of `statement` taken as a plural. Inside a host's or a file's words an `s` goes with the
name only where no letter follows it (`hobartwrenfields.com`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools
from test_redaction_s32_links import found, write_testimony

from inquiry.redaction import Matcher

TEXTS = ["Files: janequorvathstatement.PDF and hobartwrenfields.com, #hobartwrenfieldsupport."]
ENTRIES = ["Jane Quorvath", "Hobart Wrenfield"]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("ending32") / "repo", paragraphs=TEXTS, redact=ENTRIES
    )
    return build_edition(root, tmp_path_factory.mktemp("ending32-out") / "out", build_cache)


@needs_tools
def test_the_next_words_s_stays(edition: Edition, tmp_path: Path) -> None:
    assert found(edition, tmp_path, ["quorvath", "wrenfield"]) == {}
    page = next((edition.out / "html/items").glob("*TM-032*.html")).read_text("utf-8")
    words = re.sub(r"<[^>]+>", "", page)
    assert "[REDACTED]statement.PDF" in words, words
    assert "[REDACTED].com" in words and "#[REDACTED]support" in words, words


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("janequorvathstatement.pdf", "[REDACTED]statement.pdf"),
        ("janequorvaths.co.uk", "[REDACTED].co.uk"),
        ("the Jane Quorvaths came", "the [REDACTED] came"),  # a whole word, as before
    ],
)
def test_an_s_goes_with_a_name_only_where_no_letter_follows(text: str, kept: str) -> None:
    assert Matcher.of(ENTRIES).plain(text) == kept
