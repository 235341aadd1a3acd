"""Stop 38, red team h147: `TM-107.yaml` holding `id: TM-199` was accepted in silence, and a
reviewer reading a pull request's list of files takes each file for the item its name says
(SPEC: "name files after the id"). A file named like an id that holds another id is now a
warning at its `id`; a file named otherwise is the author's choice."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def _problems(root: Path) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    return result.exit_code, json.loads(result.output)["problems"]


def _copy(root: Path, name: str, new_id: str) -> Path:
    source = root / "evidence/testimonies/TM-001.yaml"
    text = source.read_text(encoding="utf-8").replace("id: TM-001", f"id: {new_id}", 1)
    target = source.with_name(name)
    target.write_text(text, encoding="utf-8")
    return target


def test_a_file_named_after_another_id(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    _copy(root, "TM-107.yaml", "TM-199")
    code, problems = _problems(root)
    assert code == 0, problems  # a warning: the bundle is the same either way
    found = [p for p in problems if p["code"] == "id-file-name"]
    assert len(found) == 1, problems
    assert found[0]["file"] == "evidence/testimonies/TM-107.yaml"
    assert found[0]["severity"] == "warning"
    assert "TM-199" in str(found[0]["message"]) and "TM-107.yaml" in str(found[0]["message"])
    text = (root / "evidence/testimonies/TM-107.yaml").read_text(encoding="utf-8")
    id_line = next(k for k, line in enumerate(text.splitlines(), 1) if line.startswith("id:"))
    assert found[0]["line"] == id_line


def test_names_that_are_fine(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    _copy(root, "tm-107.yaml", "TM-107")  # the id in another case
    _copy(root, "our-testimony.yaml", "TM-108")  # not named like an id
    _copy(root, "TM-109.yml", "TM-109")
    code, problems = _problems(root)
    assert code == 0, problems
    assert not [p for p in problems if p["code"] == "id-file-name"], problems
