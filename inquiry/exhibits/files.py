"""Finding and reading exhibit files: inside evidence/, regular, within the size limit.

An exhibit path comes from a pull request, so it is resolved defensively (no absolute paths, no
`..`, no symlink leading out of evidence/), the file must be a regular file (a FIFO would block
a build forever, a link to /dev/zero would fill memory) and is read only up to the size limit.
Its type is decided by its first bytes, never by its name.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from inquiry.exhibits.errors import ExhibitError

EVIDENCE = "evidence"
MAX_BYTES = 512 * 1024 * 1024
"""The largest exhibit file read: a scanned hearing bundle can run to hundreds of megabytes;
anything larger is refused before it is read."""

MAGIC = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
EXTENSIONS = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}


def sniff(head: bytes) -> str | None:
    """The file type its first bytes declare (PDF allows junk before `%PDF-` in the first 1 KiB)."""
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    return "pdf" if b"%PDF-" in head[:1024] else None


def resolve(root: Path, file: str) -> Path | str:
    """The exhibit's real path, or the reason it is refused."""
    pure = PurePosixPath(file)
    if pure.is_absolute() or (len(file) > 1 and file[1] == ":"):
        return "an absolute path"
    if "\\" in file:
        return "a path with `\\` (separate folders with `/`)"
    if "\0" in file:
        return "a path with a NUL character"
    if ".." in pure.parts:
        return "a path with `..`"
    base = (root / EVIDENCE).resolve()
    try:
        real = (base / pure).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return "a link that cannot be followed"
    if not real.is_relative_to(base):
        return "a link that leads outside evidence/"
    return real


def read_exhibit(path: Path, *, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes: only a regular file, only up to `limit`, never blocking (a device
    or FIFO is refused before it is even opened)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ExhibitError("is not a regular file", code="exhibit-not-file")
    except OSError as exc:
        raise ExhibitError(
            f"cannot be read ({exc.strerror or exc})", code="exhibit-unreadable"
        ) from exc
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ExhibitError(
            f"cannot be read ({exc.strerror or exc})", code="exhibit-unreadable"
        ) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ExhibitError("is not a regular file", code="exhibit-not-file")
        if info.st_size > limit:
            raise ExhibitError(
                f"is {info.st_size:,} bytes, over the limit of {limit:,} bytes",
                code="exhibit-too-large",
            )
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise ExhibitError(
                    f"is over the limit of {limit:,} bytes", code="exhibit-too-large"
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise ExhibitError(
            f"cannot be read ({exc.strerror or exc})", code="exhibit-unreadable"
        ) from exc
    finally:
        os.close(fd)
