"""A served record that contradicts itself is refused, never numbered from; `serve` writes its
record through no committed link.

Found by a red-team pass: a record edited by hand or merged from two branches "taking both
sides" made a build exit 0 with a served page moved (overlapping ranges), two items under one
number, or crashed with a bare `KeyError: 'tab'` (exit 3, no file). And `serve` wrote through a
fixed temporary name, `served/.public.json.tmp`, which a pull request could commit as a link.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.served_placement import placement_problem
from inquiry.served_record import RecordError, parse_record

Manifest = dict[str, Any]


def manifest() -> Manifest:
    """A consistent served manifest: front matter 1–2, A1 3–5 (exhibit 4–5), B1 6, B2 7–8
    withdrawn, a supplementary index on 9, 9 pages."""
    return {
        "bundle": {
            "title": "T",
            "pages": 9,
            "audience": "public",
            "front_pages": [1, 2],
            "supplement_pages": [[9, 9]],
            "page_sha256": [],
        },
        "items": [
            {
                "id": "SF-001",
                "number": "A1",
                "tab": "A",
                "first_page": 3,
                "last_page": 5,
                "exhibits": [{"file": "exhibits/x.pdf", "first_page": 4, "last_page": 5}],
            },
            {"id": "TM-001", "number": "B1", "tab": "B", "first_page": 6, "last_page": 6},
        ],
        "retired": [
            {
                "id": "TM-002",
                "number": "B2",
                "tab": "B",
                "first_page": 7,
                "last_page": 8,
                "state": "withdrawn",
            }
        ],
    }


def test_a_consistent_record_passes() -> None:
    assert placement_problem(manifest(), audience="public") is None


def _set(path: str, value: object) -> Callable[[Manifest], None]:
    def change(m: Manifest) -> None:
        *parents, last = path.split(".")
        node: Any = m
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        if value is _DELETE:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()

BROKEN = {
    "overlapping items": (_set("items.1.first_page", 5), "shares a page"),
    "an item in the front matter": (_set("items.0.first_page", 2), "shares a page"),
    "two entries under one number": (_set("retired.0.number", "B1"), "which `items[1]`"),
    "a number of another tab": (_set("items.1.number", "A2"), "not one of tab B"),
    "an empty number": (_set("items.1.number", ""), "not one of tab B"),
    "a missing tab": (_set("items.0.tab", _DELETE), "needs `tab`"),
    "a tab that is not a letter": (_set("items.0.tab", 1), "needs `tab`"),
    "front pages of one number": (_set("bundle.front_pages", [1]), "front_pages"),
    "front pages not from 1": (_set("bundle.front_pages", [2, 2]), "front_pages"),
    "front pages null": (_set("bundle.front_pages", None), "front_pages"),
    "supplement pages a string": (_set("bundle.supplement_pages", "x"), "supplement_pages"),
    "supplement pages not pairs": (_set("bundle.supplement_pages", [[9]]), "supplement_pages"),
    "withdrawn over an item": (_set("retired.0.first_page", 6), "shares a page"),
    "a supplement over an item": (_set("bundle.supplement_pages", [[5, 5]]), "shares a page"),
    "an exhibit outside its item": (_set("items.0.exhibits.0.last_page", 6), "outside its own"),
    "a range past the bundle": (_set("bundle.pages", 8), "past the bundle's 8 pages"),
    "another edition's record": (_set("bundle.audience", "restricted"), "restricted edition"),
    "an unknown state": (_set("retired.0.state", "gone"), "`state`"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_record_that_contradicts_itself_is_refused(case: str) -> None:
    change, said = BROKEN[case]
    m = copy.deepcopy(manifest())
    change(m)
    why = placement_problem(m, audience="public")
    assert why is not None and said in why, why


def test_an_id_served_twice_is_refused() -> None:
    m = manifest()
    m["items"].append({**m["items"][1], "number": "B3", "first_page": 10, "last_page": 10})
    m["bundle"]["pages"] = 10
    why = placement_problem(m, audience="public")
    assert why is not None and "served twice" in why


def test_a_reissued_item_may_share_its_id_with_its_superseded_number() -> None:
    m = manifest()
    m["retired"].append({**m["items"][1], "state": "superseded", "superseded_by": "B3"})
    m["items"][1] = {**m["items"][1], "number": "B3", "first_page": 10, "last_page": 10}
    m["bundle"]["pages"] = 10
    assert placement_problem(m, audience="public") is None


def test_a_json_error_is_placed_at_its_line() -> None:
    with pytest.raises(RecordError) as caught:
        parse_record('{\n  "bundle": {},\n  "items": [,]\n}', name="x.json")
    assert (caught.value.line, caught.value.column) == (3, 13)


def _served(sample: Path, m: Manifest) -> None:
    (sample / "served").mkdir(exist_ok=True)
    record = {"served": "2026-01-01", "history": [], "manifest": m}
    (sample / "served" / "public.json").write_text(json.dumps(record, indent=2), "utf-8")


def test_validate_and_build_refuse_a_record_that_contradicts_itself(sample: Path) -> None:
    """At the record, exit 1, with a hint not to edit it by hand — not exit 0 with a moved
    page, not exit 3 with a bare KeyError."""
    m = manifest()
    del m["items"][0]["tab"]
    _served(sample, m)
    for command in (["validate"], ["build", "--format", "pdf"]):
        result = CliRunner().invoke(main, [*command, "--root", str(sample)])
        assert result.exit_code == 1, result.output
        # At the entry lacking its tab (the key itself is not there to point at).
        assert "served/public.json:22:7:" in result.output and "needs `tab`" in result.output
        assert "Traceback" not in result.output and "KeyError" not in result.output


def test_validate_places_a_json_error_in_the_record(sample: Path) -> None:
    (sample / "served").mkdir()
    (sample / "served" / "public.json").write_text('{\n  "manifest": {\n    x\n', "utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(sample)])
    assert result.exit_code == 1, result.output
    assert "served/public.json:3:5" in result.output, result.output


def test_serve_writes_through_no_committed_link(sample: Path, tmp_path: Path) -> None:
    """`served/.public.json.tmp -> ~/.bashrc` committed by a pull request: serving must not
    overwrite the file it names, nor leave a link as the record."""
    from test_served import fake_build

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (sample / "served").mkdir()
    for name in (".public.json.tmp", ".public.json.inquiry-tmp"):
        (sample / "served" / name).symlink_to(victim)
    fake_build(sample, sample / "build")
    result = CliRunner().invoke(main, ["serve", "--root", str(sample)])
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    record = sample / "served" / "public.json"
    assert not record.is_symlink() and json.loads(record.read_text("utf-8"))["manifest"]
    assert oct(os.stat(record).st_mode & 0o777) == oct(0o644)
