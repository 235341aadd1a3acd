"""The build cache, stop 28 (a red-team's findings): every entry's key holds the code, data files
and libraries that make it (an upgrade that changed only the code finishing a typst piece, or the
pandoc filter, left a warm build different from a cold one)."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

from inquiry import cache
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
    first = cache.code_digest("datapkg28")
    cache.code_digest.cache_clear()
    (package / "data" / "filter.lua").write_text("-- two\n", encoding="utf-8")
    second = cache.code_digest("datapkg28")
    cache.code_digest.cache_clear()
    (package / "data" / "notes.txt").write_text("changed\n", encoding="utf-8")
    assert second != first and cache.code_digest("datapkg28") == second
    cache.code_digest.cache_clear()
    sys.modules.pop("datapkg28", None)


def test_one_data_file_is_named_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tmp_path, monkeypatch, "filepkg28")
    first = cache.code_digest("filepkg28/data/filter.lua")
    cache.code_digest.cache_clear()
    (package / "data" / "filter.lua").write_text("-- two\n", encoding="utf-8")
    assert cache.code_digest("filepkg28/data/filter.lua") != first
    cache.code_digest.cache_clear()
    sys.modules.pop("filepkg28", None)


def test_the_fields_filter_is_in_the_prepared_fields_key() -> None:
    assert "inquiry/data/pandoc/fields.lua" in fields.PREPARING
    assert len(cache.code_digest(*fields.PREPARING)) == 64


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
    ("inquiry.render.pdf.compile", "inquiry.cache"),
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
        monkeypatch.setattr(cache, "code_digest", lambda *names, d=digest: d)
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
        cache.library_versions.cache_clear()
        keys.append((_piece_key(), stage.cache_key("0" * 64, request)))
    cache.library_versions.cache_clear()
    pdf_compile.engine_version.cache_clear()
    assert keys[0][0] != keys[1][0] and keys[0][1] != keys[1][1]


def test_the_code_digests_are_cheap() -> None:
    import time

    cache.code_digest.cache_clear()
    start = time.perf_counter()
    for names in (getattr(pdf_compile, "COMPILING", ()), stage.PREPARING, fields.PREPARING):
        assert len(cache.code_digest(*names)) == 64
    assert time.perf_counter() - start < 0.5


def test_a_written_field_key_holds_the_code_that_made_its_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from inquiry.render import richtext

    seen: list[str] = []

    def digest(*names: str) -> str:
        seen.extend(names)
        return "0" * 64

    monkeypatch.setattr(cache, "code_digest", digest)
    richtext._key("0" * 64, "typst", (), "3.1")
    assert set(fields.PREPARING) <= set(seen) and "inquiry.render.view_writer" in seen
