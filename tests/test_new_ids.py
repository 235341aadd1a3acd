"""`inquiry new` against what people and pull requests leave in evidence/: ids written in any
YAML form, half-written and hostile files, names already taken, links out of the repository.
Each case here once gave a duplicate id, an exit 1 for good, or a write outside the repository."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from click.testing import CliRunner, Result
from conftest import write_tree as write_files
from test_rules import SF, SUBMISSION

from inquiry.cli import main
from inquiry.ids_in_use import ids_in_use
from inquiry.scaffold import ScaffoldError, new, new_item, next_id
from inquiry.validate import validate

FOLDER = "evidence/survey_findings"
BODY = SF.split("\n", 2)[2]  # everything after `id:` and `kind:`


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """`files` in a submission repository (`new` writes only in one)."""
    return write_files(root, {"evidence/submission.yaml": SUBMISSION, **files})


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# The same id, SF-002, in every way YAML lets a person write it.
ID_FORMS = {
    "space before the colon": f"id : SF-002\nkind: survey_finding\n{BODY}",
    "quoted key": f'"id": SF-002\nkind: survey_finding\n{BODY}',
    "single-quoted key and value": f"'id': 'SF-002'\nkind: survey_finding\n{BODY}",
    "flow mapping": "{id: SF-002, kind: survey_finding, title: A finding}\n",
    "folded": f"id: >-\n  SF-002\nkind: survey_finding\n{BODY}",
    "literal": f"id: |-\n  SF-002\nkind: survey_finding\n{BODY}",
    "not first": f"kind: survey_finding\n{BODY}id: SF-002\n",
    "explicit key": f"? id\n: SF-002\nkind: survey_finding\n{BODY}",
    "anchored": f"id: &x SF-002\nkind: survey_finding\n{BODY}",
    "document marker": f"---\nid: SF-002\nkind: survey_finding\n{BODY}",
    "byte order mark": f"\ufeffid: SF-002\nkind: survey_finding\n{BODY}",
}


@pytest.mark.parametrize("form", ID_FORMS)
def test_an_id_in_any_yaml_form_is_in_use(tmp_path: Path, form: str) -> None:
    write_tree(tmp_path, {f"{FOLDER}/SF-001.yaml": SF, f"{FOLDER}/second.yaml": ID_FORMS[form]})
    # Validation reads the id the same way: the two files' ids are SF-001 and SF-002.
    _, report = validate(tmp_path)
    assert not [p for p in report.problems if p.code == "id-duplicate"]
    assert next_id(tmp_path, "survey_finding") == "SF-003"
    assert new_item(tmp_path, "survey_finding").name == "SF-003.yaml"
    _, report = validate(tmp_path)
    assert not [p for p in report.problems if p.code == "id-duplicate"], form


# Files YAML cannot read, or that are not items: whatever looks like an id in them is in use.
BROKEN: dict[str, bytes] = {
    "unclosed flow mapping": b"{id: SF-007, kind: survey_finding, title: [unclosed\n",
    "bad indentation": b"kind: survey_finding\n  id: SF-007\n title: x\n",
    "not UTF-8": b"\xff\xfe id : SF-007\nkind: survey_finding\n",
    "tab indented": b"survey:\n\tid: SF-007\n",
    "unsafe tag": b"id: !!python/object:os.system SF-007\n",
    "duplicate key": b"id: SF-001\nid: SF-007\n",
    "a list": b"- id: SF-007\n",
    "id not text": b"id: [SF-007]\nkind: survey_finding\n",
    "half-written": b"id: SF-0",  # cut off while typing: SF-0 is no id of three digits
    "empty": b"",
}
EXPECTED_NEXT = {"half-written": "SF-002", "empty": "SF-002"}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_still_reserves_its_id_and_never_crashes(tmp_path: Path, case: str) -> None:
    write_tree(tmp_path, {f"{FOLDER}/SF-001.yaml": SF, f"{FOLDER}/broken.yaml": BROKEN[case]})
    expected = EXPECTED_NEXT.get(case, "SF-008")
    made = new(tmp_path, "survey_finding")
    assert (made.id, made.path.name, made.warnings) == (expected, f"{expected}.yaml", ())


def test_ids_in_other_text_of_a_readable_item_are_not_taken(tmp_path: Path) -> None:
    """A clean item's `related` and prose cite other items; only its `id` is its own."""
    text = (
        SF.replace("title: A finding", "title: Compare SF-050").rstrip() + "\nrelated: [SF-040]\n"
    )
    write_tree(tmp_path, {f"{FOLDER}/SF-001.yaml": text})
    assert next_id(tmp_path, "survey_finding") == "SF-002"


def test_a_file_named_after_an_id_reserves_it(tmp_path: Path) -> None:
    """A copy not yet edited (`cp SF-001.yaml SF-004.yaml`), in any folder."""
    write_tree(tmp_path, {f"{FOLDER}/SF-001.yaml": SF, "evidence/drafts/SF-004.yaml": SF})
    assert new_item(tmp_path, "survey_finding").name == "SF-005.yaml"


def test_a_copy_in_the_way_is_moved_past(tmp_path: Path) -> None:
    """The red-team case: `cp SF-001.yaml SF-002.yaml` made every `new` fail with exit 1."""
    write_tree(tmp_path, {f"{FOLDER}/SF-001.yaml": SF, f"{FOLDER}/SF-002.yaml": SF})
    result = run("new", "survey_finding", "--root", tmp_path)
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / FOLDER / 'SF-003.yaml'}" in result.output
    assert (tmp_path / FOLDER / "SF-002.yaml").read_text(encoding="utf-8") == SF


@pytest.mark.parametrize("thing", ["folder", "dangling link", "link to a file outside"])
def test_a_name_in_the_way_is_moved_past_and_never_written_through(
    tmp_path: Path, thing: str
) -> None:
    root, outside = tmp_path / "repo", tmp_path / "precious"
    write_tree(root, {f"{FOLDER}/SF-001.yaml": SF})
    in_the_way = root / FOLDER / "SF-002.yaml"
    if thing == "folder":
        in_the_way.mkdir()
    elif thing == "dangling link":
        in_the_way.symlink_to(tmp_path / "nowhere.yaml")
    else:
        outside.write_text("mine", encoding="utf-8")
        in_the_way.symlink_to(outside)
    made = new(root, "survey_finding")
    assert made.path == root / FOLDER / "SF-003.yaml"
    assert not (tmp_path / "nowhere.yaml").exists()
    assert not outside.exists() or outside.read_text(encoding="utf-8") == "mine"
    if thing != "folder":  # validation reports the link, and so does `new`
        assert made.warnings and made.warnings[0].startswith(f"{FOLDER}/SF-002.yaml: ")


@pytest.mark.parametrize("link", ["evidence", f"{FOLDER}"])
def test_new_never_writes_through_a_link_out_of_the_repository(tmp_path: Path, link: str) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    outside.mkdir()
    write_tree(root, {"evidence/submission.yaml": "title: x\n"})
    if link == "evidence":
        (root / "evidence").rename(tmp_path / "real-evidence")
        (tmp_path / "real-evidence" / "survey_findings").symlink_to(outside)
        (root / "evidence").symlink_to(tmp_path / "real-evidence")
    else:
        (root / link).symlink_to(outside)
    with pytest.raises(ScaffoldError, match="is a link that leads outside"):
        new(root, "survey_finding")
    assert list(outside.iterdir()) == []
    result = run("new", "survey_finding", "--root", root)
    assert result.exit_code == 1
    assert "replace the link with the folder" in result.output
    assert list(outside.iterdir()) == []


def test_a_folder_linked_inside_evidence_is_written_in(tmp_path: Path) -> None:
    write_tree(tmp_path, {"evidence/sf/SF-001.yaml": SF})
    (tmp_path / FOLDER).symlink_to(tmp_path / "evidence/sf")
    assert new_item(tmp_path, "survey_finding") == tmp_path / FOLDER / "SF-002.yaml"
    assert (tmp_path / "evidence/sf/SF-002.yaml").is_file()


class Hung(Exception):
    """Not an OSError, which code under test may catch and carry on after."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang the suite, when a read blocks (on a FIFO)."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_what_cannot_be_read_is_a_warning_not_a_hang(tmp_path: Path) -> None:
    write_tree(tmp_path, {f"{FOLDER}/SF-001.yaml": SF, "served/.keep": ""})
    os.mkfifo(tmp_path / FOLDER / "pipe.yaml")
    os.mkfifo(tmp_path / "served/public.json")
    with deadline(20):
        made = new(tmp_path, "survey_finding")
    assert made.id == "SF-002"
    assert made.warnings == (
        f"{FOLDER}/pipe.yaml: the file is a named pipe (FIFO), not a regular file; "
        "ids in it were not seen",
        "served/public.json: the file is a named pipe (FIFO), not a regular file; "
        "ids in it were not seen",
    )
    with deadline(20):
        result = run("new", "survey_finding", "--root", tmp_path)
    assert result.exit_code == 0
    assert f"warning: {made.warnings[0]}" in result.stderr


def test_any_id_a_served_record_holds_is_in_use(tmp_path: Path) -> None:
    record = '{"manifest": {"items": [{"id": "SF-003"}], "withdrawn": ["SF-011"]}}'
    write_tree(tmp_path, {f"{FOLDER}/SF-001.yaml": SF, "served/public.json": record})
    assert ids_in_use(tmp_path, "SF").numbers == {1, 3, 11}
    assert next_id(tmp_path, "survey_finding") == "SF-012"


def test_an_id_inside_a_longer_token_is_not_one(tmp_path: Path) -> None:
    write_tree(tmp_path, {"evidence/x.yaml": b"[XSF-009, SF-0091a, SF-09, sf-009, SF-004"})
    assert ids_in_use(tmp_path, "SF").numbers == {4}
