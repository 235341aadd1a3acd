"""A served tab's first item withdrawn, reissued, made restricted or a draft: the next served
item of the tab keeps its pages as served, without the tab's heading it was served without.

Red team h170 (stop 41): withdrawing B1 put "Tab B — Testimonies" over B2's untouched first
page (a served page's text changed), and when B2's page was full the build refused B2 as grown
(`served-item-grew` at a file nobody had touched, whose only way out, `--reissue`, moves a cited
item)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def page_text(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pages_of(root: Path, item: str) -> tuple[int, int]:
    manifest = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    (row,) = [i for i in manifest["items"] if i["id"] == item]
    return row["first_page"], row["last_page"]


@pytest.mark.parametrize("how", ["deleted", "restricted", "draft", "reissued"])
def test_the_next_item_keeps_its_served_pages(tmp_path: Path, how: str) -> None:
    root = tmp_path / "repo"
    init(root)
    first = root / "evidence/testimonies/TM-001.yaml"
    second = root / "evidence/testimonies/TM-002.yaml"
    text = first.read_text(encoding="utf-8")
    second.write_text(
        text.replace("TM-001", "TM-002")
        .replace("date: 2025-05", "date: 2025-06")
        .replace("Example testimony", "A second testimony"),
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    pages = pages_of(root, "TM-002")
    served = page_text(root / "build/bundle.pdf", *pages)
    # B1 opened the tab: "Tab B" is only in B2's running head, once a page.
    assert served.count("Tab B") == pages[1] - pages[0] + 1, served
    reissue: tuple[str, ...] = ()
    if how == "deleted":
        first.unlink()
    elif how == "reissued":
        first.write_text(text.replace("The second paragraph.", "The second, longer."), "utf-8")
        reissue = ("--reissue", "TM-001")
    else:
        field = "audience: restricted" if how == "restricted" else "status: draft"
        first.write_text(text + field + "\n", encoding="utf-8")
    code, out = run("build", "--root", root, "--format", "pdf", *reissue)
    assert code == 0, out
    assert pages_of(root, "TM-002") == pages
    assert page_text(root / "build/bundle.pdf", *pages) == served
