"""A hand-edited served record is reported at the value at fault, as README says, for the
checks of how its entries and pages hold together too (stop 31's red team found an entry
moved onto the front matter, and a tab's numbers with a gap, reported at 1:1)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from test_served_loi import run, served


def _line_of(text: str, needle: str, nth: int = 0) -> int:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    return text.count("\n", 0, starts[nth]) + 1


def _problem(root: Path) -> tuple[int, int, str]:
    code, out = run("validate", "--root", root, "--format", "json")
    assert code == 1, out
    [problem] = json.loads(out)["problems"]
    assert problem["code"] == "served-record" and problem["file"] == "served/public.json"
    return problem["line"], problem["column"], problem["message"]


def test_an_entry_moved_onto_the_front_matter_is_reported_at_its_first_page(
    tmp_path: Path,
) -> None:
    root = served(tmp_path)
    record = root / "served/public.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["manifest"]["items"][1]["first_page"] = 2
    text = json.dumps(data, indent=2)
    record.write_text(text, encoding="utf-8")
    line, column, message = _problem(root)
    assert "is on a front-matter page" in message
    assert line == _line_of(text, '"first_page": 2', 0) and column > 1


def test_a_gap_in_a_tabs_numbers_is_reported_at_the_highest_number(tmp_path: Path) -> None:
    root = served(tmp_path)
    record = root / "served/public.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    [entry] = [e for e in data["manifest"]["items"] if e["number"] == "D1"]
    entry["number"] = "D2"
    text = json.dumps(data, indent=2)
    record.write_text(text, encoding="utf-8")
    line, column, message = _problem(root)
    assert "tab D has numbers up to D2 but no D1" in message
    assert line == _line_of(text, '"number": "D2"') and column > 1
