"""Stop 37 (red team h141): an id listed twice in `lines_of_inquiry` or `related` is named once
in the bundle (the index said "LOI-1, LOI-1", and "See also" was printed twice), while
`validate` warns of it (`ref-twice`) at the second."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def test_a_repeated_id_is_named_once_in_the_bundle(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    path = root / "evidence/statistics/ST-001.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "lines_of_inquiry: [LOI-1]", "lines_of_inquiry: [LOI-1, LOI-1]"
    )
    path.write_text(text + "related: [PE-001, PE-001]\n", encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["validate", "--root", str(root)])
    assert checked.exit_code == 0 and checked.output.count("ref-twice") == 2, checked.output
    built = runner.invoke(main, ["build", "--root", str(root), "--format", "html"])
    assert built.exit_code == 0, built.output
    page = next((root / "build/html/items").glob("*ST-001*.html")).read_text(encoding="utf-8")
    assert "LOI-1, LOI-1" not in page and page.count("See also") == 1, page
    index = (root / "build/html/index.html").read_text(encoding="utf-8")
    assert "LOI-1, LOI-1" not in index
    built = runner.invoke(main, ["build", "--root", str(root), "--format", "pdf"])
    assert built.exit_code == 0, built.output
    manifest = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    [item] = [i for i in manifest["items"] if i["id"] == "ST-001"]
    assert item["lines_of_inquiry"] == ["LOI-1"]
