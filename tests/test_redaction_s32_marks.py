"""Bullets and dots of every shape between a name's words, and a thorn spelt `th` (red team
s32): `Hobart‣Wrenfield`, `Hobart◦Wrenfield`, `Hobart●Wrenfield`, `Hobart⸱Wrenfield`,
`HobartꞏWrenfield`, `Hobart᛫Wrenfield` and `Hobart⸳Wrenfield` stood in every output though the
documentation says middle dots and bullets join a name's words; and `Þórdís` was not `Thordis`."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools
from test_redaction_s32_links import found, write_testimony

from inquiry.folding import normalise, normalise_fast
from inquiry.redaction import Matcher

MARKS = "\u2023\u25e6\u25cf\u2e31\ua78f\u16eb\u2e33\u25aa"
TEXTS = [f"Written {i}: Hobart{mark}Wrenfield." for i, mark in enumerate(MARKS)] + [
    "Then Thordis Gunnarsdottir and þórdís gunnarsdóttir replied."
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("marks32") / "repo",
        paragraphs=TEXTS,
        redact=["Hobart Wrenfield", "Þórdís Gunnarsdóttir"],
    )
    return build_edition(root, tmp_path_factory.mktemp("marks32-out") / "out", build_cache)


@needs_tools
def test_a_name_joined_by_any_bullet_or_thorn_spelt_is_in_no_output(
    edition: Edition, tmp_path: Path
) -> None:
    leaks = found(edition, tmp_path, ["hobartwrenfield", "gunnarsdottir"])
    assert leaks == {}, {k: v[:4] for k, v in leaks.items()}
    page = next((edition.out / "html/items").glob("*TM-032*.html")).read_text("utf-8")
    assert page.count("[REDACTED]") == len(MARKS) + 2, page


@pytest.mark.parametrize("mark", list(MARKS))
def test_each_mark_joins_a_name(mark: str) -> None:
    text = f"seen by Hobart{mark}Wrenfield today"
    matcher = Matcher.of(["Hobart Wrenfield"])
    assert matcher.plain(text) == "seen by [REDACTED] today", hex(ord(mark))
    assert matcher.search(text)


def test_a_thorn_is_th_both_ways() -> None:
    assert normalise("Þþ")[0] == normalise_fast("Þþ") == "thth"
    assert Matcher.of(["Thordis Gunnarsdottir"]).plain("Þórdís Gunnarsdóttir") == "[REDACTED]"
