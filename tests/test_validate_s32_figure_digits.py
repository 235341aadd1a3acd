"""A figure out of its range is named with the digits that put it out (`100.0001`), not rounded
by `:g` into a number within it ("must lie in 0–100, not 100", stop 32's red team)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_rules import SF, check


def _messages(tmp_path: Path, figure: str, sample: str = "100") -> list[tuple[object, ...]]:
    text = SF.replace("sample_size: 100", f"sample_size: {sample}").replace(
        "  - {label: Said no, value: 60, unit: percent, base: 100}", figure
    )
    return check(tmp_path, {"evidence/item.yaml": text}).flatten("code", "message")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("100.0001", "100.0001"),
        ("-0.0000001", "-0.0000001"),
        ("100.00000000000001", "100.00000000000001"),
        ("250", "250"),
        ("150.0", "150"),
    ],
)
def test_a_percentage_out_of_range_is_shown_with_its_digits(
    tmp_path: Path, value: str, shown: str
) -> None:
    figure = f"  - {{label: Said no, value: {value}, unit: percent, base: 100}}"
    assert _messages(tmp_path, figure) == [
        ("figure-percent-range", f"a percentage must lie in 0–100, not {shown}")
    ]


def test_a_count_over_its_base_is_shown_with_its_digits(tmp_path: Path) -> None:
    figure = "  - {label: Said no, value: 80.00001, unit: count, base: 80}"
    assert _messages(tmp_path, figure) == [
        ("figure-count-base", "a count of 80.00001 exceeds its base of 80")
    ]


def test_a_count_below_zero_is_shown_with_its_digits(tmp_path: Path) -> None:
    figure = "  - {label: Said no, value: -0.001, unit: count, base: 80}"
    assert _messages(tmp_path, figure) == [("figure-count-base", "a count of -0.001 is below zero")]
