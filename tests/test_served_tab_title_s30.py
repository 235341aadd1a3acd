"""A served tab taken out of submission.yaml once all its items were withdrawn keeps the title
it was served with (the served record's `bundle.tabs`) on its withdrawn pages' running head,
its index heading and its bookmark, and in the next record. Found by stop 30's red team (r2):
they said "Tab D" where the served pages said "Tab D — Policy extracts"."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
from test_served_loi import run

from inquiry.scaffold import init


def test_a_tab_taken_out_after_its_items_were_withdrawn_keeps_its_title(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    (root / "evidence/policy_extracts/PE-001.yaml").unlink()
    path = root / "evidence/submission.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("".join(line for line in text.splitlines(True) if "tab: D" not in line))
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    manifest = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    assert manifest["bundle"]["tabs"]["D"] == "Policy extracts"
    (gone,) = manifest["retired"]
    pdf = root / "build/bundle.pdf"
    page = subprocess.run(
        ["pdftotext", "-f", str(gone["first_page"]), "-l", str(gone["first_page"]), pdf, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    index = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Tab D — Policy extracts" in page
    assert "Tab D — Policy extracts" in index
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        titles = [str(mark.title) for mark in outline.root]
    assert f"Tab D — Policy extracts (p. {gone['first_page']})" in titles
    code, out = run("serve", "--root", root)
    assert code == 0, out
    record = json.loads((root / "served/public.json").read_text(encoding="utf-8"))
    assert record["manifest"]["bundle"]["tabs"]["D"] == "Policy extracts"


def test_a_kept_title_naming_someone_redacted_since_is_served(tmp_path: Path) -> None:
    """The build redacts a kept title as it redacts everything; serve compared the manifest's
    with the record's title unredacted and refused every build as edited (review h93)."""
    root = tmp_path / "repo"
    init(root)
    path = root / "evidence/submission.yaml"
    text = path.read_text(encoding="utf-8")
    assert "title: Policy extracts," in text
    path.write_text(text.replace("title: Policy extracts,", "title: Extracts from Carl Newname,"))
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    (root / "evidence/policy_extracts/PE-001.yaml").unlink()
    text = path.read_text(encoding="utf-8")
    path.write_text("".join(line for line in text.splitlines(True) if "tab: D" not in line))
    tm = root / "evidence/testimonies/TM-001.yaml"
    tm.write_text(tm.read_text(encoding="utf-8").rstrip("\n") + "\nredact: [Carl Newname]\n")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    manifest = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    assert manifest["bundle"]["tabs"]["D"] == "Extracts from [REDACTED]"
    code, out = run("serve", "--root", root)
    assert code == 0, out
