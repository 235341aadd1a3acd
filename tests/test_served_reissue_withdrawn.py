"""A served number withdrawn, then its item brought back with `build --reissue ID`: the old
number is superseded by the new one, and its pages, index row and manifest say so. Stop 27's red
team found them still saying "Withdrawn: … is no longer part of this bundle" beside the item's
new number."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_withdrawn_number_brought_back_is_superseded_by_its_new_one(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    statistic = root / "evidence/statistics/ST-001.yaml"
    kept = statistic.read_text(encoding="utf-8")
    for step in ("served", "withdrawn"):
        if step == "withdrawn":
            statistic.unlink()
        for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
            code, out = run(*args)
            assert code == 0, (step, out)
    record = json.loads((root / "served/public.json").read_text(encoding="utf-8"))["manifest"]
    (gone,) = record["retired"]
    assert (gone["id"], gone["state"]) == ("ST-001", "withdrawn")
    statistic.write_text(kept, encoding="utf-8")
    code, out = run("build", "--root", root, "--format", "pdf", "--reissue", "ST-001")
    assert code == 0, out
    manifest = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    (back,) = [i for i in manifest["items"] if i["id"] == "ST-001"]
    (old,) = manifest["retired"]
    assert back["number"] != gone["number"]
    assert (old["number"], old["state"], old["superseded_by"]) == (
        gone["number"],
        "superseded",
        back["number"],
    )
    pdf = root / "build/bundle.pdf"
    for page in range(gone["first_page"], gone["last_page"] + 1):
        text = page_text(pdf, page)
        assert "Withdrawn" not in text and back["number"] in text, text
        assert str(back["first_page"]) in text, text
    index = "".join(page_text(pdf, p) for p in range(1, manifest["bundle"]["front_pages"][1] + 1))
    row = next(line for line in index.splitlines() if line.startswith(gone["number"]))
    assert "Withdrawn" not in row, row
