"""Stop 38, red team h147: an item file put at the repository's top (`TM-701.yaml`, beside
evidence/) was left out in silence and the run said valid. It is now `file-not-read` there (an
error when it holds a `redact` list, as for any file not read)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def _problems(root: Path) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    return result.exit_code, json.loads(result.output)["problems"]


def test_an_item_at_the_top_of_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    text = (root / "evidence/testimonies/TM-001.yaml").read_text(encoding="utf-8")
    (root / "TM-701.yaml").write_text(text.replace("TM-001", "TM-701"), encoding="utf-8")
    (root / "notes.yaml").write_text("a: 1\n", encoding="utf-8")  # not named like an item
    (root / "SF-900.yml").mkdir()  # a folder
    code, problems = _problems(root)
    assert code == 0, problems
    found = [
        (p["file"], p["code"], p["severity"]) for p in problems if p["code"] != "loi-no-evidence"
    ]
    assert found == [("TM-701.yaml", "file-not-read", "warning")], problems


def test_one_holding_a_redact_list_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    text = (root / "evidence/testimonies/TM-001.yaml").read_text(encoding="utf-8")
    listed = text.replace("TM-001", "TM-701") + "redact: [Jane Placeholder]\n"
    (root / "TM-701.yaml").write_text(listed, encoding="utf-8")
    code, problems = _problems(root)
    assert code == 1, problems
    assert [(p["file"], p["severity"]) for p in problems if p["code"] == "file-not-read"] == [
        ("TM-701.yaml", "error")
    ]
