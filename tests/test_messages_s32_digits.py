"""A number refused by the schema is named with the digits it was refused for, not rounded by
`:g` into one it would not have been refused for: a sample size of `100.0000001` was said to be
"a whole number, not 100", a figure of `1000000000000000.1` to be "1e+15" (within ±10^15)."""

from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml import YAML
from test_messages import problems_of
from test_rules import SF

from inquiry.model import ITEM_MODELS

MODEL = ITEM_MODELS["survey_finding"]


def _survey() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(SF)
    return data


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (100.0000001, "100.0000001"),
        (100.00000000000001, "100.00000000000001"),
        (0.1 + 0.2, "0.30000000000000004"),
        (2.5, "2.5"),
        (0.0000001, "0.0000001"),
        (1e-300, "1e-300"),
    ],
)
def test_a_sample_size_not_whole_is_shown_with_its_digits(value: float, shown: str) -> None:
    data = _survey()
    data["survey"]["sample_size"] = value
    messages = [problem.message for _, problem in problems_of(MODEL, data)]
    assert messages == [f"`survey.sample_size` must be a whole number, not {shown}"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1000000000000000.1, "1000000000000000.1"),
        (-1000000000000000.2, "-1000000000000000.2"),
        (1.5e15, "1500000000000000"),
        (1e300, "1e+300"),
    ],
)
def test_a_figure_out_of_range_is_shown_with_its_digits(value: float, shown: str) -> None:
    data = _survey()
    data["figures"][0]["value"] = value
    messages = [problem.message for _, problem in problems_of(MODEL, data)]
    assert messages == [f"`figures[0].value` is {shown}: numbers must lie within ±10^15"]
