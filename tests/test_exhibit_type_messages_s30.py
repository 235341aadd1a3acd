"""What `validate` says of an exhibit that is not what its name says (stop 30, red team h95):
a JPEG saved as `.png` was "not a PDF, PNG or JPEG by its contents (it looks like jpeg)", and an
empty file "not a PDF, PNG or JPEG"; they now say what they are."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from inquiry.cli import main
from inquiry.scaffold import init


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("letter.png", _jpeg(), "is a JPEG file named as a PNG (`.png`)"),
        ("empty.pdf", b"", "is empty (0 bytes)"),
        ("notes.pdf", b"Just some text\n", "is not a PDF, PNG or JPEG by its contents"),
    ],
)
def test_an_exhibit_not_what_its_name_says(
    tmp_path: Path, name: str, data: bytes, said: str
) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits").mkdir(exist_ok=True)
    (root / "evidence/exhibits" / name).write_bytes(data)
    item = root / "evidence/survey_findings/SF-001.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(text + f"exhibits:\n  - {{file: exhibits/{name}, description: A file}}\n")
    done = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    found = [p for p in json.loads(done.output)["problems"] if p["code"] == "exhibit-type"]
    assert len(found) == 1 and said in found[0]["message"], found
