"""The same sources give the same bytes: every output of a build (bundle.pdf, bundle.docx,
manifest.json, the HTML edition, the schedules) is identical whether the cache is warm, cold or
off, with one worker or two, and wherever the repository sits (SOURCE_DATE_EPOCH set).

The sample has every kind, a chart, a redaction and PDF and PNG exhibits (the PNG is OCR'd when
Tesseract is installed, so the cold and uncached builds run OCR again).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_pdf import EPOCH, make_sample

from inquiry.cli import main

FORMATS = ["--format", "pdf", "--format", "docx", "--format", "html"]


def build(root: Path, out: Path, cache: Path, *options: str) -> dict[str, str]:
    """`inquiry build` with `options`; the SHA-256 of every file it wrote, by relative path."""
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--out", str(out), "-q", *FORMATS, *options],
        env={"SOURCE_DATE_EPOCH": str(EPOCH), "INQUIRY_CACHE_DIR": str(cache)},
    )
    assert result.exit_code == 0, result.output
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_sample(tmp_path_factory.mktemp("determinism"))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's own cache: the first build fills it, the warm build reads it."""
    return tmp_path_factory.mktemp("determinism-cache")


@pytest.fixture(scope="module")
def first(sample: Path, cache: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    hashes = build(sample, tmp_path_factory.mktemp("first") / "out", cache)
    for name in ("bundle.pdf", "bundle.docx", "manifest.json", "html/index.html"):
        assert name in hashes
    return hashes


@pytest.mark.parametrize(
    ("variant", "options"),
    [
        ("warm", ()),
        ("cold", ()),
        ("no-cache", ("--no-cache",)),
        ("jobs-1", ("--no-cache", "--jobs", "1")),
        ("jobs-2", ("--jobs", "2")),
    ],
)
def test_every_output_is_byte_identical(
    variant: str,
    options: tuple[str, ...],
    first: dict[str, str],
    sample: Path,
    cache: Path,
    tmp_path: Path,
) -> None:
    own_cache = cache if variant == "warm" else tmp_path / "fresh-cache"
    again = build(sample, tmp_path / "out", own_cache, *options)
    assert again.keys() == first.keys()
    differ = [name for name in first if again[name] != first[name]]
    assert differ == [], f"{variant}: {differ} differ"
    if variant == "warm":
        assert not (tmp_path / "fresh-cache").exists()


def test_a_moved_repository_builds_the_same_bytes(
    first: dict[str, str], sample: Path, cache: Path, tmp_path: Path
) -> None:
    """No absolute path of the machine that built it reaches an output."""
    moved = tmp_path / "somewhere" / "else"
    shutil.copytree(sample, moved)
    again = build(moved, tmp_path / "out", cache)
    assert [name for name in first if again.get(name) != first[name]] == []


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pieces each call of the workers gave typst to lay out, as the test's build
    runs (the pieces the cache held are not given)."""
    from inquiry.render.pdf.compile import compile_task
    from inquiry.workers import Pool

    counts: list[int] = []
    real = Pool.run

    def counting(self: Pool, fn: Any, tasks: Any, **kwargs: Any) -> Any:
        tasks = list(tasks)
        if fn is compile_task:
            counts.append(len(tasks))
        return real(self, fn, tasks, **kwargs)

    monkeypatch.setattr(Pool, "run", counting)
    return counts


def test_a_warm_rebuild_lays_out_nothing_again(
    first: dict[str, str],
    sample: Path,
    cache: Path,
    tmp_path: Path,
    compiled: list[int],
) -> None:
    """The passes from the estimate find every page count remembered by the widths of the
    numbers each piece shows, and the settled pieces compiled already: nothing is compiled,
    not even at the estimate's numbers (which would send every item with a pinpoint to typst)."""
    again = build(sample, tmp_path / "out", cache)
    assert again == first
    assert compiled and sum(compiled) == 0, compiled


@pytest.mark.parametrize("shift", [1, -1])
def test_wrong_page_counts_remembered_change_nothing(
    first: dict[str, str], sample: Path, cache: Path, tmp_path: Path, shift: int
) -> None:
    """Remembered page counts save compiling a piece only to count its pages: every one of
    them wrong (the front matter's among them, a damaged cache) costs passes, never a
    different bundle, since the settled pieces are compiled and their counts checked."""
    import json

    from inquiry.cache import Cache
    from inquiry.render.pdf.hints import NAMESPACE

    wrong = tmp_path / "wrong-cache"
    shutil.copytree(cache, wrong)
    store = Cache(wrong)
    entries = [entry for entry in (wrong / NAMESPACE).glob("*/*") if entry.is_dir()]
    assert entries, "the first build remembered no page counts"
    for entry in entries:
        data = store.get(NAMESPACE, entry.name)
        assert data is not None
        counts = json.loads(data)
        shifted = {**counts, "pages": max(1, counts["pages"] + shift)}
        if shifted != counts:
            store.put(NAMESPACE, entry.name, json.dumps(shifted).encode())
    again = build(sample, tmp_path / "out", wrong)
    assert [name for name in first if again.get(name) != first[name]] == []


@pytest.mark.parametrize("budget", [0, 10**9])
def test_exhibit_files_closed_early_or_kept_open_give_the_same_bytes(
    first: dict[str, str],
    sample: Path,
    cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    budget: int,
) -> None:
    """Assembly takes an exhibit's stream data into memory and closes its file once its pages
    are copied (its parsed objects freed), within a budget; past the budget the file stays open
    until the bundle is written. Either way the bundle is the same, byte for byte."""
    from inquiry.render.pdf import assemble

    held: list[int | None] = []
    real = assemble._hold

    def counting(*args: Any) -> int | None:
        result = real(*args)
        held.append(result)
        return result

    monkeypatch.setattr(assemble, "HELD_BYTES", budget)
    monkeypatch.setattr(assemble, "_hold", counting)
    again = build(sample, tmp_path / "out", cache)
    assert again == first
    assert held, "no exhibit was copied"
    if budget:
        assert all(h is not None and h > 0 for h in held), held  # every exhibit's file closed
    else:
        assert all(h is None for h in held), held  # nothing fits: every file kept open


def _pinpointed(root: Path, count: int) -> None:
    """TM-001 as `count` paragraphs, each ending in a pinpoint to PE-001 that fits its line
    while PE-001 is on page 9 and wraps once it is on page 10 (`[D1/9]`, `[D1/10]`): the
    layout then has two fixed points (few pages with short numbers, more with long ones)."""
    path = root / "evidence/testimonies/TM-001.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("paragraphs:"), text.index("statement_of_truth")
    para = " ".join(["word"] * 17) + " ii [@PE-001]"
    lines = "".join(f"  - '{para}'\n" for _ in range(count))
    path.write_text(text[:start] + "paragraphs:\n" + lines + text[end:], encoding="utf-8")


@pytest.mark.parametrize(("before", "after"), [(20, 40), (40, 20)])
def test_an_edit_builds_the_same_bytes_cached_or_not(
    tmp_path: Path, before: int, after: int
) -> None:
    """Page counts remembered from an earlier build start the layout elsewhere than a cold
    build does; where the layout has two fixed points (a pinpoint at a digit boundary), a hint
    taken from another version of an item's text chose the other one. A rebuild after an
    edit gives the bytes a build without the cache gives."""
    from inquiry.scaffold import init

    root, cache = tmp_path / "sub", tmp_path / "cache"
    init(root)
    _pinpointed(root, before)
    build(root, tmp_path / "before", cache)
    _pinpointed(root, after)
    cached = build(root, tmp_path / "cached", cache)
    fresh = build(root, tmp_path / "fresh", tmp_path / "unused", "--no-cache")
    assert [name for name in fresh if cached.get(name) != fresh[name]] == []


def test_an_edited_title_lays_out_only_its_chunk_and_the_index(
    first: dict[str, str],
    sample: Path,
    cache: Path,
    tmp_path: Path,
    compiled: list[int],
) -> None:
    """Each pass compiles only the pieces whose page counts, by the width of every number they
    show, were never seen: after a title is edited, the layout passes from the same estimate as
    the first build, compiles the edited item's chunk and the index at it, and the index once
    more with the numbers it shows; nothing else."""
    edited, own_cache = tmp_path / "edited", tmp_path / "cache"
    shutil.copytree(sample, edited)
    shutil.copytree(cache, own_cache)
    items = sorted((edited / "evidence").rglob("*.yaml"))
    item = next(p for p in items if p.name != "submission.yaml" and "title:" in p.read_text())
    text = item.read_text()
    line = next(x for x in text.splitlines() if x.startswith("title:"))
    item.write_text(text.replace(line, line.rstrip() + " (as edited)", 1))
    again = build(edited, tmp_path / "out", own_cache)
    assert again["bundle.pdf"] != first["bundle.pdf"]
    assert sum(compiled) == 3, compiled
