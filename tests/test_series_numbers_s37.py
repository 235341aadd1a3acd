"""Stop 37 (red team h143): a series written `41.2, 43.0, 39.8` printed 43 beside 41.2 in the
table, the chart's labels and its alternative text, which a reader takes for a rounder figure.
Each value of a series now has as many decimal places as the most precise one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render.wording import number, series_numbers
from inquiry.scaffold import init


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ([41.2, 43.0, 39.8, 44], ("41.2", "43.0", "39.8", "44.0")),
        ([90, 100, 110], ("90", "100", "110")),
        ([1234.5, 2.25], ("1,234.50", "2.25")),
        ([-0.0, 0.25], ("0.00", "0.25")),
        ([1e30, 0.5], ("1,000,000,000,000,000,000,000,000,000,000.0", "0.5")),
        ([], ()),
        ([1e-300, 2.5], (number(1e-300), "2.5")),  # past six places: each as written
        ([0.125, 1], ("0.125", "1.000")),
    ],
)
def test_a_series_is_written_to_one_precision(values: list[float], shown: tuple[str, ...]) -> None:
    assert series_numbers(values) == shown


def test_the_table_and_the_charts_text_say_43_point_0(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    path = root / "evidence/statistics/ST-001.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("value: 90}", "value: 41.2}").replace("value: 100}", "value: 43.0}")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = next((root / "build/html/items").glob("*ST-001*.html")).read_text(encoding="utf-8")
    assert ">43.0<" in page and ">110.0<" in page, page
    assert "2022-23: 43.0; 2023-24: 110.0" in page
