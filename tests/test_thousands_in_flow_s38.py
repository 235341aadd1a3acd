"""Stop 38, red team h147: `{period: 2022-23, value: 1,100}` is cut by YAML at the comma, and
`100` read as a key; the message said "unknown field `series[1].100`" and suggested fields. The
hint now says what happened and what to write."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def test_a_thousands_separator_in_a_flow_mapping(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/statistics/ST-001.yaml"
    text = item.read_text(encoding="utf-8")
    assert "{period: 2022-23, value: 100}" in text
    item.write_text(text.replace("value: 100}", "value: 1,100}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 1, result.output
    assert "unknown field `series[1].100`" in result.output
    assert "write it without the comma (`1234`)" in result.output
