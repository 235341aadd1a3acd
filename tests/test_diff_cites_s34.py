"""A served item reissued moves to new pages with a new number: every served item citing it
keeps its pages but shows the new pinpoint. Stop 33's red team (h111) found `inquiry diff`
silent about those pages; each item's `cites` now lists what its pages show of other items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.diff import diff
from inquiry.diff_render import render_text
from inquiry.scaffold import init


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def test_a_reissued_item_shows_in_the_diff_of_each_item_citing_it(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    testimony = root / "evidence/testimonies/TM-001.yaml"
    testimony.write_text(
        testimony.read_text(encoding="utf-8").replace(
            "  - The second paragraph.", "  - The second paragraph, on [@ST-001, p. 2]."
        ),
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf", "-q"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    served = json.loads((root / "served/public.json").read_text(encoding="utf-8"))["manifest"]
    code, out = run("build", "--root", root, "--format", "pdf", "-q", "--reissue", "ST-001")
    assert code == 0, out
    built = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))

    def cites(manifest: dict[str, Any], id_: str) -> list[str]:
        (item,) = [i for i in manifest["items"] if i["id"] == id_]
        return list(item["cites"])

    def pin(manifest: dict[str, Any]) -> str:
        (item,) = [i for i in manifest["items"] if i["id"] == "ST-001"]
        return f"{item['number']}/{item['first_page'] + 1}"

    assert cites(served, "TM-001") == [pin(served)]
    assert cites(built, "TM-001") == [pin(built)] != [pin(served)]
    code, out = run("diff", root / "served/public.json", root / "build/manifest.json")
    assert code == 1
    line = next(li for li in out.splitlines() if "TM-001" in li)
    assert line.startswith("changed") and f"cites [{pin(served)}] → [{pin(built)}]" in line, out
    code, out = run(
        "diff", root / "served/public.json", root / "build/manifest.json", "--format", "json"
    )
    assert "TM-001" in json.loads(out)["changed"]


def _manifest(cites: list[str] | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "TM-001",
        "number": "B1",
        "tab": "B",
        "title": "A testimony",
        "kind": "testimony",
        "first_page": 5,
        "last_page": 6,
        "lines_of_inquiry": ["LOI-1"],
        "source_sha256": "0" * 64,
        "exhibits": [],
    }
    if cites is not None:
        item["cites"] = cites
    return {"bundle": {"title": "T", "pages": 9}, "items": [item]}


def test_a_manifest_made_before_cites_existed_reports_no_change() -> None:
    assert diff(_manifest(None), _manifest(["C2/11"])).empty
    assert diff(_manifest(["C2/11"]), _manifest(["C2/11"])).empty
    changed = diff(_manifest(["A1/4", "C1/6"]), _manifest(["A1/4", "C2/11", "D1"]))
    assert changed.changed == {"TM-001": ("cites",)}
    assert "cites [C1/6] → [C2/11], [D1]" in render_text(changed)
