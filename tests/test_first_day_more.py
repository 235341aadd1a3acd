"""A new coalition's first day (red-team pass, stop 24): an item saved under a near-miss name
is named, not skipped in silence; `inquiry new` run from inside the repository is refused,
naming the repository, rather than starting a second `evidence/` and reusing a taken id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    init(root)
    return root


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("TM-002.YAML", "TM-002.yaml"),
        ("TM-003.yaml.txt", "TM-003.yaml"),
        ("TM-004.Yml", "TM-004.yaml"),
        ("TM-005.yaml ", "TM-005.yaml"),
    ],
)
def test_an_item_under_a_near_miss_name_is_named(repo: Path, name: str, suggested: str) -> None:
    source = repo / "evidence" / "testimonies" / "TM-001.yaml"
    (source.parent / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", "--root", str(repo), "--format", "json"])
    report = json.loads(done.output)
    [problem] = [p for p in report["problems"] if p["code"] == "file-not-read"]
    assert problem["file"] == f"evidence/testimonies/{name}"
    assert problem["severity"] == "warning"
    strict = CliRunner().invoke(main, ["validate", "--root", str(repo), "--strict"])
    assert strict.exit_code == 1 and suggested in strict.output


def test_new_inside_the_repository_is_refused_naming_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = repo / "evidence" / "testimonies"
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    monkeypatch.chdir(inside)
    done = CliRunner().invoke(main, ["new", "testimony"])
    assert done.exit_code == 2, done.output
    assert str(repo) in done.output and "--root" in done.output
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before


def test_new_at_the_top_still_writes(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    done = CliRunner().invoke(main, ["new", "testimony"])
    assert done.exit_code == 0, done.output
    assert (repo / "evidence" / "testimonies" / "TM-002.yaml").is_file()


def _problems(repo: Path) -> list[dict[str, object]]:
    done = CliRunner().invoke(main, ["validate", "--root", str(repo), "--format", "json"])
    problems = json.loads(done.output)["problems"]
    assert isinstance(problems, list)
    return problems


def test_a_misspelt_kind_hides_none_of_the_kinds_own_problems(repo: Path) -> None:
    """`kind: testimoney` with a bad consent and statement of truth: all three in one run."""
    item = repo / "evidence" / "testimonies" / "TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    text = text.replace("kind: testimony", "kind: testimoney")
    text = text.replace("publication: public", "publication: yes")
    item.write_text(text, encoding="utf-8")
    found = {(p["code"], str(p["message"]).split(" ")[0]) for p in _problems(repo)}
    assert ("schema-value", "unknown") in found  # the kind, with its "did you mean"
    assert ("schema-value", "`consent.publication`") in found


def test_a_kind_close_to_none_is_checked_for_the_common_fields_only(repo: Path) -> None:
    item = repo / "evidence" / "testimonies" / "TM-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("kind: testimony", "kind: memo"), "utf-8"
    )
    codes = [p["code"] for p in _problems(repo) if str(p["file"]).endswith("TM-001.yaml")]
    assert codes == ["schema-value"]  # the kind alone: its other fields may be right for it


@pytest.mark.parametrize(
    ("written", "hint"), [("50.5%", "unit: percent"), ("1,200", "thousands separators")]
)
def test_a_number_written_as_text_gets_a_hint_that_fits(
    repo: Path, written: str, hint: str
) -> None:
    item = repo / "evidence" / "statistics" / "ST-001.yaml"
    lines = item.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("value:"))
    lines[at] = f'value: "{written}"'
    item.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", "--root", str(repo)])
    assert done.exit_code == 1 and hint in done.output, done.output


def test_a_submission_file_under_a_near_miss_name_is_pointed_at(repo: Path) -> None:
    evidence = repo / "evidence"
    (evidence / "submission.yaml").rename(evidence / "Submission.yml")
    done = CliRunner().invoke(main, ["validate", "--root", str(repo)])
    assert done.exit_code == 1
    assert "rename `evidence/Submission.yml` to `evidence/submission.yaml`" in done.output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_named_as_such(repo: Path, encoding: str) -> None:
    item = repo / "evidence" / "testimonies" / "TM-001.yaml"
    item.write_bytes(item.read_text(encoding="utf-8").encode(encoding))
    done = CliRunner().invoke(main, ["validate", "--root", str(repo)])
    assert done.exit_code == 1
    assert "TM-001.yaml:1:1: error[yaml-encoding] the file is UTF-16" in done.output


def test_an_editors_or_systems_file_beside_an_item_is_named_not_read(repo: Path) -> None:
    """macOS's `._TM-001.yaml` (binary) and Emacs's `.#TM-001.yaml` lock link made validation
    fail; they are named and passed over, never taken for items."""
    folder = repo / "evidence" / "testimonies"
    (folder / "._TM-001.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (folder / ".#TM-001.yaml").symlink_to("user@host.1234:1700000000")
    (folder / "~$TM-001.yaml").write_bytes(b"\xff\xfe junk")
    done = CliRunner().invoke(main, ["validate", "--root", str(repo), "--format", "json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    named = sorted(p["file"] for p in report["problems"] if p["code"] == "file-not-read")
    assert named == sorted(
        f"evidence/testimonies/{n}" for n in ("._TM-001.yaml", ".#TM-001.yaml", "~$TM-001.yaml")
    )


@pytest.mark.parametrize(
    "name", ["TM-002.ymal", "TM-002.yam", "TM-002.Yaml.txt", "TM-002.y\u0430ml"]
)
def test_a_slip_of_the_keys_in_an_items_name_is_named(repo: Path, name: str) -> None:
    source = repo / "evidence" / "testimonies" / "TM-001.yaml"
    (source.parent / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", "--root", str(repo), "--format", "json"])
    codes = [p["code"] for p in json.loads(done.output)["problems"] if name in p["file"]]
    assert codes == ["file-not-read"]


@pytest.mark.parametrize(
    "name",
    [".TM-001.yaml.swp", ".~lock.TM-001.yaml#", "scan.yaml.pdf", "responses.json", "notes.txt"],
)
def test_other_files_beside_items_raise_no_warning(repo: Path, name: str) -> None:
    """An editor's swap or lock file, an exhibit or a dataset is not an item misnamed."""
    (repo / "evidence" / "testimonies" / name).write_bytes(b"%PDF-1.4 or whatever")
    done = CliRunner().invoke(main, ["validate", "--root", str(repo), "--strict"])
    assert done.exit_code == 0, done.output
