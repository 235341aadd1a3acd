"""`verify` refuses a manifest or served record that contradicts itself or the PDF, as `diff`
does (red team h142): a PDF "matching" such a manifest says nothing. A BUNDLE that is a device
or a pipe is said to be one, and long numbers in a message are cut."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_served_loi import run, served

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository built and served once for the module."""
    return served(tmp_path_factory.mktemp("verify37"))


def _edited(repo: Path, tmp_path: Path, edit: Edit) -> Path:
    data = json.loads((repo / "build" / "manifest.json").read_text(encoding="utf-8"))
    edit(data)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def _swap(m: dict[str, Any]) -> None:
    a, b = m["items"][1], m["items"][2]
    a["first_page"], b["first_page"] = b["first_page"], a["first_page"]
    a["last_page"], b["last_page"] = b["last_page"], a["last_page"]


def _red_team(m: dict[str, Any]) -> None:
    m["items"][0]["last_page"] = 999
    m["bundle"]["pages"] = 30
    _swap(m)


def _empty(m: dict[str, Any]) -> None:
    m["items"] = []


def _overlap(m: dict[str, Any]) -> None:
    m["items"][1]["last_page"] = m["items"][2]["first_page"]


def _hash_count(m: dict[str, Any]) -> None:
    m["bundle"]["pages"] += 1


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (_red_team, "ends on page 999, past the bundle's 30 pages"),
        (_empty, "belong to no item"),
        (_overlap, "shares a page with `items[1]`"),
        (_hash_count, "page hashes for"),
    ],
)
def test_a_manifest_that_contradicts_itself_is_refused(
    repo: Path, tmp_path: Path, edit: Edit, said: str
) -> None:
    bad = _edited(repo, tmp_path, edit)
    code, out = run("verify", repo / "build" / "bundle.pdf", "--manifest", bad)
    assert code == 2, out
    assert str(bad) in out and said in out
    assert len(out.strip().splitlines()) == 1
    if edit is _red_team:  # diff refuses the same file with the same words
        code, out = run("diff", repo / "build" / "manifest.json", bad)
        assert code == 2 and said in out, out


def test_a_manifest_whose_page_count_is_not_the_files_is_refused(
    repo: Path, tmp_path: Path
) -> None:
    m = json.loads((repo / "build" / "manifest.json").read_text(encoding="utf-8"))
    pages = m["bundle"]["pages"]
    m["bundle"]["pages"] = pages + 1
    m["bundle"]["page_sha256"].append("0" * 64)
    m["items"][-1]["last_page"] = pages + 1
    bad = tmp_path / "more.json"
    bad.write_text(json.dumps(m), encoding="utf-8")
    code, out = run("verify", repo / "build" / "bundle.pdf", "--manifest", bad)
    assert code == 2, out
    assert f"`bundle.pages` is {pages + 1}" in out and f"has {pages} pages" in out


def test_item_pages_the_pdfs_bookmarks_contradict_do_not_match(repo: Path, tmp_path: Path) -> None:
    """The items' pages swapped: consistent in themselves, but the file the manifest gives the
    SHA-256 of has other bookmarks. Exit 1, said plainly. A copy re-saved elsewhere (bytes
    appended) still has its pages compared as before, and its bookmarks are not blamed."""
    bad = _edited(repo, tmp_path, _swap)
    bundle = repo / "build" / "bundle.pdf"
    code, out = run("verify", bundle, "--manifest", bad)
    assert code == 1, out
    assert "bookmarks contradict" in out and "does not match" in out
    assert "matches" not in out
    copy = tmp_path / "copy.pdf"
    shutil.copy(bundle, copy)
    with copy.open("ab") as f:
        f.write(b"\n% re-saved\n")
    code, out = run("verify", copy, "--manifest", repo / "build" / "manifest.json")
    assert code == 1, out
    assert "re-saved by another program?" in out and "bookmarks" not in out
    code, out = run("verify", bundle)
    assert code == 0, out


def test_a_bundle_that_is_a_device_or_a_pipe_is_said_to_be(tmp_path: Path) -> None:
    code, out = run("verify", "/dev/null")
    assert code == 2 and "character device" in out and "no such file" not in out, out
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)
    code, out = run("verify", fifo)
    assert code == 2 and "named pipe" in out and "no such file" not in out, out
    code, out = run("verify", tmp_path / "absent.pdf")
    assert code == 2 and "no such file" in out, out


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("history", {}, "`history` must be a list"),
        ("history", None, "`history` must be a list"),
        ("history", ["2026-01-01"], "`history[0]`"),
        ("history", [{"served": 5, "sha256": "a" * 64, "pages": 8}], "`history[0].served`"),
        ("served", None, "`served` must be the date"),
    ],
)
def test_a_damaged_served_record_is_refused(
    repo: Path, tmp_path: Path, key: str, value: object, said: str
) -> None:
    record = json.loads((repo / "served" / "public.json").read_text(encoding="utf-8"))
    record[key] = value
    bad = tmp_path / "record.json"
    bad.write_text(json.dumps(record), encoding="utf-8")
    code, out = run("verify", repo / "build" / "bundle.pdf", "--manifest", bad)
    assert code == 2, out
    assert str(bad) in out and said in out and "None" not in out


def test_a_long_number_in_a_message_is_cut(repo: Path, tmp_path: Path) -> None:
    m = json.loads((repo / "build" / "manifest.json").read_text(encoding="utf-8"))
    m["items"][0]["first_page"] = -(10**400)
    bad = tmp_path / "long.json"
    bad.write_text(json.dumps(m), encoding="utf-8")
    code, out = run("verify", repo / "build" / "bundle.pdf", "--manifest", bad)
    assert code == 2, out
    assert "digits" in out and len(out) < 300, out
