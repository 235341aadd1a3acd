"""`verify` against a served record knows the editions served before its latest: the bundle a
lawyer received in the first edition is that edition (exit 0), said as such, not a bundle
with "10 page(s) differ" (h111)."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_served_loi import run, served


def _second_edition(root: Path, tmp_path: Path) -> Path:
    first = tmp_path / "first.pdf"
    shutil.copy(root / "build" / "bundle.pdf", first)
    item = root / "evidence" / "statistics" / "ST-001.yaml"
    late = item.read_text(encoding="utf-8").replace("ST-001", "ST-009")
    (item.parent / "ST-009.yaml").write_text(late, encoding="utf-8")
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    return first


def test_the_first_edition_matches_the_record_of_the_second(tmp_path: Path) -> None:
    root = served(tmp_path)
    first = _second_edition(root, tmp_path)
    record = root / "served" / "public.json"
    code, out = run("verify", first, "--manifest", record)
    assert code == 0, out
    assert "earlier edition" in out and "edition 1 of 2" in out
    code, out = run("verify", root / "build" / "bundle.pdf", "--manifest", record)
    assert code == 0, out
    assert "earlier" not in out


def test_a_changed_copy_of_the_first_edition_still_differs(tmp_path: Path) -> None:
    root = served(tmp_path)
    first = _second_edition(root, tmp_path)
    data = bytearray(first.read_bytes())
    at = data.rindex(b"%%EOF")
    data[at - 2 : at - 1] = b" "  # a byte of the trailer area, outside any page
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data) + b"\n% appended\n")
    code, out = run("verify", altered, "--manifest", root / "served" / "public.json")
    assert code == 1, out
    assert "earlier edition" not in out


def test_a_manifest_is_not_a_record_and_has_no_earlier_editions(tmp_path: Path) -> None:
    root = served(tmp_path)
    first = _second_edition(root, tmp_path)
    code, out = run("verify", first, "--manifest", root / "build" / "manifest.json")
    assert code == 1, out
    assert "earlier edition" not in out


def test_serving_a_build_of_uncommitted_evidence_warns(tmp_path: Path) -> None:
    """The cover says "(with changes not committed)"; serve recorded it without a word, and the
    edition served could then be rebuilt from no commit (h111)."""
    from click.testing import CliRunner
    from conftest import committed

    from inquiry.cli import main
    from inquiry.scaffold import init

    root = tmp_path / "repo"
    init(root)

    committed(root)
    runner = CliRunner()
    assert (
        runner.invoke(main, ["build", "--root", str(root), "-q", "--format", "pdf"]).exit_code == 0
    )
    clean = runner.invoke(main, ["serve", "--root", str(root)])
    assert clean.exit_code == 0, clean.output
    assert "not committed" not in clean.stderr
    item = next((root / "evidence").rglob("TM-001.yaml"))
    item.write_text(item.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    assert (
        runner.invoke(main, ["build", "--root", str(root), "-q", "--format", "pdf"]).exit_code == 0
    )
    dirty = runner.invoke(main, ["serve", "--root", str(root)])
    assert dirty.exit_code == 0, dirty.output
    assert "warning: evidence/ or templates/ has changes not committed" in dirty.stderr
