"""A name run into a hashtag's words is found there (red team s32): `#JusticeForHobartWrenfield`
and `#hobartwrenfieldmuststay` stood in every output, since a name touching other letters was
looked for only in an e-mail address's name part and after `@`. A hashtag is now read as a
host's words are (a name of five letters or more); the HTML edition's own in-page links
(`href="#content"`) are not hashtags, so a witness called Conte still builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools
from test_redaction_s32_links import found, write_testimony

from inquiry.redaction import Matcher

TEXTS = [
    "Hashtags: #JusticeForHobartWrenfield and #hobartwrenfieldmuststay.",
    "Conte spoke; then #StandWithConte trended.",
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("tags32") / "repo",
        paragraphs=TEXTS,
        redact=["Hobart Wrenfield", "Conte"],
    )
    return build_edition(root, tmp_path_factory.mktemp("tags32-out") / "out", build_cache)


@needs_tools
def test_a_name_in_a_hashtag_is_in_no_output(edition: Edition, tmp_path: Path) -> None:
    leaks = found(edition, tmp_path, ["hobartwrenfield", "withconte"])
    assert leaks == {}, {k: v[:4] for k, v in leaks.items()}
    page = next((edition.out / "html/items").glob("*TM-032*.html")).read_text("utf-8")
    words = re.sub(r"<[^>]+>", "", page)
    assert "#JusticeFor[REDACTED]" in words and "#[REDACTED]muststay" in words, words
    assert 'href="#content"' in page  # the page's own link, left alone by the proof


@pytest.mark.parametrize(
    "text",
    [
        "#planning and #annual",  # a short name is not looked for inside a hashtag
        "colour #ed7d31 and &#233;",  # a colour, a character reference
        "issue #12 and #annex",
    ],
)
def test_a_short_name_or_a_colour_is_not_found_in_a_hashtag(text: str) -> None:
    assert Matcher.of(["Ann", "Ed"]).plain(text) == text
