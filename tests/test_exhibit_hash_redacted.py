"""The public manifest and DOCX never publish the SHA-256 of an exhibit's unredacted source
(red-team pass, stop 24): with candidate originals in hand (the clinic that sent the letters),
the hash would tell which person's letter was redacted. A redacted exhibit is known by the hash
of the file published; an exhibit redaction did not touch keeps its source's hash."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from exhibit_helpers import one_page_pdf

from inquiry.build import build
from inquiry.scaffold import init


def _pdf(path: Path, text: str) -> None:
    content = f"BT /F1 14 Tf 72 700 Td ({text}) Tj ET".encode()
    one_page_pdf(content, mediabox=(0, 0, 595, 842)).save(path, deterministic_id=True)


def test_a_redacted_exhibit_is_known_by_the_published_files_hash(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    exhibits = root / "evidence" / "exhibits"
    exhibits.mkdir(exist_ok=True)
    _pdf(exhibits / "letter.pdf", "A letter from Agatha Thistlewood about her care.")
    _pdf(exhibits / "plain.pdf", "A leaflet about the service, naming nobody.")
    item = root / "evidence" / "testimonies" / "TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    assert "\nexhibits:" not in text and "\nredact:" not in text
    item.write_text(
        text
        + "redact: [Agatha Thistlewood]\nexhibits:\n"
        + "  - {file: exhibits/letter.pdf, description: A letter}\n"
        + "  - {file: exhibits/plain.pdf, description: A leaflet}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(root, out=out, formats=("pdf", "docx", "html"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [tm] = [i for i in manifest["items"] if i["id"] == "TM-001"]
    letter, plain = tm["exhibits"]
    source = hashlib.sha256((exhibits / "letter.pdf").read_bytes()).hexdigest()
    assert letter["redacted"] is True and letter["sha256"] != source
    published = letter["sha256"]
    assert len(published) == 64 and int(published, 16) >= 0
    assert plain["redacted"] is False
    assert plain["sha256"] == hashlib.sha256((exhibits / "plain.pdf").read_bytes()).hexdigest()
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert source not in body and published in body
    assert source not in (out / "manifest.json").read_text(encoding="utf-8")
