"""Stop 47, red team h190: a served record's descriptive values, hand-edited to the wrong type,
passed `validate` and were read as they were: a title of `12345`, a kind `nonsense`, a page hash
`"zz"` that made `verify` blame the PDF's page for the record's fault, `include_drafts: true` in a
record `serve` would have refused; and a superseded number's `superseded_by` (`5`, `Z9`, another
item's `A1`, or none) was printed on its served page as where the item went. Each is reported at
its value; `verify` refuses a record whose page hash is no hash (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_served_loi import run
from test_served_record_s30 import at, edit, record, repo, served_record_problems

__all__ = ["record", "repo"]  # the fixtures, shared

CASES: list[tuple[str, Any, str]] = [
    ("title", 12345, "`items[0].title` must be a string, not 12345"),
    ("kind", "nonsense", '`items[0].kind` must be a kind of item, not the string "nonsense"'),
    ("lines_of_inquiry", "LOI-1", "`items[0].lines_of_inquiry` must be a list of ids"),
    ("source_sha256", 7, "`items[0].source_sha256` must be a SHA-256, not 7"),
    ("status", "draft", '`items[0].status` must be final, not the string "draft"'),
]


@pytest.mark.parametrize(("key", "value", "said"), CASES, ids=[c[0] for c in CASES])
def test_an_items_value_of_the_wrong_type_is_reported_at_it(
    repo: Path, record: Path, key: str, value: Any, said: str
) -> None:
    lines = edit(record, lambda m: m["items"][0].__setitem__(key, value))
    [(line, column, message)] = served_record_problems(repo)
    assert said in message, message
    shown = json.dumps(value)
    assert (line, column) == at(lines, f'"{key}": {shown}')


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("include_drafts", True, "a bundle built with drafts is never served"),
        ("title", ["x"], "`bundle.title` must be a string, not a list"),
    ],
)
def test_the_bundles_values_are_checked(
    repo: Path, record: Path, key: str, value: Any, said: str
) -> None:
    edit(record, lambda m: m["bundle"].__setitem__(key, value))
    [(_, _, message)] = served_record_problems(repo)
    assert said in message, message


def test_a_page_hash_that_is_no_hash_is_the_records_fault_not_the_pdfs(
    repo: Path, record: Path
) -> None:
    edit(record, lambda m: m["bundle"]["page_sha256"].__setitem__(1, "zz"))
    [(_, _, message)] = served_record_problems(repo)
    assert '`bundle.page_sha256[1]` must be a SHA-256, not the string "zz"' in message
    code, out = run("verify", repo / "build/bundle.pdf", "--manifest", record)
    assert code == 2, out
    assert "page_sha256[1]" in out and "differs" not in out


@pytest.mark.parametrize("by", [5, "Z9", "A1", None, "B2"])
def test_a_superseded_number_must_name_the_number_its_item_was_served_again_under(
    by: object,
) -> None:
    from inquiry.served_placement import successor_problem

    def entry(id_: str, number: str, **more: object) -> dict[str, object]:
        base = {"id": id_, "number": number, "tab": number[0], "first_page": 5, "last_page": 5}
        return base | more

    manifest: dict[str, Any] = {
        "items": [entry("SF-001", "A1"), entry("TM-001", "B3")],
        "retired": [entry("TM-001", "B2", state="superseded", superseded_by=by)],
    }
    found = successor_problem(manifest)
    assert found is not None and found[1] == ("retired", 0, "superseded_by"), found
    manifest["retired"][0]["superseded_by"] = "B3"
    assert successor_problem(manifest) is None


def test_a_record_that_cannot_be_read_whole_is_reported_at_its_value(
    repo: Path, record: Path
) -> None:
    """Red team h190: these were reported at 1:1, one with Python's own advice in it
    (`use sys.set_int_max_str_digits()`)."""
    lines = edit(record, lambda m: m["items"][0].__setitem__("last_page", 10**9))
    [(line, column, message)] = served_record_problems(repo)
    assert "ends on page 1,000,000,000, past the limit" in message
    assert (line, column) == at(lines, '"last_page": 1000000000')
    lines = edit(record, lambda m: m["bundle"].__setitem__("pages", True))
    [(line, column, message)] = served_record_problems(repo)
    assert (line, column) == at(lines, '"pages": true'), message
    text = record.read_text(encoding="utf-8").replace('"pages": true', '"pages": ' + "9" * 5000)
    record.write_text(text, encoding="utf-8")
    [(line, column, message)] = served_record_problems(repo)
    assert "a number of 5,000 digits" in message and "sys." not in message, message
    assert (line, column) == at(text.splitlines(), '"pages": 999')
