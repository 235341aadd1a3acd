"""The log's paths stay usable when an item redacts a common word, and problems of two files
whose names are redacted alike stay two (found by stop 31's red team: `redact: [evidence,
yaml]` printed every path as `[REDACTED]/statistics/ST-001.[REDACTED]`, and two files named
after witnesses had their problems merged into one)."""

from __future__ import annotations

import json
from pathlib import Path

from test_redacted_log import said, submission

from inquiry.redacted_log import redacted_path
from inquiry.redaction import Entry, Matcher


def test_the_top_folder_and_the_extension_are_kept() -> None:
    m = Matcher([Entry("evidence", None), Entry("yaml", None), Entry("Odalys Quennell", "W")])
    assert redacted_path("evidence/statistics/ST-001.yaml", m) == "evidence/statistics/ST-001.yaml"
    assert (
        redacted_path("evidence/testimonies/odalys-quennell/TM-002.yaml", m)
        == "evidence/testimonies/[W]/TM-002.yaml"
    )
    assert redacted_path("evidence/Odalys Quennell.yaml", m) == "evidence/[W].yaml"
    # A name across a folder's `/` or a name's `.` (review of this change): read as one text
    assert redacted_path("evidence/Odalys/Quennell.yaml", m) == "evidence/[W].yaml"
    assert redacted_path("evidence/testimonies/Odalys.Quennell", m) == "evidence/testimonies/[W]"
    assert "Quennell" not in redacted_path("Odalys/Quennell.yaml", m)


def test_a_common_word_redacted_leaves_every_path_usable(tmp_path: Path) -> None:
    root = submission(tmp_path)
    item = root / "evidence/testimonies/TM-002.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "redact: [Odalys Quennell, Marchbanks]", "redact: [Odalys Quennell, evidence, yaml]"
        ),
        encoding="utf-8",
    )
    stat = root / "evidence/statistics/ST-001.yaml"
    stat.write_text(stat.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    code, out = said(root, "validate", "--format", "github")
    assert code == 1, out
    assert "file=evidence/statistics/ST-001.yaml," in out, out


def test_two_files_redacted_alike_keep_their_own_problems(tmp_path: Path) -> None:
    root = submission(tmp_path)
    testimonies = root / "evidence/testimonies"
    item = testimonies / "TM-002.yaml"
    text = item.read_text(encoding="utf-8")
    text = text.replace("redact: [Odalys Quennell, Marchbanks]", "redact: [TM-002, TM-003]")
    item.write_text(text + "unknown_field: 1\n", encoding="utf-8")
    (testimonies / "TM-003.yaml").write_text(
        text.replace("id: TM-002", "id: TM-003") + "unknown_field: 1\n", encoding="utf-8"
    )
    code, out = said(root, "validate", "--format", "json")
    assert code == 1, out
    unknown = [p for p in json.loads(out)["problems"] if "unknown_field" in p["message"]]
    assert len(unknown) == 2, unknown
