"""The lock on a bundle set's folder: one build at a time writes to `--out`.

The lock is a hidden file beside `out` (`out` itself is swapped whole), held with `flock` and
never opened through a link or as anything but a plain file (a pull request may commit one
pointing anywhere). It is removed when released, so no `.build.inquiry-lock` is left beside a
bundle; a lock taken on a file removed meanwhile is taken again on the file at the path now.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from pathlib import Path

from inquiry.errors import BuildFailed, InquiryError

_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT}


class BuildLocked(InquiryError):
    """Another build holds the lock on the output folder."""

    def __init__(self, *, out: Path, pid: int | None) -> None:
        who = f" (process {pid})" if pid else ""
        super().__init__(f"another build{who} is writing to {out}; wait for it to finish")
        self.out = out
        self.pid = pid

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_locked, (self.out, self.pid))


def _rebuild_locked(out: Path, pid: int | None) -> BuildLocked:
    return BuildLocked(out=out, pid=pid)


def lock_path(out: Path) -> Path:
    """The lock file of `out`: a hidden sibling, since `out` itself is swapped."""
    out = Path(os.path.realpath(out))
    return out.parent / f".{out.name}.inquiry-lock"


def cannot_write(folder: Path, why: str) -> str:
    return (
        f"the folder {folder} cannot be written ({why}): a build stages the new bundle set"
        " and its lock there, beside --out; give --out a folder in one you can write"
    )


def hold(out: Path) -> int:
    """The lock of `out`, held: its file descriptor. The file is removed when released
    (`release`: no `.build.inquiry-lock` is left beside a bundle), so a lock taken on a file
    since removed is taken again on the file now at the path."""
    for _ in range(_LOCK_TRIES):
        fd = _lock_once(out)
        held, now = os.fstat(fd), _stat(lock_path(out))
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            return fd
        os.close(fd)  # released and removed between our open and our lock
    raise BuildLocked(out=out, pid=None)


_LOCK_TRIES = 20


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def release(out: Path, fd: int) -> None:
    """Remove the lock file while still holding it, then release it."""
    try:
        held, now = os.fstat(fd), _stat(lock_path(out))
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            with contextlib.suppress(OSError):
                os.unlink(lock_path(out))
    finally:
        os.close(fd)


def _lock_once(out: Path) -> int:
    path = lock_path(out)
    # Never through a link (a pull request may commit one pointing anywhere: writing our pid
    # would truncate its target), and only ever a plain file.
    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno in _NOT_WRITABLE and not os.path.lexists(path):
            why = (exc.strerror or os.strerror(exc.errno or 0)).lower()
            raise BuildFailed(message=cannot_write(path.parent, why)) from None
        raise _not_a_lock(path, exc.strerror or str(exc)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_a_lock(path, "not a plain file")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        try:
            pid = int(os.pread(fd, 32, 0).decode("ascii").strip() or "0") or None
        except (OSError, ValueError):
            pid = None
        os.close(fd)
        raise BuildLocked(out=out, pid=pid) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


def _not_a_lock(path: Path, why: str) -> BuildFailed:
    return BuildFailed(
        message=f"`{path}` cannot be the build's lock file ({why}): it must be a plain file or "
        "absent; remove it (a link or folder of that name does not belong in the repository)"
    )
