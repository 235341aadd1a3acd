"""Stop 44, red team h179 F3: a redacted string in a line of inquiry's id (`LOI-HALLAM`) or in
the submission's `language` (`en-GB-hallam`) made the build refuse (`redact-own-wording`: the
bundle prints both as written) after `validate` had said valid, so a pull request's checks
passed and its build failed. Validate now says so at the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_served_loi import run

from inquiry.scaffold import init


def _submission(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "repo"
    init(root)
    sub = root / "evidence/submission.yaml"
    text = sub.read_text(encoding="utf-8")
    assert old in text
    sub.write_text(text.replace(old, new), encoding="utf-8")
    for item in (root / "evidence").rglob("*.yaml"):
        if item.name != "submission.yaml":
            item.write_text(item.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    tm = root / "evidence/testimonies/TM-001.yaml"
    tm.write_text(tm.read_text(encoding="utf-8") + "redact:\n  - Hallam\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("old", "new"),
    [("LOI-1", "LOI-HALLAM"), ("language: en-GB", "language: en-GB-hallam")],
    ids=["a line of inquiry's id", "the language"],
)
def test_validate_says_what_the_build_refuses(tmp_path: Path, old: str, new: str) -> None:
    root = _submission(tmp_path, old, new)
    code, out = run("validate", "--root", root)
    line = next((n for n in out.splitlines() if "redact-own-wording" in n), None)
    assert code == 1 and line is not None, out
    assert line.startswith("evidence/testimonies/TM-001.yaml:"), line
    assert "Hallam" not in line.split("]", 1)[1], line  # the log names no redacted string
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 1 and "redact-own-wording" in out, out


def test_a_line_of_inquiry_named_otherwise_says_nothing(tmp_path: Path) -> None:
    root = _submission(tmp_path, "LOI-1", "LOI-TARGETS")
    code, out = run("validate", "--root", root)
    assert code == 0 and "redact-own-wording" not in out, out
