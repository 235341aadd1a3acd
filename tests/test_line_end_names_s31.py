"""A file whose name holds a line end is named as it is in JSON (`\\n` encoded by JSON) and in
GitHub's commands (`%0A`), so the path still names the file; the text form shows it escaped on
one line (stop 31's red team: JSON and GitHub printed a literal backslash and `n`)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def test_a_name_with_a_line_end_is_encoded_not_rewritten(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    name = "evidence/testimonies/a\nb\rc.yaml"
    (root / name).write_text("id: [\n", encoding="utf-8")

    def run(fmt: str) -> str:
        result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", fmt])
        assert result.exit_code == 1, result.output
        return result.output

    files = {p["file"] for p in json.loads(run("json"))["problems"]}
    assert name in files, files
    github = [line for line in run("github").splitlines() if "a%0Ab%0Dc.yaml" in line]
    assert github and github[0].startswith("::error file=evidence/testimonies/a%0Ab%0Dc.yaml,")
    assert "evidence/testimonies/a\\nb\\rc.yaml:" in run("text")
