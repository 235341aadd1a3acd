"""The file-level care of the build cache (`inquiry.cache`): what it opens, where it writes and
what `clear` removes, when the folder holds what no build wrote there.

An entry file is opened only as a regular file of the size its name says, never followed through
a link (a FIFO would block `open` for ever, `/dev/zero` or a sparse giant would be read until
memory ran out); a folder of the layout is used only when it is a folder, never a link to one
(what is written goes where the cache is, nowhere else). Anything else in a place of the layout
is damage: the read is a miss, the write removes it first (the link itself, never what it
points to), and so does `clear`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path

_OPEN = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_OPEN |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class Damaged(Exception):
    """What is at an entry's name is no entry (a link, a FIFO, a device, the wrong size)."""


def open_entry(file: Path, size: int) -> int:
    """A file descriptor of `file`, a regular file of `size` bytes (blocking reads again);
    Damaged when it is anything else, OSError when it cannot be opened."""
    try:
        fd = os.open(file, _OPEN)
    except OSError as exc:
        if _is_link(file):  # O_NOFOLLOW refused a link (ELOOP, or EMLINK on some systems)
            raise Damaged(str(file)) from exc
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size != size:
            raise Damaged(str(file))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def copy_entry(file: Path, size: int, dest: Path) -> None:
    """Copy the entry `file` (checked as `open_entry` checks it) to `dest`."""
    with os.fdopen(open_entry(file, size), "rb") as src, dest.open("wb") as out:
        shutil.copyfileobj(src, out)


def touch(fd: int, file: Path) -> None:
    """Mark the entry `file`, open as `fd`, as used now (its mtime: `prune` removes the least
    recently used first)."""
    with contextlib.suppress(OSError):
        os.utime(fd if os.utime in os.supports_fd else file)


def folder(root: Path, parts: Sequence[str], *, make: bool) -> Path | None:
    """`root/parts…`, each a real folder; None (`make` False) when one is missing or is not a
    folder. With `make`, a missing folder is made, and a file or a link in the place of one is
    removed first (OSError when that cannot be done)."""
    if make:
        root.mkdir(parents=True, exist_ok=True)
    path = root
    for part in parts:
        path = path / part
        try:
            mode: int | None = os.lstat(path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            continue
        if not make:
            return None
        if mode is not None:
            os.unlink(path)
        with contextlib.suppress(FileExistsError):  # another build made it meanwhile
            path.mkdir()
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            raise NotADirectoryError(20, "not a folder", str(path))
    return path


def clear(
    root: Path, layout: Sequence[re.Pattern[str]], temporary: str
) -> tuple[int, OSError | None]:
    """Remove from `root` what `layout` names (a pattern for each level, the last one the entry
    files; `temporary` the prefix of files being written) and anything in the place of one of
    its folders; (bytes of entries freed, the first error met: what could not be read or
    removed)."""
    errors: list[OSError] = []
    freed = _clear(root, layout, temporary, errors)
    return freed, errors[0] if errors else None


def _clear(
    path: Path, layout: Sequence[re.Pattern[str]], temporary: str, errors: list[OSError]
) -> int:
    try:
        with os.scandir(path) as it:
            found = list(it)
    except FileNotFoundError:
        return 0
    except OSError as exc:
        errors.append(exc)
        return 0
    freed = 0
    last = len(layout) == 1
    for item in found:
        ours = layout[0].fullmatch(item.name) or (last and item.name.startswith(temporary))
        if not ours:
            continue
        try:
            if not last and item.is_dir(follow_symlinks=False):
                freed += _clear(Path(item.path), layout[1:], temporary, errors)
                with contextlib.suppress(OSError):  # not empty: it holds what is not ours
                    os.rmdir(item.path)
                continue
            st = item.stat(follow_symlinks=False)
            os.unlink(item.path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            errors.append(exc)
            continue
        if last and stat.S_ISREG(st.st_mode) and layout[0].fullmatch(item.name):
            freed += st.st_size
    return freed


def discard(file: Path) -> bool:
    """Remove the entry `file` (and its folder, when that empties it); False when it could not."""
    try:
        file.unlink()
    except OSError:
        return False
    with contextlib.suppress(OSError):
        file.parent.rmdir()
    return True


def remove_quietly(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False
