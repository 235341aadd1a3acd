"""The public manifest never publishes the SHA-256 of the file of an item that redacts (red-team
stop 25): `inquiry init`'s template and the public text are most of a testimony's file, so the
file's hash let anyone try candidate names until one matched. Such an item is known by the hash
of its data as redacted: two files that differ only in the witness's name read alike."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from inquiry.build import build
from inquiry.scaffold import init


def _manifest(tmp_path: Path, name: str) -> tuple[dict[str, object], str, str]:
    root = tmp_path / name.replace(" ", "-")
    init(root)
    item = root / "evidence" / "testimonies" / "TM-001.yaml"
    text = item.read_text(encoding="utf-8").replace(
        "  - The second paragraph.", f"  - I was seen by {name} on the ward."
    )
    item.write_text(text + f"redact: [{name}]\n", encoding="utf-8")
    pe = next((root / "evidence").rglob("PE-001.yaml"))
    pe.write_text(f"# Chosen with {name} (TM-001)\n" + pe.read_text(encoding="utf-8"))
    out = root / "out"
    build(root, out=out, formats=("pdf",))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [tm] = [i for i in manifest["items"] if i["id"] == "TM-001"]
    [sf] = [i for i in manifest["items"] if i["id"] == "SF-001"]
    sf_file = next((root / "evidence").rglob("SF-001.yaml")).read_bytes()
    assert sf["source_sha256"] == hashlib.sha256(sf_file).hexdigest()  # names no one
    assert "source_redacted" not in sf
    [pe] = [i for i in manifest["items"] if i["id"] == "PE-001"]
    assert pe["source_redacted"] is True  # its comment names the witness
    return tm, hashlib.sha256(item.read_bytes()).hexdigest(), (out / "manifest.json").read_text()


def test_an_item_that_redacts_is_known_by_its_redacted_data(tmp_path: Path) -> None:
    first, first_file, written = _manifest(tmp_path, "Agatha Thistlewood")
    second, second_file, _ = _manifest(tmp_path, "Quentin Marlowe")
    assert first["source_redacted"] is True
    assert first["source_sha256"] != first_file and first_file not in written
    # Only the name differs between the two files: the published hashes are the same.
    assert first_file != second_file
    assert first["source_sha256"] == second["source_sha256"]
