"""Stop 44, red team h178 D6: a statistic's series giving one period twice validated and built
in silence; the chart drew two points under one label. It is a warning at the second."""

from __future__ import annotations

from pathlib import Path

from test_served_loi import run

from inquiry.scaffold import init


def _with_series(tmp_path: Path, points: list[tuple[str, int]]) -> tuple[Path, Path]:
    """The sample's statistic with its series replaced by `points`."""
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/statistics/ST-001.yaml"
    text = item.read_text(encoding="utf-8")
    start = text.index("\nseries:\n") + 1
    end = text.index("\ncaveats:", start) + 1
    lines = "".join(f"  - {{period: '{p}', value: {v}}}\n" for p, v in points)
    item.write_text(text[:start] + "series:\n" + lines + text[end:], encoding="utf-8")
    return root, item


def test_a_period_given_twice_is_warned_at_the_second(tmp_path: Path) -> None:
    root, item = _with_series(tmp_path, [("2020-21", 88), ("2021-22", 90), ("2021-22 ", 95)])
    code, out = run("validate", "--root", root)
    assert code == 0, out
    warned = [line for line in out.splitlines() if "series-period-twice" in line]
    assert len(warned) == 1, out
    line = (
        item.read_text(encoding="utf-8").splitlines().index("  - {period: '2021-22 ', value: 95}")
    )
    assert warned[0].startswith(f"evidence/statistics/ST-001.yaml:{line + 1}:"), warned
    assert "point 2" in warned[0]


def test_each_period_once_says_nothing(tmp_path: Path) -> None:
    root, _ = _with_series(tmp_path, [("2020-21", 88), ("2021-22", 90)])
    code, out = run("validate", "--root", root)
    assert code == 0 and "series-period-twice" not in out, out
