"""`validate` stays within bounds whatever a pull request holds (red-team pass, stop 24): many
files each at the per-file limit of values would hold gigabytes, and files of thousands of
unknown keys made hundreds of thousands of problems. Both are now bounded, and each bound is a
problem with its place, never a silent skip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry import file_schema, load
from inquiry.cli import main
from inquiry.scaffold import init
from inquiry.yamlnodes import read_yaml


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    init(root)
    return root


def report(root: Path) -> tuple[int, list[dict[str, object]]]:
    done = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    data = json.loads(done.output)
    return done.exit_code, data["problems"]


def test_a_submission_past_its_total_of_values_is_refused_file_by_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted((repo / "evidence").rglob("*.yaml"))
    items = [f for f in files if f.name != "submission.yaml"]
    sizes = [read_yaml(f.read_bytes()).values for f in items]
    # Room for every file but the last two read (files are read in path order).
    order = sorted(items, key=lambda f: f.relative_to(repo).as_posix())
    keep = sum(read_yaml(f.read_bytes()).values for f in order[:-2])
    monkeypatch.setattr(load, "TOTAL_VALUES", keep)
    code, problems = report(repo)
    assert code == 1
    refused = sorted(str(p["file"]) for p in problems if p["code"] == "submission-too-large")
    assert refused == sorted(f.relative_to(repo).as_posix() for f in order[-2:]), problems
    assert all(s > 0 for s in sizes)


def test_a_file_of_many_unknown_keys_lists_the_first_and_counts_the_rest(repo: Path) -> None:
    item = repo / "evidence" / "testimonies" / "TM-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8") + "".join(f"junk{i}: 1\n" for i in range(5000)),
        encoding="utf-8",
    )
    code, problems = report(repo)
    assert code == 1
    mine = [p for p in problems if p["file"] == "evidence/testimonies/TM-001.yaml"]
    assert len(mine) == file_schema.FILE_SCHEMA_PROBLEMS + 1
    [more] = [p for p in mine if p["code"] == "schema-many"]
    assert f"{5000 - file_schema.FILE_SCHEMA_PROBLEMS:,} more" in str(more["message"])


def test_a_submission_past_its_total_of_text_is_refused(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load, "TOTAL_CHARACTERS", 10)
    code, problems = report(repo)
    assert code == 1
    refused = [p for p in problems if p["code"] == "submission-too-large"]
    items = [f for f in (repo / "evidence").rglob("*.yaml") if f.name != "submission.yaml"]
    assert len(refused) == len(items) and all(p["line"] == 1 for p in refused)


def test_a_duplicate_key_hides_none_of_the_files_other_problems(repo: Path) -> None:
    """It was a refusal of the whole file: its other problems came one run later."""
    item = repo / "evidence" / "testimonies" / "TM-001.yaml"
    lines = item.read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.insert(title + 1, "title: Again")
    lines.append("pubisher: unknown field")
    item.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, problems = report(repo)
    assert code == 1
    mine = {(p["code"], p["line"]) for p in problems if str(p["file"]).endswith("TM-001.yaml")}
    assert ("yaml-duplicate-key", title + 2) in mine
    assert ("schema-unknown-field", len(lines)) in mine
