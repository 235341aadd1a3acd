"""Read evidence files safely: measured before they are opened, parsed under the YAML limits,
and, for a large submission, in worker processes on every core.

Inputs are measured before they are read: only regular files are opened (a FIFO would block, a
device such as /dev/zero would never end, and git carries symlinks to either), and only up to
the size limit. Every outcome is data: a file that cannot be read, or that YAML refuses, is a
problem at its place, never an exception.

Reading is most of a validation's CPU (10,000 items: ~2.2 s of ~3.2 s), and each file
is read on its own, so a submission of `PARALLEL_FILES` files or more is read in batches by a
`workers.Pool`, under `limits.YAML_SECONDS` and `limits.YAML_MEMORY`. A batch that fails (a
hostile file that runs out of time or memory) is read again one file per task, so only the file
at fault gets a problem. Results come back in the order of `paths` whatever the number of jobs,
and equal to a read in this process (which sets no such limits on itself: a file that overruns
them is the one difference).
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from inquiry import limits
from inquiry.problems import Problem
from inquiry.workers import Failure, Pool, PoolError, default_jobs
from inquiry.yamlcompose import Pos, YamlProblem
from inquiry.yamlnodes import MAX_BYTES, Document, read_yaml
from inquiry.yamlrecover import read_around
from inquiry.yamltext import readable_text

PARALLEL_FILES = 1_000
"""Below this many files, starting workers (~0.15 s) costs more than reading in parallel saves."""

BATCHES_PER_JOB = 32
"""Batches per worker: small enough that the first arrives soon (the items are checked as they
arrive) and the workers finish together; each costs about a millisecond to send."""


@dataclass(frozen=True)
class FileRead:
    """One file as read: its document, or None when it could not be read, and its problems."""

    path: str  # as given
    doc: Document | None
    sha256: str
    problems: tuple[Problem, ...]


class Unreadable(Exception):
    """An input refused before or while reading it; becomes one problem at the file."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def _not_regular(mode: int) -> Unreadable:
    what = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return Unreadable(
        "file-not-regular",
        f"the file is {what}, not a regular file",
        "evidence holds regular files only; remove it",
    )


def read_limited(path: Path | str, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them; raise `Unreadable` otherwise.

    The type and size are checked before opening (opening a device can itself do something),
    then again on the open descriptor, which is non-blocking so that a file swapped for a FIFO
    in between cannot hang the read."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise Unreadable("file-unreadable", f"the file cannot be read: {reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise Unreadable("file-unreadable", f"the file cannot be read: {reason(exc)}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise _too_large(size, limit)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> Unreadable:
    return Unreadable(
        "file-too-large",
        f"the file is {size:,} bytes; the limit is {limit:,}",
        "split it, or move long material into an exhibit",
    )


def reason(exc: OSError) -> str:
    """Why the system refused, as a person reads it: "permission denied"."""
    return (exc.strerror or type(exc).__name__).lower()


def relative(root: Path | str, path: Path | str) -> str:
    """`path` (found under `root`) relative to it, with forward slashes."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    rel = text[len(prefix) :] if text.startswith(prefix) else os.path.relpath(text, root)
    return rel.replace(os.sep, "/")


def problem_at(file: str, pos: Pos, code: str, message: str, hint: str | None = None) -> Problem:
    """An error at a place in a file."""
    return Problem(file, pos.line, pos.column, code, message, "error", hint)


def read_file(root: Path | str, path: Path | str) -> FileRead:
    """One YAML file, read safely: the document and the problems its text has, or the one
    problem that stopped it from being read (with any found before it)."""
    file = relative(root, path)
    path = str(path)
    try:
        raw = read_limited(path, MAX_BYTES)
        doc = read_yaml(raw)
    except Unreadable as exc:
        return _refused(path, problem_at(file, Pos(1, 1), exc.code, exc.message, exc.hint))
    except YamlProblem as exc:
        around = read_around(*readable_text(raw), exc) if exc.span is not None else None
        if around is not None:
            found = tuple(problem_at(file, f.pos, f.code, f.message, f.hint) for f in around.flaws)
            return FileRead(path, around, hashlib.sha256(raw).hexdigest(), found)
        # Characters replaced before the reading stopped are problems of their own.
        before = [problem_at(file, f.pos, f.code, f.message, f.hint) for f in exc.earlier]
        stopped = problem_at(file, exc.pos, exc.code, exc.message, exc.hint)
        return FileRead(path, None, "", (*before, stopped))
    found = tuple(problem_at(file, f.pos, f.code, f.message, f.hint) for f in doc.flaws)
    return FileRead(path, doc, hashlib.sha256(raw).hexdigest(), found)


def read_batch(task: tuple[str, Sequence[str]]) -> list[FileRead]:
    """`read_file` over a batch of files (the task a worker runs). Reading makes many small
    objects and no cycles, so the cycle collector, which would cost a third of the time, is
    paused for the batch."""
    root, paths = task
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [read_file(root, path) for path in paths]
    finally:
        if was_enabled:
            gc.enable()


def read_files(
    root: Path,
    paths: Sequence[Path],
    *,
    jobs: int | None = None,
    each: Callable[[FileRead], None] | None = None,
    keep: bool = True,
) -> list[FileRead]:
    """Every file of `paths` read as `read_file` would, in the same order; in worker processes
    when there are many files and more than one job. `each(read)` is called once for every
    file, in the same order, as soon as it and every file before it are read: the caller's work
    on the first files overlaps the reading of the last. What `each` raises is raised here.
    Without `keep`, a read is let go once `each` has it (the list returned holds each file's
    path and hash only, but for files read again here when the workers could not go on): what
    `each` does not keep (a file refused for the submission's size) is not held to the end.

    Workers read under `limits.YAML_SECONDS` and `YAML_MEMORY`, which this process does not set
    on itself: only a file that overruns them reads differently (`file-unreadable`)."""
    emit = _InOrder(each, keep=keep)
    try:
        return _read(root, paths, max(1, jobs if jobs is not None else default_jobs()), emit)
    except _Handed as handed:
        raise handed.error from None


def _read(root: Path, paths: Sequence[Path], jobs: int, emit: _InOrder) -> list[FileRead]:
    if jobs > 1 and len(paths) >= PARALLEL_FILES:
        try:
            return _read_in_workers(root, paths, jobs, emit)
        except (PoolError, OSError):
            # No worker could start (a script without a `__main__` guard, no processes or file
            # descriptors left): the files are read here instead, as a small submission's are,
            # and nothing is lost or handed on twice. (A file's troubles are problems, and what
            # `each` raises travels as `_Handed`, so neither is taken for the pool's.)
            pass
    out: list[FileRead] = []
    for path in paths:  # each handed on as it is read (and, without `keep`, let go)
        out.append(read_file(root, path))
        emit.through(out)
    return out


class _Handed(Exception):
    """What the caller's `each` raised, carried out through the pool unmistaken."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _InOrder:
    """Hands reads to `each` in path order, each once, however they arrive."""

    def __init__(self, each: Callable[[FileRead], None] | None, *, keep: bool = True) -> None:
        self.each = each
        self.keep = keep
        self.given = 0  # files handed on so far

    def through(self, reads: Sequence[FileRead]) -> None:
        """Hand on every read of `reads` (all of them, from the first) not handed on yet."""
        while self.given < len(reads):
            read = reads[self.given]
            self.given += 1
            if self.each is not None:
                try:
                    self.each(read)
                except Exception as exc:
                    raise _Handed(exc) from exc
            if not self.keep and isinstance(reads, list):
                reads[self.given - 1] = FileRead(read.path, None, read.sha256, ())


def _read_in_workers(
    root: Path, paths: Sequence[Path], jobs: int, emit: _InOrder
) -> list[FileRead]:
    size = math.ceil(len(paths) / (jobs * BATCHES_PER_JOB))
    # Plain strings cross to the workers and back: a pickled Path is rebuilt by parsing it.
    names = [str(path) for path in paths]
    batches = [(str(root), names[i : i + size]) for i in range(0, len(names), size)]
    ready: list[list[FileRead] | None] = [None] * len(batches)
    out: list[FileRead] = []

    def arrived(index: int, result: list[FileRead] | Failure) -> None:
        if isinstance(result, Failure):
            return  # read again below, one file at a time
        ready[index] = result
        while len(out) < len(names) and (batch := ready[len(out) // size]) is not None:
            out.extend(batch)
            batch.clear()  # in `out` now: held once (the pool's list of results is this one)
        emit.through(out)

    with Pool(jobs=jobs, memory=limits.YAML_MEMORY) as pool:
        seconds = min(60.0, limits.YAML_SECONDS * size)
        results = pool.run(read_batch, batches, seconds=seconds, each=arrived)
        for k, ((_, batch), result) in enumerate(zip(batches, results, strict=True)):
            if isinstance(result, Failure):
                # One file at a time, so that only the file at fault fails.
                alone = pool.run(
                    read_batch, [(str(root), [p]) for p in batch], seconds=limits.YAML_SECONDS
                )
                ready[k] = [
                    _failed(root, p, one) if isinstance(one, Failure) else one[0]
                    for p, one in zip(batch, alone, strict=True)
                ]
    while len(out) < len(names):  # the batches from one read again on
        rest = ready[len(out) // size]
        assert rest, "a batch was neither read nor read again"
        out.extend(rest)
    emit.through(out)
    return out


def _refused(path: str, problem: Problem) -> FileRead:
    return FileRead(path, None, "", (problem,))


def _failed(root: Path, path: str, failure: Failure) -> FileRead:
    if failure.kind == "error" and failure.exception is not None:
        raise failure.exception  # a fault in this program, as a read in this process would
    message = f"the file could not be read within the limits: {failure.message}"
    hint = "split it into smaller files, or simplify it"
    file = relative(root, path)
    return _refused(path, problem_at(file, Pos(1, 1), "file-unreadable", message, hint))
