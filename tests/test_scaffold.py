"""`inquiry new` and `inquiry init` as library calls."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree
from test_rules import ST, TODAY

from inquiry.scaffold import ScaffoldError, init, new_item, next_id
from inquiry.validate import validate


def test_next_id_is_one_past_the_highest_of_its_prefix(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "evidence/statistics/ST-001.yaml": ST,
            "evidence/deep/er/whatever.yaml": ST.replace("id: ST-001", 'id: "ST-007"'),
            "evidence/other.yml": ST.replace("id: ST-001", "id: ST-0042"),
            "evidence/statistics/SF-900.yaml": ST.replace("id: ST-001", "id: SF-900"),
        },
    )
    assert next_id(tmp_path, "statistic") == "ST-043"
    assert next_id(tmp_path, "survey_finding") == "SF-901"
    assert next_id(tmp_path, "testimony") == "TM-001"


def test_next_id_skips_a_gap_rather_than_reuse_it(tmp_path: Path) -> None:
    write_tree(tmp_path, {"evidence/ST-003.yaml": ST.replace("ST-001", "ST-003")})
    assert next_id(tmp_path, "statistic") == "ST-004"


def test_new_item_writes_under_its_kinds_folder(tmp_path: Path) -> None:
    write_tree(tmp_path, {"evidence/ST-001.yaml": ST})
    path = new_item(tmp_path, "statistic")
    assert path == tmp_path / "evidence/statistics/ST-002.yaml"
    assert new_item(tmp_path, "statistic") == tmp_path / "evidence/statistics/ST-003.yaml"


def test_new_item_is_a_draft_to_fill(tmp_path: Path) -> None:
    path = new_item(tmp_path, "testimony")
    text = path.read_text(encoding="utf-8")
    assert "status: draft" in text
    _, report = validate(tmp_path, today=TODAY)
    assert {p.file for p in report.errors} >= {"evidence/testimonies/TM-001.yaml"}


def test_init_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    with pytest.raises(ScaffoldError, match="not empty"):
        init(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [".git"]


def test_init_into_an_empty_directory(tmp_path: Path) -> None:
    written = init(tmp_path)
    assert tmp_path / "evidence/submission.yaml" in written
    assert (tmp_path / "schemas/submission.schema.json").is_file()
    assert (tmp_path / ".github/workflows/evidence.yml").is_file()
    _, report = validate(tmp_path)
    assert report.problems == ()


def test_init_makes_missing_parents(tmp_path: Path) -> None:
    init(tmp_path / "a" / "b")
    _, report = validate(tmp_path / "a" / "b")
    assert report.problems == ()


def test_init_then_new_continues_the_numbering(tmp_path: Path) -> None:
    init(tmp_path)
    for kind, first in [
        ("survey_finding", "SF-002"),
        ("testimony", "TM-002"),
        ("statistic", "ST-002"),
        ("policy_extract", "PE-002"),
    ]:
        assert new_item(tmp_path, kind).stem == first
