"""Stop 46, red team h186 F1: `validate` printed a traceback and exited 1 for a valid submission
when its standard output could not write every character (a Windows runner's pipe is cp1252): an
exhibit named `証拠.png` in a warning, or the verdict line's dash under Latin-1. A character the
output cannot write is now written as its escape, as on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from inquiry.scaffold import init


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "ascii"])
@pytest.mark.parametrize("form", ["text", "json", "github"])
def test_validate_writes_what_its_output_cannot_hold_as_escapes(
    tmp_path: Path, encoding: str, form: str
) -> None:
    root = tmp_path / "repo"
    init(root)
    Image.new("RGB", (200, 100), "white").save(root / "evidence/exhibits/証拠.png")
    tm = root / "evidence/testimonies/TM-001.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8")
        + 'exhibits:\n  - {file: "exhibits/証拠.png", description: scan}\n',
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    done = subprocess.run(
        [sys.executable, "-m", "inquiry", "validate", "--root", str(root), "--format", form],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    # The exhibit's name or the verdict's dash, escaped (click writes UTF-8 where the output
    # claims to be ASCII, which it takes for a misconfigured locale).
    out = done.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    assert any(s in out for s in ("\\u8a3c", "\\u2014", "証", "\u2014")), out
