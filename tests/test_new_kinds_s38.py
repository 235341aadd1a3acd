"""Stop 38, red team h147: `inquiry new testimonies` (the folder's name) or `new survey` was
refused with click's list of choices and no suggestion. A kind is now taken by its name, its
folder's, a short name or its ids' prefix, in any case; anything else is refused with the
nearest kind suggested."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


@pytest.mark.parametrize(
    ("word", "folder"),
    [
        ("testimonies", "testimonies"),
        ("TM", "testimonies"),
        ("survey", "survey_findings"),
        ("Policy-Extract", "policy_extracts"),
        ("statistics", "statistics"),
    ],
)
def test_a_kind_by_another_name(tmp_path: Path, word: str, folder: str) -> None:
    root = tmp_path / "repo"
    init(root)
    result = CliRunner().invoke(main, ["new", word, "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert f"evidence/{folder}/" in result.output


def test_a_near_miss_is_refused_with_the_nearest_kind(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    result = CliRunner().invoke(main, ["new", "testimoni", "--root", str(root)])
    assert result.exit_code == 2, result.output
    assert "did you mean `testimony`?" in result.output
    result = CliRunner().invoke(main, ["new", "nonsense", "--root", str(root)])
    assert result.exit_code == 2 and "did you mean" not in result.output, result.output
