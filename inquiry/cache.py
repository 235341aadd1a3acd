"""A content-addressed cache of build outputs (compiled item PDFs, prepared exhibits, pandoc
output), shared by every build of the user, safe under concurrent builds, bounded in size.

Layout under the cache folder (`INQUIRY_CACHE_DIR`, else the platform's user cache folder):

    <namespace>/<key[:2]>/<key>/<size>-<sha256 of the namespace, the key and the data>

One folder per entry, holding one file named after its own length and digest: an entry appears
complete in one `os.replace` of a file written beside it, so a reader never sees it half
written, and a reader can tell a truncated or damaged entry (it is then a miss, and removed);
the digest covers the entry's namespace and key, so a file named after its own bytes, or moved
under another key, is no entry either. Nothing is fsynced; the check on read is what makes that
safe after a crash. The file's mtime is its last use: `get` and `take` touch it, and `prune`
removes the least recently used first. A file a build opens later (a prepared exhibit) is taken
into the build's own folder (`take`, a hard link), so clearing the cache meanwhile cannot take
it away. What else the cache folder may hold is handled in `inquiry.cache_files`.

A cache that cannot be written is a cache that is off: the build goes on without it and
`Cache.warning` says why, once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from inquiry import cache_files as files

DEFAULT_MAX_BYTES = 2 * 1024**3
"""2 GiB: room for the compiled items and prepared exhibits of a few large bundles."""

RECENT_SECONDS = 3600.0
"""`prune` spares entries used within the last hour: a build running now probably wants them."""

STALE_TEMP_SECONDS = 3600.0
"""A temporary file this old was left by a killed build, not written by a running one."""

TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# inquiry's build cache: safe to delete.\n"
_NAMESPACE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_KEY = re.compile(r"[0-9a-f]{16,128}")
_BUCKET = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"(\d+)-([0-9a-f]{64})")
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)


def default_root() -> Path:
    """`INQUIRY_CACHE_DIR` if set, else the platform's user cache folder for inquiry."""
    override = os.environ.get("INQUIRY_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs  # only a build with the cache on pays for the import

    return Path(platformdirs.user_cache_dir("inquiry"))


def parse_size(text: str) -> int:
    """Parse "2G", "500 MiB" or "1048576" as bytes (powers of 1024); ValueError otherwise."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (try 2G or 500M)")
    unit = "bkmgt".index((match[2] or "b").lower())
    return int(float(match[1]) * 1024**unit)


class Cache:
    """The build cache; see the module's docstring. `enabled=False` (`--no-cache`) makes every
    lookup miss and writes nothing."""

    def __init__(
        self, root: Path | None = None, *, enabled: bool = True, max_bytes: int | None = None
    ) -> None:
        self.root = root if root is not None else default_root()
        self.warning: str | None = None
        if max_bytes is None:
            env = os.environ.get("INQUIRY_CACHE_MAX")
            try:
                max_bytes = parse_size(env) if env else DEFAULT_MAX_BYTES
            except ValueError as exc:
                self.warning = f"INQUIRY_CACHE_MAX ignored: {exc}"
                max_bytes = DEFAULT_MAX_BYTES
        self.max_bytes = max_bytes
        self._written = 0
        self.enabled = enabled and self._usable()

    @staticmethod
    def key(*parts: bytes | str) -> str:
        """The sha256 of `parts`, each length-prefixed and typed, so ("ab", "c") ≠ ("a", "bc")
        and b"a" ≠ "a"."""
        digest = hashlib.sha256(b"inquiry-cache-key-1\0")
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(b"s" if isinstance(part, str) else b"b")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, namespace: str, key: str) -> bytes | None:
        """The entry's bytes, or None (a miss, also for a damaged entry, which is removed)."""
        for file in self._files(namespace, key):
            size, digest = _parse(file.name)
            try:
                fd = files.open_entry(file, size)
            except files.Damaged:
                files.discard(file)
                continue
            except OSError:
                continue
            with os.fdopen(fd, "rb") as f:
                try:
                    data = f.read(size + 1)
                except OSError:
                    continue
                if len(data) == size and _hasher(namespace, key, data).hexdigest() == digest:
                    files.touch(f.fileno(), file)
                    return data
            files.discard(file)
        return None

    def take(self, namespace: str, key: str, dest: Path) -> bool:
        """Put the entry's file at `dest`, checked and marked as recently used; False on a miss.
        `dest` (in the build's own folder) is a hard link to the entry, or a copy across file
        systems: the caller's, whatever happens to the cache meanwhile (`inquiry cache clear`
        in another terminal). It must not be written to: it may share the entry's bytes."""
        for file in self._files(namespace, key):
            size, digest = _parse(file.name)
            tmp: Path | None = None
            try:
                fd, name = tempfile.mkstemp(prefix=".take-", dir=dest.parent)
                os.close(fd)
                tmp = Path(name)
                tmp.unlink()
                try:
                    os.link(file, tmp, follow_symlinks=False)
                except FileNotFoundError:
                    continue
                except OSError:  # another file system, or no hard links: copy
                    files.copy_entry(file, size, tmp)
                with os.fdopen(files.open_entry(tmp, size), "rb") as f:
                    found = hashlib.file_digest(f, lambda: _hasher(namespace, key)).hexdigest()
                    if found == digest:
                        files.touch(f.fileno(), file)
                        os.replace(tmp, dest)
                        return True
                files.discard(file)
            except files.Damaged:
                files.discard(file)
            except OSError:
                pass
            finally:
                files.remove_quietly(tmp)
        return False

    def put(self, namespace: str, key: str, data: bytes) -> Path | None:
        """Store `data`; return the entry's file, or None when nothing was stored (the cache is
        off or could not be written; `warning` then says why). The file is the cache's: a
        build that opens it later takes it instead (`take`)."""
        if not self.enabled:
            return None
        name = f"{len(data)}-{_hasher(namespace, key, data).hexdigest()}"

        def fill(tmp: Path) -> None:
            tmp.write_bytes(data)

        return self._install(namespace, key, name, fill)

    def put_file(self, namespace: str, key: str, src: Path) -> Path | None:
        """Store the file `src` (hard-linked in, copied across file systems); `src` itself is
        left alone for the caller to go on using or delete, but not to rewrite in place (a hard
        link shares its bytes). Return the entry's file, or None when nothing was stored."""
        if not self.enabled:
            return None
        try:
            with src.open("rb") as f:
                size = os.fstat(f.fileno()).st_size
                found = hashlib.file_digest(f, lambda: _hasher(namespace, key))
                name = f"{size}-{found.hexdigest()}"
        except OSError:
            return None

        def fill(tmp: Path) -> None:
            tmp.unlink()
            try:
                os.link(src, tmp)
            except OSError:  # another file system, or no hard links: copy
                shutil.copyfile(src, tmp)

        return self._install(namespace, key, name, fill)

    def size(self) -> int:
        """Bytes held by the cache's entries; OSError when a folder of it cannot be read."""
        errors: list[OSError] = []
        total = sum(size for _, size, _ in self._scan(errors))
        if errors:
            raise errors[0]
        return total

    def prune(self, *, keep_recent: float = RECENT_SECONDS) -> int:
        """Remove the least recently used entries until the cache holds at most `max_bytes`
        (sparing any used in the last `keep_recent` seconds); return the bytes freed.

        Cheap when nothing is to do: the total seen by the last prune plus what this process
        wrote since is compared with the limit, and the folder is scanned only when over it.
        """
        if not self.enabled:
            return 0
        known = _read_int(self.root / ".size")
        if known is not None and known + self._written <= self.max_bytes:
            return 0
        entries = sorted(self._scan(), key=lambda e: e[0])
        total = sum(size for _, size, _ in entries)
        freed = 0
        # Down to 90%, so that a full cache is not scanned again by every build.
        target = self.max_bytes * 9 // 10 if total > self.max_bytes else total
        cutoff = time.time() - keep_recent
        for mtime, size, file in entries:
            if total - freed <= target or mtime > cutoff:
                break
            if files.discard(file):
                freed += size
        self._written = 0
        _write_int(self.root / ".size", total - freed)
        return freed

    def clear(self) -> int:
        """Remove every entry, and whatever is in the place of one of the layout's folders (a
        file, a link: the link, not what it points to), and nothing else; return the bytes
        freed. OSError when something could not be read or removed (the rest is removed)."""
        freed, error = files.clear(self.root, (_NAMESPACE, _BUCKET, _KEY, _ENTRY), ".tmp-")
        with contextlib.suppress(OSError):  # a guess that the next prune corrects
            (self.root / ".size").unlink()
        self._written = 0
        if error is not None:
            raise error
        return freed

    def _usable(self) -> bool:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tag = self.root / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(TAG, encoding="ascii")
            fd, probe = tempfile.mkstemp(prefix=".probe-", dir=self.root)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            self._disable(exc)
            return False
        return True

    def _disable(self, exc: OSError) -> None:
        self.enabled = False
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, FileExistsError):  # mkdir of the folder: a file has its name
            reason = "a file is in its place"
        said = f"the build cache at {self.root} cannot be written ({reason}); building without it"
        # An ignored INQUIRY_CACHE_MAX said before stays said (`cache info` showed only this).
        kept = [] if self.warning is None or said in self.warning else [self.warning]
        self.warning = "; ".join([*kept, said])

    def _parts(self, namespace: str, key: str) -> tuple[str, str, str]:
        if not _NAMESPACE.fullmatch(namespace) or not _KEY.fullmatch(key):
            raise ValueError(f"bad cache namespace or key: {namespace!r}, {key!r}")
        return namespace, key[:2], key

    def _files(self, namespace: str, key: str) -> list[Path]:
        parts = self._parts(namespace, key)
        if not self.enabled:
            return []
        try:
            folder = files.folder(self.root, parts, make=False)
            if folder is None:
                return []
            names = os.listdir(folder)
        except OSError:
            return []
        return [folder / n for n in sorted(names) if _ENTRY.fullmatch(n)]

    def _install(
        self, namespace: str, key: str, name: str, fill: Callable[[Path], None]
    ) -> Path | None:
        parts = self._parts(namespace, key)
        for _attempt in range(2):  # a concurrent prune may remove the folder under us
            tmp: Path | None = None
            try:
                folder = files.folder(self.root, parts, make=True)
                assert folder is not None
                fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=folder)
                os.close(fd)
                tmp = Path(tmp_name)
                fill(tmp)
                final = folder / name
                os.replace(tmp, final)
            except FileNotFoundError:
                files.remove_quietly(tmp)
                continue
            except OSError as exc:
                files.remove_quietly(tmp)
                self._disable(exc)
                return None
            self._written += _parse(name)[0]
            with contextlib.suppress(OSError):
                for other in os.listdir(folder):  # an older, different version of this entry
                    if other != name and _ENTRY.fullmatch(other):
                        files.remove_quietly(folder / other)
            return final
        return None

    def _scan(self, errors: list[OSError] | None = None) -> list[tuple[float, int, Path]]:
        """(last use, size, file) of every entry; removes temporary files left by killed builds
        and empty entry folders on the way. A folder that cannot be read is skipped, its error
        added to `errors`."""
        found: list[tuple[float, int, Path]] = []
        stale = time.time() - STALE_TEMP_SECONDS
        for namespace in _subdirs(self.root, _NAMESPACE, errors):
            for bucket in _subdirs(namespace, _BUCKET, errors):
                for entry in _subdirs(bucket, _KEY, errors):
                    count = 0
                    try:
                        with os.scandir(entry) as it:
                            listed = list(it)
                    except OSError as exc:
                        if errors is not None:
                            errors.append(exc)
                        continue
                    for f in listed:
                        with contextlib.suppress(OSError):
                            st = f.stat(follow_symlinks=False)
                            if _ENTRY.fullmatch(f.name):
                                found.append((st.st_mtime, st.st_size, Path(f.path)))
                                count += 1
                            elif f.name.startswith(".tmp-") and st.st_mtime < stale:
                                os.unlink(f.path)
                            else:
                                count += 1
                    if not count:
                        with contextlib.suppress(OSError):
                            entry.rmdir()
        return found


def _parse(name: str) -> tuple[int, str]:
    size, digest = name.split("-", 1)
    return int(size), digest


def _hasher(namespace: str, key: str, data: bytes = b"") -> hashlib._Hash:
    """The digest an entry's name holds: of its namespace, key and data."""
    digest = hashlib.sha256(f"inquiry-cache-entry-1\0{namespace}\0{key}\0".encode("ascii"))
    digest.update(data)
    return digest


def _subdirs(
    folder: Path, pattern: re.Pattern[str], errors: list[OSError] | None = None
) -> list[Path]:
    try:
        with os.scandir(folder) as it:
            return [
                Path(e.path)
                for e in it
                if pattern.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
            ]
    except FileNotFoundError:
        return []
    except OSError as exc:
        if errors is not None:
            errors.append(exc)
        return []


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def _write_int(path: Path, value: int) -> None:
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(str(value))
        os.replace(tmp, path)
    except OSError:
        files.remove_quietly(tmp)
