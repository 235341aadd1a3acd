"""The bundle set changes as one: `--out` holds the complete old set or the complete new set.

A build writes into a staging folder beside `out` (same file system), under an exclusive lock
on `out`, and then `install` swaps the two folders in one step with Linux's
`renameat2(RENAME_EXCHANGE)`. The user's own files in `out` (anything the build does not own)
are hard-linked into the new set first, so they survive. A build killed at any point leaves
either its staging folder (removed by the next build) or the old set it was removing (likewise);
`out` itself is never half old, half new.

Where the exchange is not supported (some network and FUSE file systems), the fallback moves
`out` aside and the new set in with two renames: between them `out` briefly does not exist,
and a build killed in that instant leaves the complete old set aside, which the next build puts
back before doing anything else. Crash safety is against a killed process; nothing is fsynced,
so a power cut may still lose the newest set.

For tests, `INQUIRY_FAULT=<point>` kills the process (SIGKILL) at a named point: see `FAULTS`.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from inquiry.out_lock import cannot_write, hold, release

FAULTS = (
    "after-lock",  # lock held, nothing else done
    "after-staging",  # empty staging folder made
    "before-carry",  # new set complete, user's files not yet linked in
    "before-swap",  # new set complete with the user's files
    "between-renames",  # fallback only: old set moved aside, new set not yet in place
    "after-swap",  # new set in place, old set not yet removed
    "during-cleanup",  # old set partly removed
)
"""Points at which `INQUIRY_FAULT` can kill the process, in the order a build passes them."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Lock `out` and yield a fresh, empty staging folder beside it.

    Raises `BuildLocked` at once if another build holds the lock. Before yielding, repairs what
    a killed build left (puts an old set moved aside back in place, removes staging folders).
    If the block raises, the staging folder is removed and `out` is untouched. Call `install`
    inside the block to put the staged set in place.
    """
    out = _real(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "the output exists and is not a folder", str(out))
    fd = hold(out)
    try:
        fault("after-lock")
        _repair(out)
        staged = Path(tempfile.mkdtemp(prefix=f".{out.name}.inquiry-staging-", dir=out.parent))
        # mkdtemp makes it private (0700); the set it becomes keeps `out`'s mode, or gets the
        # one any new folder would.
        os.chmod(staged, stat.S_IMODE(out.stat().st_mode) if out.is_dir() else _new_folder_mode())
        fault("after-staging")
        try:
            yield staged
        finally:
            # After `install` this path is gone or holds the old set: removed either way.
            shutil.rmtree(staged, ignore_errors=True)
    finally:
        release(out, fd)


REPOSITORY_FOLDERS = ("evidence", "served", "schemas", "templates", ".git")
"""The repository's own folders: a bundle set never replaces one, nor goes inside one."""


def out_problem(root: Path, out: Path, *, chosen: bool, outputs: Collection[str]) -> str | None:
    """Why `out` cannot hold the bundle set of the repository at `root` (None when it can).

    The set replaces its folder whole, so the folder must be the bundle's own: not `/`, the
    repository or a folder holding it, not one of the repository's own folders or inside one,
    and, if it exists, a folder that is empty or already holds a bundle set (a folder given
    as `--out` must hold a set's manifest or references, `_holds_a_set`; the repository's own
    `build/` may hold any output, as a build's folder by the repository's layout). Unless
    `chosen`
    (given as `--out`), it must also stay inside the repository: a `build` committed as a
    symbolic link to somewhere else is refused, not followed."""
    try:
        real, home = Path(out).resolve(), Path(root).resolve()
    except (OSError, RuntimeError) as exc:  # a symbolic link loop
        return f"--out {out} cannot be followed: {exc}"
    if real == home or real in home.parents:
        return f"{out} is the repository or holds it: the bundle set needs a folder of its own"
    for name in REPOSITORY_FOLDERS:
        if real == home / name or (home / name) in real.parents:
            return f"{out} is inside the repository's {name}/ folder, which the build reads"
    if not chosen and home not in real.parents:
        return (
            f"{out} is a symbolic link to {real}, outside the repository: remove the link,"
            " or give the folder with --out"
        )
    found = real
    try:
        while not found.exists() and found != found.parent:
            found = found.parent
    except OSError as exc:  # a name too long for any file system
        return f"--out {out} cannot be used: {exc.strerror or exc}"
    if not found.is_dir():
        return f"{found} is a file, so {out} cannot be a folder"
    most = _name_max(found)
    staged = most - len(".inquiry-staging-.aside-XXXXXXXX") - 1  # `out`'s staging sibling
    for part in real.relative_to(found).parts or (real.name,):
        longest = staged if part == real.name else most
        if len(os.fsencode(part)) > longest:
            return (
                f"--out {out}: the folder name {part[:40]!r}… is too long "
                f"({len(os.fsencode(part))} bytes; at most {longest} here)"
            )
    unwritable = _unwritable(real.parent)
    if unwritable:
        return unwritable
    if os.path.ismount(real):  # found now, not by the swap at the end of the whole build
        return (
            f"--out {out} is a mount point, which the bundle set cannot replace (it is swapped"
            f" in whole): give a folder inside it, e.g. --out {Path(out) / 'build'}"
        )
    if real.is_dir():
        with os.scandir(real) as entries:
            names = {e.name for e in entries if not e.name.startswith(".")}
        ours = names & set(outputs) if not chosen else set()  # the repository's build/
        if names and not ours and not _holds_a_set(real, names, outputs):
            found_names = sorted(names & set(outputs))
            what = (
                f"{', '.join(found_names)} but no manifest.json written by inquiry"
                if found_names
                else "other files and no bundle"
            )
            return (
                f"{out} holds {what}: the bundle set replaces its folder"
                " whole (its html/ included), so choose a new or empty folder"
            )
    return None


def _unwritable(folder: Path) -> str | None:
    """Why the folder that holds `--out` (or the nearest folder of it that exists, where it
    will be made) cannot be written; None if it can."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if os.access(folder, os.W_OK | os.X_OK):
        return None
    readonly = os.statvfs(folder).f_flag & os.ST_RDONLY
    return cannot_write(folder, "read-only file system" if readonly else "permission denied")


def _name_max(folder: Path) -> int:
    """The longest file name (bytes) the file system holding `folder` takes."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


_MANIFEST_LIMIT = 256 * 1024 * 1024


def _holds_a_set(folder: Path, names: set[str], outputs: Collection[str]) -> bool:
    """Whether `folder` holds an earlier bundle set: one with a PDF has a manifest.json, a
    JSON object with a `bundle` object and an `items` list; any set has a references.json, a
    JSON list, and only outputs' names beside it. A folder holding a file or folder that
    merely shares an output's name (a website's `html/`, another tool's manifest) is someone
    else's, and the set would replace it."""
    manifest = _json(folder / "manifest.json")
    if isinstance(manifest, dict):
        return isinstance(manifest.get("bundle"), dict) and isinstance(manifest.get("items"), list)
    if manifest is not None or not names <= set(outputs):
        return False
    return isinstance(_json(folder / "references.json"), list)


def _json(path: Path) -> object:
    """The JSON value in `path`, or None when it is not a file of JSON (or is too large)."""
    try:
        if not path.is_file() or path.stat().st_size > _MANIFEST_LIMIT:
            return None
        return json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None


def _new_folder_mode() -> int:
    """The mode `mkdir` gives a new folder here: 0777 less the process's umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def install(staged: Path, out: Path, *, owned: Collection[str] = ()) -> tuple[str, ...]:
    """Make `out` hold exactly the staged set, in one step; return the names in `owned` that
    `out` held and the staged set has not (removed with the old set).

    Files already in `out` that the build did not write are carried over (hard links), except
    top-level names in `owned`: outputs of an earlier build that this one did not make (a DOCX
    from a build with `--format docx`) must not outlive the manifest that described them.
    """
    out = _real(out)
    staged = _real(staged)
    if staged.parent != out.parent or not staged.name.startswith(f".{out.name}.inquiry-staging-"):
        raise ValueError(f"{staged} is not a staging folder of {out}")
    gone = tuple(n for n in owned if os.path.lexists(out / n) and not os.path.lexists(staged / n))
    fault("before-carry")
    if out.is_dir():
        carry_over(out, staged, skip=owned)
    fault("before-swap")
    if not out.exists():
        os.rename(staged, out)
        fault("after-swap")
        return gone
    try:
        exchange(staged, out)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
        _two_renames(staged, out)
        return gone
    fault("after-swap")
    _remove_set(staged, point="during-cleanup")
    return gone


def exchange(a: Path, b: Path) -> None:
    """Swap two paths atomically (`renameat2` with `RENAME_EXCHANGE`); OSError if unsupported."""
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        renameat2 = libc.renameat2
    except AttributeError:  # a C library without the wrapper
        raise OSError(errno.ENOSYS, "renameat2 is not available") from None
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def carry_over(out: Path, staged: Path, *, skip: Collection[str] = ()) -> None:
    """Hard-link (or copy) into `staged` everything in `out` that `staged` does not have,
    leaving out the top-level names in `skip`."""
    for folder, dirs, files in os.walk(out):
        rel = Path(folder).relative_to(out)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in skip]
            files = [f for f in files if f not in skip]
        target = staged / rel
        keep: list[str] = []
        for name in dirs:
            src, dst = Path(folder, name), target / name
            if src.is_symlink():
                files.append(name)
            elif not os.path.lexists(dst):
                dst.mkdir()
                keep.append(name)
            elif dst.is_dir() and not dst.is_symlink():
                keep.append(name)
        dirs[:] = keep
        for name in files:
            src, dst = Path(folder, name), target / name
            if os.path.lexists(dst):
                continue  # the build wrote it
            if src.is_symlink():
                os.symlink(os.readlink(src), dst)
                continue
            try:
                os.link(src, dst, follow_symlinks=False)
            except OSError:
                shutil.copy2(src, dst, follow_symlinks=False)


def fault(point: str) -> None:
    """Kill this process here if `INQUIRY_FAULT` names `point` (fault injection for tests)."""
    if os.environ.get("INQUIRY_FAULT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _repair(out: Path) -> None:
    """Undo what a killed build left beside `out`; we hold the lock, so its owner is gone.
    Only a real folder is ever a set put aside: a link of that name (committed by anyone) is
    removed, never followed or made `out`."""
    parent = out.parent
    found = sorted(parent.glob(f".{out.name}.inquiry-old-*"))
    aside = [p for p in found if p.is_dir() and not p.is_symlink()]
    for stray in (p for p in found if p not in aside):
        _remove_set(stray)
    if aside and not out.exists() and not out.is_symlink():
        os.rename(aside.pop(), out)  # killed between the fallback's two renames
    for path in aside + list(parent.glob(f".{out.name}.inquiry-staging-*")):
        _remove_set(path)


def _two_renames(staged: Path, out: Path) -> None:
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.inquiry-old-", dir=out.parent))
    os.rename(out, aside)  # replaces the empty folder just made
    fault("between-renames")
    os.rename(staged, out)
    fault("after-swap")
    # Renamed to a staging name first: an `-old-` folder must only ever be a complete set.
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.inquiry-staging-", dir=out.parent))
    os.rename(aside, trash)
    _remove_set(trash, point="during-cleanup")


def _remove_set(path: Path, *, point: str | None = None) -> None:
    """Remove a set of files no longer wanted (the old set, a killed build's staging); `point`
    names the fault point to pass once the first file is gone."""
    if not path.is_dir() or path.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    first = True
    for folder, _dirs, files in os.walk(path, topdown=False):
        for name in files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, name))
            if first and point:
                fault(point)
                first = False
        with contextlib.suppress(OSError):
            os.rmdir(folder)
    shutil.rmtree(path, ignore_errors=True)
