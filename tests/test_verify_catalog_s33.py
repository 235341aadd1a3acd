"""What no page hash covers: page labels, the opening view, document-level actions. A bundle
whose labels were rewritten (viewer page numbers no longer the bundle's) or that runs a script
when opened was "re-saved by another program?" to `verify`, and `serve` recorded it once the
manifest's file hash was edited to match (h111)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from test_served_loi import run

from inquiry.scaffold import init
from inquiry.verify import catalog_problems


def _built(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    init(root)
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    return root


def _labels(pdf: pikepdf.Pdf) -> None:
    pdf.Root.PageLabels = pikepdf.Dictionary(
        Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.r)])
    )


def _script(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )


def _page_six(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Array([pdf.pages[-1].obj, pikepdf.Name.XYZ, None, None, 1])


def _attachment(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["note.txt"] = pikepdf.AttachedFileSpec(pdf, b"hello")


CHANGES: dict[str, tuple[Callable[[pikepdf.Pdf], None], str]] = {
    "labels": (_labels, "page labels"),
    "script": (_script, "runs an action when opened"),
    "opens elsewhere": (_page_six, "does not open on page 1"),
    "attachment": (_attachment, "attached files"),
}


def _tamper(pdf_path: Path, change: Callable[[pikepdf.Pdf], None]) -> None:
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(pdf_path)


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_verify_names_a_changed_catalogue_and_serve_refuses_it(tmp_path: Path, name: str) -> None:
    change, said = CHANGES[name]
    root = _built(tmp_path)
    pdf = root / "build" / "bundle.pdf"
    assert catalog_problems(pdf) == []
    _tamper(pdf, change)
    code, out = run("verify", pdf)
    assert code == 1, out
    assert "not as built" in out and said in out, out
    assert "re-saved by another program" not in out
    # The manifest's file hash edited to match: the pages still do, the catalogue does not.
    manifest_path = root / "build" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["bundle"]["sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    code, out = run("serve", "--root", root)
    assert code == 1, out
    assert said in out
    assert not (root / "served" / "public.json").exists()
