"""A chart's alternative text says what it shows and its shape, not every value: the table that
follows it gives every value, and a screen reader read sixty values twice (stop 32, a red-team
look at a 60-point series in the PDF's /Alt, the DOCX's descr and the HTML's <title>)."""

from __future__ import annotations

from typing import Any

from inquiry.model import Statistic
from inquiry.render.view_kinds import series_alt


def _statistic(values: list[float]) -> Statistic:
    data: dict[str, Any] = {
        "id": "ST-001",
        "kind": "statistic",
        "title": "Referrals",
        "date": "2024",
        "lines_of_inquiry": ["LOI-1"],
        "summary": "Referrals by month.",
        "source": {"title": "Table", "publisher": "Office", "accessed": "2025-01-01"},
        "measure": "Referrals received",
        "value": values[-1],
        "unit": "referrals",
        "as_of": "2024-12-01",
        "geography": "England",
        "series": [
            {"period": f"{2020 + k // 12}-{k % 12 + 1:02d}", "value": v}
            for k, v in enumerate(values)
        ],
    }
    return Statistic.model_validate(data)


def test_a_long_series_is_summed_up_not_read_out() -> None:
    values = [1000.0 + 37 * k for k in range(60)]
    values[17] = 9999.0  # the highest, in 2021-06
    values[42] = 12.0  # the lowest, in 2023-07
    alt = series_alt(_statistic(values))
    assert alt.startswith("Line chart of Referrals received (referrals) by period, 60 values:")
    assert "1,000 in 2020-01 first" in alt and "3,183 in 2024-12 last" in alt
    assert "highest 9,999 in 2021-06" in alt and "lowest 12 in 2023-07" in alt
    assert "table below" in alt
    # Not every value: the middle ones are left to the table.
    assert "1,037" not in alt and "2,480" not in alt
    assert len(alt) < 300


def test_a_short_series_is_read_out_in_full() -> None:
    alt = series_alt(_statistic([90.0, 120.0, 75.0]))
    assert alt == (
        "Bar chart of Referrals received (referrals) by period: "
        "2020-01: 90; 2020-02: 120; 2020-03: 75."
    )


def test_nine_values_are_summed_up() -> None:
    alt = series_alt(_statistic([float(v) for v in range(10, 100, 10)]))
    assert "9 values: 10 in 2020-01 first and 90 in 2020-09 last" in alt
    assert "20" not in alt.replace("2020", "")


def test_a_series_of_one_value_says_so() -> None:
    # Stop 40, red team h166: "highest 42.5 in 2020-01, lowest 42.5 in 2020-01" of ten equal values.
    alt = series_alt(_statistic([42.5] * 10))
    assert alt == (
        "Bar chart of Referrals received (referrals) by period, 10 values: every one 42.5, "
        "from 2020-01 to 2020-10. The table below gives every value."
    )
