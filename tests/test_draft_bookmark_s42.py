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


def _manifest(title: str, status: str) -> dict[str, object]:
    item = {"number": "D1", "id": "PE-001", "title": title, "first_page": 9, "status": status}
    return {"items": [{**item, "exhibits": []}]}


def test_a_drafts_bookmark_with_or_without_the_lead_is_its_own() -> None:
    """Red team h176: a draft titled `DRAFT · …` itself, built before stop 42 (no lead on its
    bookmark), was refused, the mark read off its own title; the message then gave the title
    it expected without the lead it looked for."""
    from inquiry.verify_manifest import Bookmark, outline_problem

    title = "DRAFT · a draft that says so itself"
    for shown in (f"D1 PE-001 {title} (p. 9)", f"D1 PE-001 DRAFT · {title} (p. 9)"):
        marks = [Bookmark("Tab D (p. 9)", 9, (Bookmark(shown, 9),))]
        assert outline_problem(marks, _manifest(title, "draft")) is None, shown
    wrong = [Bookmark("Tab D (p. 9)", 9, (Bookmark("D1 PE-001 Another (p. 9)", 9),))]
    said = outline_problem(wrong, _manifest("Plain", "draft"))
    assert said is not None and "`D1 PE-001 DRAFT · Plain (p. 9)`" in said, said
    # A final item's bookmark is read as written: a lead it does not have is not read off.
    lead = [Bookmark("Tab D (p. 9)", 9, (Bookmark("D1 PE-001 DRAFT · Plain (p. 9)", 9),))]
    assert outline_problem(lead, _manifest("Plain", "final")) is not None
