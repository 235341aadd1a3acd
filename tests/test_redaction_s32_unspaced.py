"""A name in a script written without spaces is found with a space or a mark inside it (red team
s32): `山田太郎` listed left `山田 太郎` (family name, space, given name) in every output, since a
run of Han characters is one word and no gap between words could fall inside it. A space or a
mark may now fall between any two of its characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools
from test_redaction_s32_links import found, write_testimony

from inquiry import name_patterns
from inquiry.redaction import Entry, Matcher

TEXTS = ["CJK: 山田 太郎 and 山田\u3000太郎 and 山田・太郎 wrote.", "Then 鈴木 花子 replied."]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("cjk32") / "repo", paragraphs=TEXTS, redact=["山田太郎", "鈴木花子"]
    )
    return build_edition(root, tmp_path_factory.mktemp("cjk32-out") / "out", build_cache)


@needs_tools
def test_a_han_name_with_a_space_inside_is_in_no_output(edition: Edition, tmp_path: Path) -> None:
    leaks = found(edition, tmp_path, ["山田太郎", "鈴木花子"])
    assert leaks == {}, {k: v[:4] for k, v in leaks.items()}
    page = next((edition.out / "html/items").glob("*TM-032*.html")).read_text("utf-8")
    assert page.count("[REDACTED]") == 4, page


@pytest.mark.parametrize("deep", [False, True])
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("山田 太郎さん", "[REDACTED]さん"),
        ("山 田 太 郎", "[REDACTED]"),
        ("山田花子", "山田花子"),  # another name
        ("山田 中 太郎", "山田 中 太郎"),  # a character between is not a gap
    ],
)
def test_a_gap_may_fall_between_any_two_characters(
    text: str, kept: str, deep: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if deep:  # the flat expression a tree too deep gives way to
        monkeypatch.setattr(name_patterns, "_TREE_DEPTH", -1)
    assert Matcher([Entry("山田太郎")]).plain(text) == kept


def test_a_han_name_is_found_so_beside_look_alike_letters() -> None:
    """A text holding Cyrillic is read a second time with look-alike letters; the name is found
    in that reading the same way."""
    assert Matcher.of(["山田太郎"]).plain("Jаne: 山田 太郎") == "Jаne: [REDACTED]"
