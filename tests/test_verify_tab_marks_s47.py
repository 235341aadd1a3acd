"""Stop 47, red team h190: a copy whose tab bookmark was renamed ("FORGED TAB") was to `verify`
"re-saved by another program?", every page matching. A tab's bookmark is checked against the
manifest's tabs, in a copy that differs as a file and in one whose manifest was edited to match."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pikepdf
from test_served_loi import run
from test_verify_catalog_s33 import _built, _tamper


def _forge(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        tabs = [m for m in outline.root if m.title.startswith("Tab ")]
        tabs[0].title = "FORGED TAB"


def test_a_renamed_tab_bookmark_is_named(tmp_path: Path) -> None:
    root = _built(tmp_path)
    pdf = root / "build" / "bundle.pdf"
    code, out = run("verify", pdf)
    assert code == 0, out
    _tamper(pdf, _forge)
    code, out = run("verify", pdf)
    assert code == 1, out
    assert "its bookmarks contradict the manifest: tab A has no bookmark `Tab A — " in out, out
    assert "re-saved by another program" not in out
    manifest_path = root / "build" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["bundle"]["sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    code, out = run("verify", pdf)
    assert code == 1 and "tab A has no bookmark" in out, out


def test_a_page_deleted_or_inserted_is_named_by_its_own_number(tmp_path: Path) -> None:
    """Red team h190: a page deleted at 2 was "missing: page 4", whose content was there as
    page 3; one inserted was "added" at the end. Pages are paired by content."""
    from test_verify import altered, make_bundle

    from inquiry.verify import verify

    bundle = make_bundle(tmp_path / "received")
    manifest = bundle.with_name("manifest.json")
    cut = altered(bundle, tmp_path / "cut.pdf", lambda pdf: pdf.pages.__delitem__(1))
    result = verify(cut, manifest)
    assert (result.missing, result.added) == ((2,), ())

    def insert(pdf: pikepdf.Pdf) -> None:
        pdf.pages.insert(1, pdf.pages[0])  # a second copy of page 1, as page 2

    more = altered(bundle, tmp_path / "more.pdf", insert)
    result = verify(more, manifest)
    assert (result.missing, result.added) == ((), (2,))
