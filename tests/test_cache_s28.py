"""The build cache, stop 28 (a red-team's findings): every entry's key holds the code, data files
and libraries that make it (an upgrade that changed only the code finishing a typst piece, or the
pandoc filter, left a warm build different from a cold one); a build survives `inquiry cache
clear` meanwhile; what is in the cache folder that no build wrote there (a link, a FIFO, a huge
file, a file where a folder goes, an entry named after its own damaged bytes) is a miss, never
read through, written through or blocked on, and `clear` removes it; a cache that is not used
says why, and `cache info`/`clear` exit 3 when they cannot do their work."""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inquiry import cache_keys
from inquiry.cache import Cache
from inquiry.exhibits import stage
from inquiry.render import fields
from inquiry.render.pdf import batch
from inquiry.render.pdf import compile as pdf_compile


def _package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    package = tmp_path / name
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (package / "data" / "filter.lua").write_text("-- one\n", encoding="utf-8")
    (package / "data" / "notes.txt").write_text("not read by the code\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return package


def test_a_package_digest_holds_its_data_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tmp_path, monkeypatch, "datapkg28")
    first = cache_keys.code_digest("datapkg28")
    cache_keys.code_digest.cache_clear()
    (package / "data" / "filter.lua").write_text("-- two\n", encoding="utf-8")
    second = cache_keys.code_digest("datapkg28")
    cache_keys.code_digest.cache_clear()
    (package / "data" / "notes.txt").write_text("changed\n", encoding="utf-8")
    assert second != first and cache_keys.code_digest("datapkg28") == second
    cache_keys.code_digest.cache_clear()
    sys.modules.pop("datapkg28", None)


def test_one_data_file_is_named_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tmp_path, monkeypatch, "filepkg28")
    first = cache_keys.code_digest("filepkg28/data/filter.lua")
    cache_keys.code_digest.cache_clear()
    (package / "data" / "filter.lua").write_text("-- two\n", encoding="utf-8")
    assert cache_keys.code_digest("filepkg28/data/filter.lua") != first
    cache_keys.code_digest.cache_clear()
    sys.modules.pop("filepkg28", None)


def test_the_fields_filter_is_in_the_prepared_fields_key() -> None:
    assert "inquiry/data/pandoc/fields.lua" in fields.PREPARING
    assert len(cache_keys.code_digest(*fields.PREPARING)) == 64


def _imports(module: str) -> set[str]:
    """The modules of inquiry that `module` imports, anywhere in it (a package's __init__ only
    when it is imported by name)."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        for name in names:
            if not name.startswith("inquiry."):
                continue
            try:
                found_spec = importlib.util.find_spec(name)
            except ModuleNotFoundError:
                continue
            origin = found_spec.origin if found_spec is not None else None
            # A package's __init__ runs when it is imported by name, not for its submodules.
            if origin is not None and (not origin.endswith("__init__.py") or name == names[0]):
                found.add(name)
    return found


NOT_TAKEN = {
    ("inquiry.render.pdf.compile", "inquiry.cache_keys"),
    ("inquiry.proof", "inquiry.render.html"),
}
"""Imports that the code making an entry never reaches: the key itself (`engine_version`), and
`proof.leaks`, for built outputs, reading the HTML stylesheet (a piece is searched by
`proof.piece_leaks`)."""


def _closure(module: str) -> set[str]:
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [m for m in _imports(name) if (name, m) not in NOT_TAKEN]
    return seen


def _covered(module: str, names: tuple[str, ...]) -> bool:
    return any(module == n or module.startswith(n + ".") for n in names if "/" not in n)


@pytest.mark.parametrize(
    ("start", "listed"),
    [("inquiry.render.pdf.compile", "COMPILING"), ("inquiry.exhibits.prepare", "PREPARING")],
)
def test_every_module_the_code_imports_is_in_its_key(start: str, listed: str) -> None:
    names = getattr(pdf_compile if listed == "COMPILING" else stage, listed)
    missing = sorted(m for m in _closure(start) if not _covered(m, names))
    assert missing == []


def _piece_key() -> str:
    pdf_compile.engine_version.cache_clear()
    return batch._key("= Heading", False, ())


def test_a_piece_key_changes_with_the_code_that_finishes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keys = []
    for digest in ("a" * 64, "b" * 64):
        monkeypatch.setattr(cache_keys, "code_digest", lambda *names, d=digest: d)
        keys.append(_piece_key())
    pdf_compile.engine_version.cache_clear()
    assert keys[0] != keys[1]


def test_piece_and_exhibit_keys_change_with_qpdf(monkeypatch: pytest.MonkeyPatch) -> None:
    import pikepdf

    from inquiry.exhibits.prepare import Options

    request = stage.Request(Path("x.pdf"), "x.pdf", Options(0.0, ocr="never"))
    keys = []
    for version in ("11.0.0", "12.0.0"):
        monkeypatch.setattr(pikepdf, "__libqpdf_version__", version)
        cache_keys.library_versions.cache_clear()
        keys.append((_piece_key(), stage.cache_key("0" * 64, request)))
    cache_keys.library_versions.cache_clear()
    pdf_compile.engine_version.cache_clear()
    assert keys[0][0] != keys[1][0] and keys[0][1] != keys[1][1]


def test_the_code_digests_are_cheap() -> None:
    import time

    cache_keys.code_digest.cache_clear()
    start = time.perf_counter()
    for names in (getattr(pdf_compile, "COMPILING", ()), stage.PREPARING, fields.PREPARING):
        assert len(cache_keys.code_digest(*names)) == 64
    assert time.perf_counter() - start < 0.5


def test_a_written_field_key_holds_the_code_that_made_its_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from inquiry.render import richtext

    seen: list[str] = []

    def digest(*names: str) -> str:
        seen.extend(names)
        return "0" * 64

    monkeypatch.setattr(cache_keys, "code_digest", digest)
    richtext._key("0" * 64, "typst", (), "3.1")
    assert set(fields.PREPARING) <= set(seen) and "inquiry.render.view_writer" in seen


# --- the cache folder holding what no build wrote, and a clear while a build runs -------------

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
KEY = Cache.key("s28")


def _entry(cache: Cache, data: bytes = b"%PDF-1.7 entry") -> Path:
    stored = cache.put("pdf", KEY, data)
    assert stored is not None
    return stored


def test_a_taken_entry_outlives_a_clear(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    _entry(cache)
    taken = tmp_path / "work" / "exhibit.pdf"
    taken.parent.mkdir()
    assert cache.take("pdf", KEY, taken)
    assert Cache(tmp_path / "cache").clear() > 0
    assert taken.read_bytes() == b"%PDF-1.7 entry"


def test_a_prepared_exhibit_outlives_a_clear(tmp_path: Path) -> None:
    from conftest import make_pdf

    from inquiry import limits
    from inquiry.exhibits.prepare import Options
    from inquiry.workers import Pool

    source = tmp_path / "report.pdf"
    source.write_bytes(make_pdf(2))
    request = stage.Request(source, "report.pdf", Options(0.0, ocr="never"))
    cache = Cache(tmp_path / "cache")
    ready = []
    with Pool(jobs=1, memory=limits.EXHIBIT_MEMORY) as pool:
        for run in ("cold", "warm"):
            work = tmp_path / run
            work.mkdir()
            found = stage.prepare_many([request], pool=pool, seconds=60, cache=cache, workdir=work)[
                0
            ]
            assert isinstance(found, stage.Ready)
            ready.append(found)
    assert Cache(tmp_path / "cache").clear() > 0  # `inquiry cache clear` in another terminal
    for found in ready:
        assert found.path.read_bytes()[:5] == b"%PDF-"
    assert ready[0].path.read_bytes() == ready[1].path.read_bytes()


def test_a_huge_file_in_an_entrys_place_is_not_read(tmp_path: Path) -> None:
    import tracemalloc

    cache = Cache(tmp_path)
    stored = _entry(cache)
    with stored.open("r+b") as f:
        f.truncate(64 * 1024**2)  # sparse: no disk, but 64 MiB of memory when read
    tracemalloc.start()
    try:
        assert cache.get("pdf", KEY) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024**2 and not stored.exists()


def test_a_fifo_in_an_entrys_place_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    import threading

    cache = Cache(tmp_path)
    stored = _entry(cache)
    stored.unlink()
    os.mkfifo(stored)
    found: list[bytes | None] = []
    reader = threading.Thread(target=lambda: found.append(cache.get("pdf", KEY)), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # the old code blocks in open(): a writer releases it
        with open(stored, "wb"):
            pass
        reader.join(10)
        pytest.fail("Cache.get blocked on a FIFO")
    assert found == [None] and not stored.exists()


def test_a_link_in_an_entrys_place_is_a_miss_and_its_target_is_kept(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    stored = _entry(cache)
    target = tmp_path / "elsewhere"
    target.write_bytes(stored.read_bytes())
    stored.unlink()
    stored.symlink_to(target)
    assert cache.get("pdf", KEY) is None
    assert not cache.take("pdf", KEY, tmp_path / "taken.pdf")
    assert not stored.is_symlink() and target.read_bytes() == b"%PDF-1.7 entry"


def test_an_entry_named_after_its_own_damaged_bytes_is_a_miss(tmp_path: Path) -> None:
    import hashlib

    cache = Cache(tmp_path)
    stored = _entry(cache)
    garbage = b"garbage \x80\x00 not what was stored"
    stored.unlink()
    (stored.parent / f"{len(garbage)}-{hashlib.sha256(garbage).hexdigest()}").write_bytes(garbage)
    assert cache.get("pdf", KEY) is None
    assert cache.get("pdf", KEY) is None and list(stored.parent.parent.rglob("*-*")) == []


class _Garbage:
    """A cache whose every entry holds what this code cannot read."""

    def __init__(self) -> None:
        self.stored: list[str] = []

    def get(self, namespace: str, key: str) -> bytes | None:
        return b"garbage \x80\x00"

    def put(self, namespace: str, key: str, data: bytes) -> object:
        self.stored.append(namespace)
        return None


class _Pool:
    def run(self, fn: object, tasks: list[object], **kwargs: object) -> list[object]:
        return [pdf_compile.Compiled(b"%PDF-", 1, {}) for _ in tasks]


def test_an_unreadable_piece_entry_is_compiled_again() -> None:
    store = _Garbage()
    found = batch.compile_batch(["= A"], _Pool(), store, False, None)  # type: ignore[arg-type]
    assert found == [pdf_compile.Compiled(b"%PDF-", 1, {})] and store.stored == ["typst"]


def test_an_unreadable_written_field_entry_is_written_again() -> None:
    from inquiry.render import richtext
    from inquiry.render.nodes import Rich

    store = _Garbage()
    rich = Rich([{"t": "Para", "c": [{"t": "Str", "c": "Hello"}]}], "k" * 64)
    found = richtext.render([rich], "typst", cache=store)
    assert "Hello" in found[rich.key].text and store.stored == ["pandoc-typst"]


def test_a_linked_folder_in_the_cache_is_not_written_through(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = Cache(root)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "pdf" / KEY[:2]).mkdir(parents=True)
    (root / "pdf").symlink_to(elsewhere / "pdf")
    (root / "other").mkdir()
    (root / "other" / KEY[:2]).symlink_to(elsewhere / "pdf" / KEY[:2])
    assert cache.get("pdf", KEY) is None
    assert cache.put("pdf", KEY, b"data") is not None
    assert cache.put("other", KEY, b"data") is not None
    assert list(elsewhere.rglob("*")) == [elsewhere / "pdf", elsewhere / "pdf" / KEY[:2]]
    assert not (root / "pdf").is_symlink() and cache.get("pdf", KEY) == b"data"


def test_clear_removes_a_link_not_what_it_points_to(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = Cache(root)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / KEY[:2] / KEY).mkdir(parents=True)
    (elsewhere / KEY[:2] / KEY / "1-ab").write_text("someone's")
    (root / "typst").symlink_to(elsewhere)
    (root / "field").mkdir()
    (root / "field" / "ab").symlink_to(elsewhere / KEY[:2])
    cache.clear()
    assert not (root / "typst").exists() and not (root / "field" / "ab").exists()
    assert (elsewhere / KEY[:2] / KEY / "1-ab").read_text() == "someone's"


def test_a_file_where_a_folder_belongs_is_replaced_and_cleared(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = Cache(root)
    (root / "pdf").write_text("a file where the namespace folder goes")
    assert cache.put("pdf", KEY, b"x") is not None and cache.enabled
    (root / "typst").write_text("another")
    (root / "field").mkdir()
    (root / "field" / "ab").write_text("a file where a bucket goes")
    cache.clear()
    assert sorted(p.name for p in root.iterdir()) == ["CACHEDIR.TAG"]


def test_clear_and_size_say_when_the_cache_cannot_be_read(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker)
    with pytest.raises(OSError):
        cache.clear()
    with pytest.raises(OSError):
        cache.size()


@pytest.mark.skipif(ROOT_USER, reason="root reads and writes whatever the permissions say")
def test_clear_says_when_entries_cannot_be_removed(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    stored = _entry(cache)
    bucket = stored.parent.parent
    bucket.chmod(0o500)
    try:
        with pytest.raises(OSError):
            cache.clear()
        assert stored.exists()
    finally:
        bucket.chmod(0o700)


def _cli(*args: str, **env: str) -> Result:
    from inquiry.cli import main

    return CliRunner().invoke(main, list(args), prog_name="inquiry", env=env)


def test_cache_commands_exit_3_when_the_cache_cannot_be_read(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for command in ("info", "clear"):
        result = _cli("cache", command, INQUIRY_CACHE_DIR=str(blocker))
        assert result.exit_code == 3, result.output
        assert f"cache {command} failed" in result.stderr


def test_cache_info_warns_of_a_limit_it_ignores(tmp_path: Path) -> None:
    result = _cli("cache", "info", INQUIRY_CACHE_DIR=str(tmp_path), INQUIRY_CACHE_MAX="banana")
    assert result.exit_code == 0
    assert "warning: INQUIRY_CACHE_MAX ignored" in result.stderr


def test_a_build_says_why_it_did_not_use_the_cache(sample: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = tmp_path / "out"
    result = _cli(
        "build", "--root", str(sample), "--out", str(out), "--format", "html",
        INQUIRY_CACHE_DIR=str(blocker / "cache"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "build cache" in line]
    assert said == [
        f"warning: the build cache at {blocker / 'cache'} cannot be written (Not a directory);"
        " building without it"
    ]
