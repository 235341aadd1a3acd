"""Stop 46, red team h186 F2: a file too large to read leaves its `redact` list unknown, so every
other message is withheld and points to that file's problems; with more than 2,000 problems in
files sorting before it, its own problem was cut by the cap, and so was the count of those not
shown (withheld too): 2,001 withheld messages and no way forward. Now the unread file's problems
come first, and the count, which names nothing, is said whole."""

from __future__ import annotations

import json
from pathlib import Path

from test_served_loi import run

from inquiry.problems import SHOWN_IN_ALL
from inquiry.redacted_log import WITHHELD_UNREAD
from inquiry.scaffold import init


def test_the_file_that_withholds_every_message_is_shown(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    evidence = root / "evidence"
    item = (evidence / "testimonies/TM-001.yaml").read_text(encoding="utf-8")
    (evidence / "a").mkdir()
    for i in range(10, 22):  # 12 files × 201 problems (200 shown, one count) > 2,000
        bogus = "".join(f"bogus{k}: x\n" for k in range(250))
        (evidence / f"a/TM-0{i}.yaml").write_text(
            item.replace("TM-001", f"TM-0{i}") + bogus, encoding="utf-8"
        )
    large = item.replace("TM-001", "TM-002") + "# " + "x" * 600_000 + "\n"
    (evidence / "testimonies/TM-002.yaml").write_text(large, encoding="utf-8")
    code, out = run("validate", "--root", root, "--format", "json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert len(problems) == SHOWN_IN_ALL + 1
    own = [p for p in problems if p["file"] == "evidence/testimonies/TM-002.yaml"]
    assert [p["code"] for p in own] == ["file-too-large"], own
    withheld = WITHHELD_UNREAD.split("{")[0]
    assert not own[0]["message"].startswith(withheld)
    [note] = [p for p in problems if p["file"] == "evidence" and p["code"] == "problems-not-shown"]
    assert "not shown" in note["message"] and not note["message"].startswith(withheld)
    assert sum(p["message"].startswith(withheld) for p in problems) > 1_000  # still withheld
