"""The build cache: round trips, misses for damaged entries, --no-cache, pruning least recently
used first, clear, an unwritable folder, and two builds writing at once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from inquiry.cache import Cache, default_root, parse_size

KEY = Cache.key("item", "SF-001")


def entry_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.parent.name != root.name)


def test_keys_are_unambiguous_and_stable() -> None:
    assert Cache.key("ab", "c") != Cache.key("a", "bc")
    assert Cache.key(b"a") != Cache.key("a")
    assert Cache.key("a", "") != Cache.key("a")
    assert Cache.key("x", b"\x00") == Cache.key("x", b"\x00")
    assert len(KEY) == 64 and int(KEY, 16) >= 0
    assert Cache.key("\ud800")  # a lone surrogate from YAML must not break hashing


def test_put_get_take_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    taken = tmp_path / "taken.pdf"
    assert cache.get("pdf", KEY) is None and not cache.take("pdf", KEY, taken)
    stored = cache.put("pdf", KEY, b"%PDF-1.7 data")
    assert stored is not None and stored.read_bytes() == b"%PDF-1.7 data"
    assert cache.get("pdf", KEY) == b"%PDF-1.7 data"
    assert cache.take("pdf", KEY, taken) and taken.read_bytes() == b"%PDF-1.7 data"
    assert taken.stat().st_ino == stored.stat().st_ino
    assert cache.get("other", KEY) is None
    assert cache.size() == len(b"%PDF-1.7 data")
    assert (tmp_path / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")


def test_a_hit_marks_the_entry_recently_used(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    stored = cache.put("pdf", KEY, b"data")
    assert stored is not None
    os.utime(stored, (1_000_000, 1_000_000))
    assert cache.take("pdf", KEY, tmp_path / "taken.pdf")
    assert stored.stat().st_mtime > time.time() - 60
    os.utime(stored, (1_000_000, 1_000_000))
    assert cache.get("pdf", KEY) == b"data"
    assert stored.stat().st_mtime > time.time() - 60


def test_put_replaces_an_older_version_of_the_entry(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("pdf", KEY, b"old")
    cache.put("pdf", KEY, b"new")
    assert cache.get("pdf", KEY) == b"new"
    assert len(entry_files(tmp_path)) == 1


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_a_damaged_entry_is_a_miss_and_removed(tmp_path: Path, damage: str) -> None:
    cache = Cache(tmp_path)
    data = bytes(range(256)) * 40
    taken = tmp_path / "taken.pdf"
    for lookup in (cache.get, lambda ns, key: cache.take(ns, key, taken) or None):
        stored = cache.put("pdf", KEY, data)
        assert stored is not None
        raw = bytearray(stored.read_bytes())
        if damage == "truncate":
            raw = raw[:-100]
        elif damage == "flip":
            raw[5000] ^= 1
        else:
            raw = bytearray()
        stored.write_bytes(raw)
        assert lookup("pdf", KEY) is None
        assert not stored.exists() and not taken.exists()


def test_no_cache_misses_and_writes_nothing(tmp_path: Path) -> None:
    Cache(tmp_path).put("pdf", KEY, b"data")
    before = entry_files(tmp_path)
    off = Cache(tmp_path, enabled=False)
    assert off.get("pdf", KEY) is None and not off.take("pdf", KEY, tmp_path / "taken")
    assert off.put("pdf", Cache.key("new"), b"x") is None
    src = tmp_path / "out.pdf"
    src.write_bytes(b"pdf")
    assert off.put_file("pdf", Cache.key("new"), src) is None and src.read_bytes() == b"pdf"
    assert off.prune() == 0
    assert entry_files(tmp_path) == before


@pytest.mark.parametrize("where", ["same", "other"])
def test_put_file_links_or_copies_in(tmp_path: Path, where: str) -> None:
    cache = Cache(tmp_path / "cache")
    folder = tmp_path if where == "same" else Path("/dev/shm")
    if not folder.is_dir():
        pytest.skip("no second file system")
    src = folder / f"inquiry-test-{os.getpid()}.pdf"
    src.write_bytes(b"%PDF big file")
    try:
        stored = cache.put_file("exhibit", KEY, src)
        assert stored is not None and stored != src
        assert stored.read_bytes() == src.read_bytes() == b"%PDF big file"
        assert (stored.stat().st_ino == src.stat().st_ino) == (where == "same")
    finally:
        src.unlink()
    assert cache.take("exhibit", KEY, tmp_path / "taken.pdf")
    assert (tmp_path / "taken.pdf").read_bytes() == b"%PDF big file"


def test_prune_removes_least_recently_used_first(tmp_path: Path) -> None:
    cache = Cache(tmp_path, max_bytes=10_000)
    keys = [Cache.key(str(i)) for i in range(6)]
    for age, key in enumerate(keys):
        stored = cache.put("pdf", key, bytes(3000))
        assert stored is not None
        old = 1_000_000 + (10 - age) * 1000  # keys[0] is the most recently used
        os.utime(stored, (old, old))
    assert cache.size() == 18_000
    freed = cache.prune(keep_recent=0)
    assert freed == 9000  # down to 90% of the limit: 3 entries left
    assert [cache.get("pdf", k) is not None for k in keys] == [True] * 3 + [False] * 3
    assert cache.size() == 9000


def test_prune_spares_entries_in_use(tmp_path: Path) -> None:
    cache = Cache(tmp_path, max_bytes=1000)
    for i in range(3):
        cache.put("pdf", Cache.key(str(i)), bytes(1000))
    assert cache.prune() == 0  # all used just now: a running build may hold their paths
    assert cache.size() == 3000


def test_prune_is_cheap_when_under_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path, max_bytes=10_000)
    cache.put("pdf", KEY, bytes(100))
    assert cache.prune() == 0  # first time: scans, records the total
    scans: list[int] = []
    original = Cache._scan

    def counting(self: Cache) -> list[tuple[float, int, Path]]:
        scans.append(1)
        return original(self)

    monkeypatch.setattr(Cache, "_scan", counting)
    cache.put("pdf", Cache.key("2"), bytes(100))
    assert Cache(tmp_path, max_bytes=10_000).prune() == 0
    assert cache.prune() == 0
    assert scans == []
    cache.put("pdf", Cache.key("3"), bytes(10_000))
    cache.prune(keep_recent=0)
    assert scans == [1]


def test_prune_removes_temporary_files_of_killed_builds(tmp_path: Path) -> None:
    cache = Cache(tmp_path, max_bytes=10)
    stored = cache.put("pdf", KEY, b"data")
    assert stored is not None
    leftover = stored.parent / ".tmp-killed"
    leftover.write_bytes(b"half")
    os.utime(leftover, (1_000_000, 1_000_000))
    fresh = stored.parent / ".tmp-running"
    fresh.write_bytes(b"being written")
    cache.prune()
    assert not leftover.exists() and fresh.exists()


def test_clear_removes_entries_and_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    cache = Cache(root)
    cache.put("pdf", KEY, b"12345")
    cache.put("pandoc", KEY, b"678")
    (root / "notes.txt").write_text("mine")
    (root / "Projects").mkdir()
    (root / "Projects" / "keep.txt").write_text("mine too")
    assert cache.clear() == 8
    assert cache.size() == 0 and cache.get("pdf", KEY) is None
    assert sorted(p.name for p in root.iterdir()) == ["CACHEDIR.TAG", "Projects", "notes.txt"]
    assert (root / "Projects" / "keep.txt").read_text() == "mine too"


def test_an_unwritable_folder_turns_the_cache_off_with_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker / "cache")
    assert not cache.enabled
    assert cache.warning is not None and str(blocker / "cache") in cache.warning
    assert cache.put("pdf", KEY, b"x") is None and cache.get("pdf", KEY) is None


def test_a_write_that_fails_later_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import tempfile

    cache = Cache(tmp_path)

    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    assert cache.put("pdf", KEY, b"x") is None
    assert not cache.enabled and cache.warning is not None
    assert "building without it" in cache.warning


def test_bad_names_are_refused(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    for namespace, key in [("../x", KEY), ("pdf", "../../etc"), ("PDF", KEY), ("pdf", "zz")]:
        with pytest.raises(ValueError):
            cache.get(namespace, key)


def test_location_and_limit_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INQUIRY_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("INQUIRY_CACHE_MAX", "500M")
    assert default_root() == tmp_path / "c"
    cache = Cache()
    assert cache.root == tmp_path / "c" and cache.max_bytes == 500 * 1024**2
    monkeypatch.setenv("INQUIRY_CACHE_MAX", "lots")
    cache = Cache()
    assert cache.max_bytes == 2 * 1024**3 and cache.warning is not None
    monkeypatch.delenv("INQUIRY_CACHE_DIR")
    assert default_root().name == "inquiry"


@pytest.mark.parametrize(
    ("text", "n"),
    [("2G", 2 * 1024**3), ("500 MiB", 500 * 1024**2), ("1048576", 1048576), ("1.5k", 1536)],
)
def test_parse_size(text: str, n: int) -> None:
    assert parse_size(text) == n


WRITER = """
    import sys, time
    from pathlib import Path
    from inquiry.cache import Cache
    root, seed = Path(sys.argv[1]), int(sys.argv[2])
    cache = Cache(root)
    key = Cache.key("shared")
    (root / f"ready-{seed}").touch()
    while len(list(root.glob("ready-*"))) < 2:  # start together
        time.sleep(0.01)
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        fill = bytes([seed + int(time.monotonic() * 100) % 2]) * 200_000
        assert cache.put("pdf", key, fill) is not None
        data = cache.get("pdf", key)
        assert data is None or (len(set(data)) == 1 and len(data) == 200_000), "torn read"
        cache.prune(keep_recent=0)
"""


def test_two_builds_writing_at_once_never_show_a_torn_entry(tmp_path: Path) -> None:
    program = textwrap.dedent(WRITER)
    env = {**os.environ, "INQUIRY_CACHE_MAX": "1M"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", program, str(tmp_path), str(seed)],
            env=env,
            stderr=subprocess.PIPE,
        )
        for seed in (10, 20)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    # The last prune may have removed the entry (one writer's scan listed it just before the
    # other replaced it: on a loaded machine this happens), which is no torn entry; what is
    # there is one writer's whole write.
    data = Cache(tmp_path).get("pdf", Cache.key("shared"))
    assert data is None or (len(set(data)) == 1 and data[0] in (10, 11, 20, 21))
