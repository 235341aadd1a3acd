"""Reading around a syntax error never fails itself: YAML counts a lone carriage return as a
line break where the recovery's lines did not, and a fault it placed past the last line made
reading the file an IndexError (found by the hypothesis test of arbitrary YAML text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inquiry.scaffold import init
from inquiry.validate import validate


@pytest.mark.parametrize(
    "text", ["\r%YAML 1.1", "\r%YAML", "id: TM-009\r%YAML 1.1", "id: TM-009\rkind: [\r"]
)
def test_a_fault_past_the_last_line_is_reported_not_raised(tmp_path: Path, text: str) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/testimonies/TM-009.yaml").write_text(text, encoding="utf-8", newline="")
    _, report = validate(root)
    mine = [p for p in report.problems if p.file.endswith("TM-009.yaml")]
    assert mine and all(p.line >= 1 and p.column >= 1 for p in mine)
    assert any(p.code.startswith("yaml-") for p in mine), mine


def test_a_large_file_is_read_around_fewer_syntax_errors(tmp_path: Path) -> None:
    """Each round reads the whole file again with YAML's pure-Python reader: a large file gets
    as many rounds as `READ_BUDGET` allows (a 480 KB file of 20 bad lines took 5.6 s)."""
    from inquiry import yamlrecover

    root = tmp_path / "repo"
    init(root)
    filler = "".join(f"note{k}: {'x' * 200}\n" for k in range(2000))  # about 420 KB
    broken = "".join(f"bad{k}: a: b\n" for k in range(20))
    text = "id: TM-009\nkind: testimony\n" + broken + filler
    (root / "evidence/testimonies/TM-009.yaml").write_text(text, encoding="utf-8")
    _, report = validate(root)
    syntax = [p for p in report.problems if p.code == "yaml-syntax" and "TM-009" in p.file]
    rounds = yamlrecover.READ_BUDGET // len(text)
    assert 1 <= len(syntax) <= rounds < 20
