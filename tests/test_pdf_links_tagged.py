"""Every link on a page the bundle lays out is in the structure tree (Matterhorn 28-002): a
tab's heading row, repeated at the top of the index's next page as an artifact, carried a link
no screen reader could reach, though Tab stopped on it (stop 27's accessibility red team)."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def test_no_link_on_a_laid_out_page_is_outside_the_structure_tree(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    example = (root / "evidence/policy_extracts/PE-001.yaml").read_text(encoding="utf-8")
    for n in range(2, 70):  # an index of several pages, tab D's rows running over a page
        (root / f"evidence/policy_extracts/PE-{n:03d}.yaml").write_text(
            example.replace("PE-001", f"PE-{n:03d}"), encoding="utf-8"
        )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    front = manifest["bundle"]["front_pages"][1]
    assert front >= 3
    orphans, links = [], 0
    with pikepdf.open(root / "build/bundle.pdf") as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.obj.get("/Annots", pikepdf.Array()):
                if annot.get("/Subtype") != pikepdf.Name.Link:
                    continue
                links += 1
                if "/StructParent" not in annot:
                    orphans.append((number, str(annot.get("/Contents", ""))))
    assert links > 70 and orphans == []
