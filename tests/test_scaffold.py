"""`inquiry new` and `inquiry init` as library calls: ids, drafts, paths that cannot be written."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path
from typing import Any, get_args

import pytest
from click.testing import CliRunner
from conftest import write_tree
from pydantic import BaseModel
from ruamel.yaml import YAML
from test_rules import ST, SUBMISSION, TODAY

from inquiry import scaffold
from inquiry.cli import main
from inquiry.errors import UsageProblem
from inquiry.ids_in_use import InUse
from inquiry.model import ITEM_MODELS, KINDS
from inquiry.scaffold import ScaffoldError, init, new_item, next_id
from inquiry.validate import validate


def repo(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A submission repository holding `files` (`new` writes only in one)."""
    return write_tree(root, {"evidence/submission.yaml": SUBMISSION, **(files or {})})


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
    repo(tmp_path, {"evidence/ST-001.yaml": ST})
    path = new_item(tmp_path, "statistic")
    assert path == tmp_path / "evidence/statistics/ST-002.yaml"
    assert new_item(tmp_path, "statistic") == tmp_path / "evidence/statistics/ST-003.yaml"


def test_new_item_is_a_draft_to_fill(tmp_path: Path) -> None:
    path = new_item(repo(tmp_path), "testimony")
    text = path.read_text(encoding="utf-8")
    assert "\nstatus: draft " in text
    _, report = validate(tmp_path, today=TODAY)
    assert "evidence/testimonies/TM-001.yaml" in {p.file for p in report.problems}


def _keys(node: Any, prefix: str = "") -> set[str]:
    """Dotted paths of every mapping key in a parsed YAML document (lists: their first entry)."""
    out = set()
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(f"{prefix}{key}")
            out |= _keys(value, f"{prefix}{key}.")
    elif isinstance(node, list) and node:
        out |= _keys(node[0], prefix)
    return out


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _model_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Dotted paths of every field, nested models' fields included."""
    out = set()
    for name, info in model.model_fields.items():
        out.add(f"{prefix}{name}")
        for inner in _models_in(info.annotation):
            out |= _model_keys(inner, f"{prefix}{name}.")
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_new_item_offers_every_field_and_no_other(tmp_path: Path, kind: str) -> None:
    text = new_item(repo(tmp_path), kind).read_text(encoding="utf-8")
    written = _keys(YAML(typ="safe").load(text))
    expected = _model_keys(ITEM_MODELS[kind])
    assert written <= expected, f"keys the model does not know: {written - expected}"
    # The rest are alternatives (`author`, `as_of`) or the keys of list entries, each shown in
    # the comment beside its key.
    for missing in sorted(expected - written):
        assert re.search(rf"\b{missing.rsplit('.', 1)[-1]}:", text), missing


def test_new_item_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when the ids in use are not seen, a file of that name is moved past, not replaced."""
    first = new_item(repo(tmp_path), "statistic")
    monkeypatch.setattr(scaffold, "ids_in_use", lambda root, prefix: InUse(frozenset(), ()))
    second = new_item(tmp_path, "statistic")
    assert (first.name, second.name) == ("ST-001.yaml", "ST-002.yaml")
    assert "id: ST-001\n" in first.read_text(encoding="utf-8")
    assert "id: ST-002\n" in second.read_text(encoding="utf-8")


def test_new_item_in_a_missing_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageProblem, match=r"nowhere does not exist: give the submission"):
        new_item(tmp_path / "nowhere", "testimony")
    assert not (tmp_path / "nowhere").exists()
    result = CliRunner().invoke(main, ["new", "testimony", "--root", str(tmp_path / "nowhere")])
    assert result.exit_code == 2, "a root that is not there is a usage error, as for every command"
    assert "does not exist" in result.output


def test_next_id_never_reuses_a_served_id(tmp_path: Path) -> None:
    """An item served and since removed is still cited: its id is not free."""
    record = {
        "served": "2026-01-01",
        "manifest": {
            "items": [{"id": "ST-004", "number": "C1", "first_page": 5, "last_page": 5}],
            "retired": [{"id": "ST-009", "number": "C2", "first_page": 6, "last_page": 6}],
        },
    }
    write_tree(
        tmp_path,
        {
            "evidence/ST-001.yaml": ST,
            "served/public.json": json.dumps(record, indent=2),
        },
    )
    assert next_id(tmp_path, "statistic") == "ST-010"
    assert next_id(tmp_path, "testimony") == "TM-001"


def test_new_item_where_a_file_stands_for_a_folder(tmp_path: Path) -> None:
    repo(tmp_path, {"evidence/testimonies": "not a folder"})
    with pytest.raises(ScaffoldError) as caught:
        new_item(tmp_path, "testimony")
    assert str(caught.value) == (
        f"cannot create {tmp_path / 'evidence/testimonies'}: a file of that name is in the way"
    )


def test_new_item_in_a_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, which ignores permissions: refuse the write as the kernel would.
    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(path).is_relative_to(tmp_path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    repo(tmp_path)
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ScaffoldError) as caught:
        new_item(tmp_path, "statistic")
    path = tmp_path / "evidence/statistics/ST-001.yaml"
    assert str(caught.value) == f"cannot write {path}: permission denied"


def test_init_refuses_a_directory_holding_a_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes").mkdir()
    with pytest.raises(UsageProblem, match="not empty"):
        init(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "notes"]


def test_init_into_an_empty_directory(tmp_path: Path) -> None:
    done = init(tmp_path)
    assert done.root == tmp_path
    assert tmp_path / "evidence/submission.yaml" in done.written
    assert all(path.is_file() for path in done.written)
    assert (tmp_path / "schemas/submission.schema.json").is_file()
    assert (tmp_path / ".github/workflows/evidence.yml").is_file()
    assert (tmp_path / "evidence/exhibits").is_dir()
    assert ".venv/" in (tmp_path / ".gitignore").read_text(encoding="utf-8").split()
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


def test_init_onto_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ScaffoldError) as caught:
        init(tmp_path / "notes.txt")
    assert str(caught.value) == (
        f"{tmp_path / 'notes.txt'} exists and is not a directory; choose a new directory"
    )
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_init_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ScaffoldError) as caught:
        init(tmp_path / "notes.txt" / "repo")
    assert str(caught.value) == (
        f"cannot create {tmp_path / 'notes.txt/repo'}: part of that path is a file, not a directory"
    )


def test_init_with_a_name_too_long(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 300)
    with pytest.raises(ScaffoldError) as caught:
        init(target)
    assert str(caught.value) == f"cannot create {target}: the name is too long"


def test_init_in_a_read_only_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_mkdir = Path.mkdir

    def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        if self == tmp_path / "repo":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(ScaffoldError) as caught:
        init(tmp_path / "repo")
    assert str(caught.value) == f"cannot create {tmp_path / 'repo'}: permission denied"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("existed", [False, True])
def test_init_that_fails_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    target = tmp_path / "repo"
    if existed:
        target.mkdir()
    real_write = Path.write_text
    count = 0

    def write_text(self: Path, *args: Any, **kwargs: Any) -> int:
        nonlocal count
        count += 1
        if count == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    with pytest.raises(ScaffoldError, match=r"^cannot write .*: no space left on the device$"):
        init(target)
    assert target.is_dir() == existed
    assert not existed or list(target.iterdir()) == []
