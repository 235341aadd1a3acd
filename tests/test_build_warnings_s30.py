"""`inquiry build` says what validation warns of (stop 30, red team h94): a character the PDF
cannot draw was reported by `validate` only, so a coalition that only builds never learnt that
its PDF shows a box where the text has a character."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def test_a_build_reports_validations_warnings(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/policy_extracts/PE-001.yaml"
    lines = item.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("summary:"))
    lines[at] = 'summary: "A face \\U0001F600 in the text."\n'
    item.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--format", "pdf"],
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "warning[text-no-glyph]" in line]
    assert len(said) == 1, result.output
    assert said[0].startswith(f"evidence/policy_extracts/PE-001.yaml:{at + 1}:"), said
