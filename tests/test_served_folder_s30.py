"""`served` that is a file, not the folder of served records: `validate` and `build` report it
(`served-record` at it) and `serve` refuses it in one plain line naming it. Found by stop 30's
red team (r10): validate said valid and serve failed with "serve failed: FileExistsError"."""

from __future__ import annotations

from pathlib import Path

from test_served_loi import run

from inquiry.scaffold import init


def test_served_as_a_file_is_refused_plainly(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    (root / "served").write_text("x\n", encoding="utf-8")
    said = "`served` at the repository root is a file, not a folder"
    code, out = run("validate", "--root", root)
    assert code == 1 and f"served:1:1: error[served-record] {said}" in out, out
    code, out = run("serve", "--root", root)
    assert code == 1, out
    assert out.startswith(f"serve refused: {said}") and "FileExistsError" not in out, out
    assert (root / "served").read_text(encoding="utf-8") == "x\n"
