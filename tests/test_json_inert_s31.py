"""`validate --format json` holds no `##[`, which a CI runner reads as a command anywhere in a
line of its log (a file name or value can hold one); the JSON says the same text (stop 31's red
team: only the text and GitHub forms were made inert)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def test_a_command_in_a_file_name_is_inert_and_unchanged(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    name = "evidence/testimonies/##[group]x.yaml"
    (root / name).write_text("id: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "##[" not in result.output
    assert name in {p["file"] for p in json.loads(result.output)["problems"]}
