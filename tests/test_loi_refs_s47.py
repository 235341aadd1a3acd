"""Stop 47, red team h195: one line of inquiry whose id has an error of its own (`LOI-x`) hid
every unknown reference to a line of inquiry until it was put right: not every problem in one
run. Such an id counts as written; a reference to anything else is still unknown."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def test_a_malformed_line_id_hides_no_unknown_reference(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    submission = root / "evidence/submission.yaml"
    text = submission.read_text(encoding="utf-8")
    assert "  - id: LOI-2\n" in text
    extra = "  - id: LOI-x\n    title: A line\n    question: What?\n"
    submission.write_text(text.replace("  - id: LOI-2\n", extra + "  - id: LOI-2\n"))
    item = next((root / "evidence/survey_findings").glob("*.yaml"))
    body = item.read_text(encoding="utf-8")
    body = re.sub(r"(?m)^lines_of_inquiry: .*$", "lines_of_inquiry: [LOI-1, LOI-9, LOI-x]", body)
    item.write_text(body, encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    codes = [(p["code"], p["message"]) for p in json.loads(done.output)["problems"]]
    assert any(c == "schema-value" and "LOI-x" in m for c, m in codes), codes
    unknown = [m for c, m in codes if c == "ref-unknown-loi"]
    assert len(unknown) == 1 and "`LOI-9`" in unknown[0], codes
