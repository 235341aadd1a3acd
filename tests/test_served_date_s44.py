"""Stop 44: an edition is never dated before the one it follows. `serve` dates the record by
SOURCE_DATE_EPOCH when it is set; a fixed one (a CI's), or a clock set back, dated the second
edition before the first, and its record's history ran backwards."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from test_served_loi import add_item

from inquiry.cli import main
from inquiry.scaffold import init


def _at(day: dt.date, *args: str | Path) -> str:
    epoch = int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())
    result = CliRunner().invoke(main, [str(a) for a in args], env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.exit_code == 0, result.output
    return result.output


def _edition(root: Path, day: dt.date) -> dict[str, object]:
    _at(day, "build", "--root", root, "--format", "pdf", "-q")
    _at(day, "serve", "--root", root)
    record = json.loads((root / "served/public.json").read_text(encoding="utf-8"))
    assert isinstance(record, dict)
    return record


def test_a_later_edition_is_not_dated_before_the_one_it_follows(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    first = _edition(root, dt.date(2026, 6, 1))
    assert first["served"] == "2026-06-01"
    add_item(root, "lines_of_inquiry: [LOI-1, LOI-2]")
    second = _edition(root, dt.date(2025, 1, 1))  # the clock says earlier
    history = second["history"]
    assert isinstance(history, list) and [h["served"] for h in history] == ["2026-06-01"]
    assert second["served"] == "2026-06-01"
    add_item(root, "lines_of_inquiry: [LOI-2]")
    third = _edition(root, dt.date(2026, 7, 2))  # a later day is kept as it is
    assert third["served"] == "2026-07-02"


def test_a_date_in_the_future_is_not_carried_on(tmp_path: Path) -> None:
    """Red team h181: an edition served under a SOURCE_DATE_EPOCH in the future dated every
    later edition so; a date the clock has not reached is not kept."""
    root = tmp_path / "repo"
    init(root)
    later = dt.date.today() + dt.timedelta(days=400)
    assert _edition(root, later)["served"] == later.isoformat()
    add_item(root, "lines_of_inquiry: [LOI-1, LOI-2]")
    today = dt.date.today()
    assert _edition(root, today)["served"] == today.isoformat()
