"""`serve` refuses a build/manifest.json edited after the build in anything the served record
keeps and a later build numbers or titles from: the front matter's lines of inquiry, an
item's lines of inquiry, an exhibit's file or hash, the bundle's title, a tab's title or the
tabs themselves. Found by stop 30's red team (r1): only each item's kind and source hash were
compared, and the next build re-rendered the served front matter from the edited record."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from test_served_loi import run

from inquiry.scaffold import init


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("served") / "repo"
    init(root)
    (root / "evidence/exhibits").mkdir(exist_ok=True)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(root / "evidence/exhibits/report.pdf")
    item = root / "evidence/survey_findings/SF-001.yaml"
    text = item.read_text(encoding="utf-8")
    exhibit = "exhibits:\n  - {file: exhibits/report.pdf, description: The report}\n"
    item.write_text(text + exhibit, encoding="utf-8")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    return root


def _set(path: tuple[Any, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def edit(m: dict[str, Any]) -> None:
        here: Any = m
        for key in path[:-1]:
            # "X": the first item with an exhibit
            here = here[key] if key != "X" else next(i for i in here if i["exhibits"])
        here[path[-1]] = value

    return edit


EDITS = {
    "front lines": (_set(("bundle", "lines_of_inquiry"), ["LOI-1"]), "bundle.lines_of_inquiry"),
    "item lines": (_set(("items", "X", "lines_of_inquiry"), ["LOI-2"]), "`lines_of_inquiry`"),
    "exhibit file": (
        _set(("items", "X", "exhibits", 0, "file"), "exhibits/other.pdf"),
        "exhibit 1 is",
    ),
    "exhibit hash": (_set(("items", "X", "exhibits", 0, "sha256"), "0" * 64), "`sha256`"),
    "title": (_set(("bundle", "title"), "Another bundle"), "`bundle.title`"),
    "tab title": (_set(("bundle", "tabs", "A"), "Something else"), "title of tab A"),
    "tabs": (_set(("bundle", "tabs"), {"A": "Survey findings"}), "`bundle.tabs`"),
}


def serve_edited(built: Path, edit: Callable[[dict[str, Any]], None]) -> tuple[int, str]:
    """`inquiry serve` of the build with its manifest edited by `edit` (then put back)."""
    path = built / "build/manifest.json"
    original = path.read_text(encoding="utf-8")
    data = json.loads(original)
    edit(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        return run("serve", "--root", built)
    finally:
        path.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EDITS))
def test_serve_refuses_a_manifest_edited_after_the_build(built: Path, name: str) -> None:
    edit, said = EDITS[name]
    code, out = serve_edited(built, edit)
    assert code == 1, out
    assert "does not describe this edition" in out and said in out, out
    assert "edited after the build: rebuild" in out
    assert not (built / "served").exists()


NOT_BUILT = {
    # A crash before (review h93: `serve failed: ValueError`), and a hole: a flag that turned
    # the hash check off, set where nothing is redacted or as a string.
    "supplement pages": (_set(("bundle", "supplement_pages"), "x"), "`bundle.supplement_pages`"),
    "tab title null": (_set(("bundle", "tabs", "A"), None), "`bundle.tabs`"),
    "redacted as a string": (
        _set(("items", "X", "exhibits", 0, "redacted"), "no"),
        "`redacted` must be true or false",
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_BUILT))
def test_serve_refuses_a_manifest_not_as_built(built: Path, name: str) -> None:
    edit, said = NOT_BUILT[name]
    code, out = serve_edited(built, edit)
    assert code == 1, out
    assert "is not as `inquiry build` writes it" in out and said in out, out
    assert "Traceback" not in out and not (built / "served").exists()


def test_the_manifest_as_built_is_served(built: Path) -> None:
    code, out = run("serve", "--root", built)
    assert code == 0, out
