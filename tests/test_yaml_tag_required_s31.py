"""A refused value (an unsafe tag, an anchor) on the first key of a mapping no longer hides the
mapping's missing fields: they are said at that key too, and were taken for echoes of the
refused value (stop 31's red team; every problem comes in one run)."""

from __future__ import annotations

from pathlib import Path

from test_rules import PE
from test_yaml_hostile import check


def test_missing_fields_are_said_beside_a_tag_on_the_first_key(tmp_path: Path) -> None:
    text = (
        PE.replace("id: PE-001", "id: !custom PE-001")
        .replace("title: A policy\n", "")
        .replace(
            "  title: Doc\n  publisher: Dept\n  accessed",
            "  note: !x y\n  title: Doc\n  publisher: Dept\n  bad",
        )
    )
    report = check(tmp_path, text)
    mine = [(p.code, p.message) for p in report.problems if p.file == "evidence/hostile.yaml"]
    codes = [code for code, _ in mine]
    assert codes.count("yaml-unsafe-tag") == 2, mine
    assert ("schema-missing", "`title` is required") in mine, mine
    assert ("schema-missing", "`source.accessed` is required") in mine, mine


def test_an_anchor_on_the_first_key_hides_nothing(tmp_path: Path) -> None:
    text = PE.replace("id: PE-001", "id: &a PE-001").replace("summary: A summary.\n", "")
    report = check(tmp_path, text)
    mine = [(p.code, p.message) for p in report.problems if p.file == "evidence/hostile.yaml"]
    assert ("schema-missing", "`summary` is required") in mine, mine
