"""A draft's bookmark says DRAFT, as its pages, its index row and its HTML page title do (red team
h174: a reader moving by the bookmarks met the draft's number and title with nothing to say it
was not to be relied on), and `inquiry verify` still finds each item's bookmark."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from click.testing import CliRunner

from inquiry.cli import main


def bookmarks(pdf: Path) -> list[str]:
    out: list[str] = []

    def walk(items: list[pikepdf.OutlineItem]) -> None:
        for item in items:
            out.append(item.title)
            walk(item.children)

    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        walk(outline.root)
    return out


def test_a_drafts_bookmark_says_draft_and_the_bundle_verifies(sample: Path) -> None:
    run = CliRunner().invoke(
        main, ["build", "--root", str(sample), "--format", "pdf", "--include-drafts", "-q"]
    )
    assert run.exit_code == 0, run.output
    titles = bookmarks(sample / "build/bundle.pdf")
    draft = [t for t in titles if " ST-002 " in t]
    assert len(draft) == 1 and " ST-002 DRAFT · A draft statistic (p. " in draft[0], draft
    others = [t for t in titles if t not in draft]
    assert others and not any("DRAFT" in t for t in others), others
    checked = CliRunner().invoke(main, ["verify", str(sample / "build/bundle.pdf")])
    assert checked.exit_code == 0, checked.output


def test_verify_refuses_draft_on_a_final_items_bookmark(sample: Path) -> None:
    """The lead `DRAFT · ` is read off a draft's bookmark only: a manifest that calls the item
    final does not match a bookmark that calls it a draft."""
    import json

    run = CliRunner().invoke(
        main, ["build", "--root", str(sample), "--format", "pdf", "--include-drafts", "-q"]
    )
    assert run.exit_code == 0, run.output
    path = sample / "build/manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for item in manifest["items"]:
        if item["id"] == "ST-002":
            assert item["status"] == "draft"
            item["status"] = "final"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    checked = CliRunner().invoke(main, ["verify", str(sample / "build/bundle.pdf")])
    assert checked.exit_code == 1, checked.output
    assert "ST-002" in checked.output, checked.output
