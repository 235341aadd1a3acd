"""A served record edited by hand is reported at each value at fault, every fault in one run,
each named for what it is: a page of the wrong type or below 1 (it was "needs `id`, `number`,
`first_page` and `last_page`" at 1:1, the first only); an id that is not an item id (it was
printed on withdrawn pages, and the HTML build failed with an internal error); two exhibits of
one item on one page (the build blamed the unchanged evidence, served-item-grew); the front
matter's lines of inquiry without a line its items bear on (the build dropped its row from the
served page). Found by stop 30's red team (r3, r4, r11, r1b)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_served_loi import run

from inquiry.scaffold import init
from inquiry.served_shape import locate


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("served") / "repo"
    init(root)
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    return root


@pytest.fixture
def record(repo: Path) -> Iterator[Path]:
    path = repo / "served/public.json"
    original = path.read_text(encoding="utf-8")
    yield path
    path.write_text(original, encoding="utf-8")


def edit(path: Path, change: Callable[[dict[str, Any]], object]) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["manifest"])
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").splitlines()


def at(lines: list[str], text: str) -> tuple[int, int]:
    """The line and column of `text`'s value in the record (`"key": value`)."""
    (number,) = [n for n, line in enumerate(lines, 1) if text in line]
    return number, lines[number - 1].index(text) + len(text.split(": ")[0]) + 3


def served_record_problems(root: Path) -> list[tuple[int, int, str]]:
    code, out = run("validate", "--root", root, "--format", "json")
    assert code == 1, out
    found = json.loads(out)["problems"]
    return [(p["line"], p["column"], p["message"]) for p in found if p["code"] == "served-record"]


def test_every_wrong_value_is_reported_where_it_is_and_for_what_it_is(
    repo: Path, record: Path
) -> None:
    def change(m: dict[str, Any]) -> None:
        m["items"][1]["first_page"] = "8"
        m["items"][2]["last_page"] = -11
        del m["items"][3]["number"]

    lines = edit(record, change)
    found = served_record_problems(repo)
    first = at(lines, '"first_page": "8"')
    second = at(lines, '"last_page": -11')
    assert [(line, column) for line, column, _ in found][:2] == [first, second], found
    assert '`items[1].first_page` must be a page number, not the string "8"' in found[0][2]
    assert "`items[2].last_page` is -11: pages are numbered from 1" in found[1][2]
    assert (
        "`items[3]` needs `id`, `number`, `first_page` and `last_page`; it has no `number`"
        in (found[2][2])
    )
    assert len(found) == 3


def test_an_id_that_is_not_an_item_id_is_refused(repo: Path, record: Path) -> None:
    lines = edit(record, lambda m: m["items"][1].update(id="../../etc"))
    ((line, column, message),) = served_record_problems(repo)
    assert (line, column) == at(lines, '"id": "../../etc"')
    assert "`items[1].id` is `../../etc`, not an item id (like SF-001)" in message
    code, out = run("build", "--root", repo, "--format", "html")
    assert code == 1 and "served-record" in out and "Traceback" not in out, out


def test_two_exhibits_of_an_item_on_one_page_are_refused(repo: Path, record: Path) -> None:
    def change(m: dict[str, Any]) -> None:
        item = m["items"][0]
        page = item["first_page"]
        item["exhibits"] = [
            {"file": "exhibits/a.pdf", "sha256": "0" * 64, "first_page": page, "last_page": page},
            {"file": "exhibits/b.pdf", "sha256": "1" * 64, "first_page": page, "last_page": page},
        ]

    edit(record, change)
    ((_, _, message),) = served_record_problems(repo)
    assert "has exhibits 1 and 2 sharing a page" in message, message
    code, out = run("build", "--root", repo, "--format", "pdf")
    assert code == 1 and "served-record" in out and "served-item-grew" not in out, out


def test_front_matter_lines_without_a_line_its_items_bear_on_are_accepted(
    repo: Path, record: Path
) -> None:
    """A record whose front matter lacks a line its items bear on is what the previous version
    wrote when a line was added since serving (it listed the line nowhere): refusing it would
    leave a served repository unable to build after an upgrade (review h93). The build lists
    the line in a supplementary index."""
    edit(record, lambda m: m["bundle"].update(lines_of_inquiry=["LOI-1"]))
    code, out = run("validate", "--root", repo, "--format", "json")
    assert code == 0 and json.loads(out)["problems"] == [], out
    code, out = run("build", "--root", repo, "--format", "pdf")
    assert code == 0, out
    bundle = json.loads((repo / "build/manifest.json").read_text(encoding="utf-8"))["bundle"]
    assert bundle["supplement_pages"], "the line is listed in a supplementary index"


def test_locate_finds_nested_values_and_falls_back_to_the_nearest() -> None:
    text = '{"a": [1, {"b": "x\\"y"}],\n "c": {"d": [true, null]}}'
    assert locate(text, [("a", 1, "b"), ("c", "d", 1), ("c", "e"), ()]) == [
        (1, 17),
        (2, 20),
        (2, 7),
        (1, 1),
    ]
