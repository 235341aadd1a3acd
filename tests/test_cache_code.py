"""The cache keys of what code makes (prepared fields, prepared exhibits, pandoc's output) hold
a digest of that code's source, so a cache filled by an earlier version is never taken for
this one's: a span's language, kept from stop 27 on, came back stripped from a warm cache that
fields had been prepared in before (a cached build differed from a cold one)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from inquiry import cache_keys as cache
from inquiry.exhibits import stage
from inquiry.render import fields


def test_the_digest_follows_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "codepkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "mod.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = cache.code_digest("codepkg")
    cache.code_digest.cache_clear()
    (package / "mod.py").write_text("X = 2\n", encoding="utf-8")
    assert cache.code_digest("codepkg") != first
    sys.modules.pop("codepkg", None)


def test_every_module_named_has_source() -> None:
    for names in (fields.PREPARING, stage.PREPARING):
        assert len(cache.code_digest(*names)) == 64


class Store:
    def __init__(self) -> None:
        self.keys: list[str] = []

    def get(self, namespace: str, key: str) -> bytes | None:
        self.keys.append(key)
        return None

    def put(self, namespace: str, key: str, data: bytes) -> object:
        return None


def test_a_prepared_fields_key_changes_with_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from inquiry.redaction import Matcher

    def parse(texts: list[str]) -> list[list[object]]:
        return [[] for _ in texts]

    keys = []
    for digest in ("a" * 64, "b" * 64):
        monkeypatch.setattr(cache, "code_digest", lambda *names, d=digest: d)
        store = Store()
        fields.prepared_fields(["Some *text*."], Matcher(()), parse, store=store)
        keys.append(store.keys[0])
    assert keys[0] != keys[1]
