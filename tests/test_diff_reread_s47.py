"""Stop 47, red team h190: `inquiry diff` said "No changes to the bundle" (exit 0) between two
editions whose cover pages read differently (the submission's date changed): no item and no
bundle field it compares had. Pages whose hash differs, when nothing else does, are named."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from click.testing import CliRunner
from test_diff import BASE

from inquiry.cli_served import diff as diff_command
from inquiry.diff import diff
from inquiry.diff_render import render_json, render_markdown, render_text


def _recovered() -> dict[str, object]:
    new = copy.deepcopy(BASE)
    new["bundle"]["page_sha256"][0] = "b" * 64  # the cover
    new["bundle"]["page_sha256"][1] = "c" * 64
    new["bundle"]["page_sha256"][5] = "d" * 64
    return new


def test_pages_that_read_differently_are_a_difference() -> None:
    d = diff(BASE, _recovered())
    assert not d.empty
    assert d.reread == (1, 2, 6)
    text = render_text(d)
    assert "pages 1–2, page 6 read differently" in text, text
    assert "Pages 1–2, page 6 read differently" in render_markdown(d)
    assert json.loads(render_json(d))["reread"] == [1, 2, 6]


def test_the_cli_exits_1(tmp_path: Path) -> None:
    root = tmp_path
    (root / "old.json").write_text(json.dumps(BASE), encoding="utf-8")
    (root / "new.json").write_text(json.dumps(_recovered()), encoding="utf-8")
    done = CliRunner().invoke(diff_command, [str(root / "old.json"), str(root / "new.json")])
    assert done.exit_code == 1, done.output
    assert "read differently" in done.output


def test_identical_pages_are_still_no_difference() -> None:
    assert diff(BASE, copy.deepcopy(BASE)).empty


def test_a_diff_with_the_restricted_edition_warns_its_titles_are_unredacted(
    tmp_path: Path,
) -> None:
    """Red team h190: restricted against public printed a title naming someone the public
    edition redacts, saying nothing of it."""
    restricted = copy.deepcopy(BASE)
    restricted["bundle"]["audience"] = "restricted"
    restricted["items"][0]["title"] = "Another title"
    (tmp_path / "old.json").write_text(json.dumps(restricted), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(BASE), encoding="utf-8")
    done = CliRunner().invoke(
        diff_command, [str(tmp_path / "old.json"), str(tmp_path / "new.json")]
    )
    assert done.exit_code == 1, done.output
    assert "a restricted edition is compared" in done.output
    done = CliRunner().invoke(
        diff_command, [str(tmp_path / "new.json"), str(tmp_path / "new.json")]
    )
    assert "restricted edition" not in done.output
