"""Stop 40: the items' `redact` lists are walked once a validation, not once for each check
that asks and again for the log's redaction (~0.2 s a walk at 10,000 items)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry import redacted_log
from inquiry.cli import main
from inquiry.scaffold import init


def test_the_lists_are_walked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    init(root)
    tm = root / "evidence/testimonies/TM-001.yaml"
    tm.write_text(tm.read_text(encoding="utf-8") + "redact:\n  - Hobart Wrenfield\n", "utf-8")
    walks: list[int] = []
    original = redacted_log._walk

    def counted(corpus: object) -> object:
        walks.append(1)
        return original(corpus)  # type: ignore[arg-type]

    monkeypatch.setattr(redacted_log, "_walk", counted)
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "redact-not-found" in result.output  # the checks and the log both asked
    assert walks == [1]
    # A second validation reads a new corpus and walks it afresh.
    CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert walks == [1, 1]
