"""A --root or --out whose name no file system takes is a usage error (exit 2) in one line,
not a traceback (exit 1) or a build failure (exit 3); nor is an --out whose staging folder's
name would be too long (found by stop 31's red team)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


@pytest.mark.parametrize("command", [["validate"], ["build", "--format", "pdf"]])
def test_a_root_named_too_long_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--root", str(tmp_path / ("a" * 300))])
    assert result.exit_code == 2, result.output
    assert "cannot be read" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("length", [300, 240])
def test_an_out_named_too_long_is_a_usage_error(tmp_path: Path, length: int) -> None:
    root = tmp_path / "repo"
    init(root)
    out = tmp_path / ("b" * length)
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--format", "pdf", "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "too long" in result.output.lower()
    assert not os.path.exists(out) and sorted(p.name for p in tmp_path.iterdir()) == ["repo"]
