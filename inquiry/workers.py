"""A small process pool for CPU-heavy work that may be hostile: typst compiles, exhibits, OCR.

Each task runs in a worker process under an address-space limit (set once when the worker
starts) and a wall-clock limit per task. A worker that overruns is killed and replaced, and only
its task fails; one killed by a signal gives its task a `Failure` ("memory" or "crash"), and the
other tasks carry on. Results come back in task order and do not depend on `jobs` or on which
worker ran what: a task that fails for memory or crashes on a worker that had run other tasks
first is run once more on a fresh worker, so leftovers of earlier tasks cannot decide its fate.

Workers start from multiprocessing's fork server, not by forking the parent (which may hold
threads): the server imports this module once, and each worker is a cheap fork of it. A task
function is sent by reference, so a worker imports the heavy modules a task needs (typst,
pikepdf) only when the first such task arrives.

    with Pool(jobs=4, memory=limits.TYPST_MEMORY) as pool:
        pdfs = pool.run(compile_item, sources, seconds=limits.TYPST_SECONDS, affinity=item_key)
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import resource
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, TypeVar, cast

from inquiry.errors import InquiryError
from inquiry.limits import human_seconds, human_size, looks_like_memory, signal_name

T = TypeVar("T")
R = TypeVar("R")

START_SECONDS = 60.0
"""How long a new worker may take to report ready (a cold fork server imports this package)."""

_STDERR_TAIL = 4096
_PR_SET_PDEATHSIG = 1
_M_ARENA_MAX = -8
_MISSING: Any = object()


@dataclass(frozen=True)
class Failure:
    """Why a task gave no result.

    `kind` is "time", "memory", "crash" or "error"; `message` is one line. For "error" the task
    raised: `exception` is that exception (or a `TaskError` standing in for one that cannot
    cross a process boundary), for the caller to map to a problem.
    """

    kind: str
    message: str
    exception: BaseException | None = field(default=None, compare=False)


class PoolError(InquiryError):
    """A worker process could not be started: the machine, not a task, is at fault."""


class TaskError(Exception):
    """Stands in for an exception raised in a worker that could not be sent back as itself."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(message)
        self.type_name = type_name

    def __reduce__(self) -> tuple[object, ...]:
        return (TaskError, (self.type_name, str(self)))


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_tasks(
    fn: Callable[[T], R],
    tasks: Iterable[T],
    *,
    jobs: int | None = None,
    seconds: float,
    memory: int,
    affinity: Callable[[T], Hashable] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[R | Failure]:
    """Run `fn` on every task in worker processes; results (or `Failure`s) in task order.

    A one-batch shorthand for `Pool(jobs=jobs, memory=memory).run(...)`; see `Pool.run`.
    """
    with Pool(jobs=jobs, memory=memory) as pool:
        return pool.run(fn, tasks, seconds=seconds, affinity=affinity, progress=progress)


class _Worker:
    """One worker process, the parent's ends of its pipes, and what it is doing."""

    def __init__(self, ctx: Any, memory: int) -> None:
        self.conn, child_conn = ctx.Pipe(duplex=True)
        err_r, err_w = ctx.Pipe(duplex=False)
        self.err: Connection = err_r
        self.process: BaseProcess = ctx.Process(
            target=_worker_main, args=(child_conn, err_w, memory), daemon=True
        )
        self.process.start()
        child_conn.close()
        err_w.close()
        os.set_blocking(self.err.fileno(), False)
        self.stderr = bytearray()
        self.ready = False
        self.pid = self.process.pid
        self.task: int | None = None
        self.deadline = time.monotonic() + START_SECONDS
        self.done = 0
        self.stopped = False

    def read_stderr(self) -> None:
        """Drain what the worker wrote to its stderr, keeping the tail (and echoing it if
        INQUIRY_DEBUG=1): engines' own chatter is not the build's output."""
        while True:
            try:
                chunk = os.read(self.err.fileno(), 65536)
            except (BlockingIOError, OSError):
                return
            if not chunk:
                return
            if os.environ.get("INQUIRY_DEBUG") == "1":
                sys.stderr.write(chunk.decode("utf-8", errors="replace"))
            self.stderr += chunk
            del self.stderr[:-_STDERR_TAIL]

    def stop(self, *, kill: bool) -> None:
        """End the process (politely unless `kill`) and release the pipes; idempotent."""
        if self.stopped:
            return
        self.stopped = True
        if not kill and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(1.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        else:
            self.process.join()
        for end in (self.conn, self.err):
            end.close()
        with contextlib.suppress(ValueError):
            self.process.close()


class Pool:
    """Worker processes kept for several batches; use as a context manager.

    `jobs` (default: this machine's cores) workers at most, each under an address-space limit of
    `memory` bytes. `jobs=1` still runs tasks in one worker process, so the limits always apply.
    Leaving the `with` block (also by an exception or Ctrl-C) stops every worker; a worker whose
    parent dies (even by SIGKILL) kills itself at once, so none is left orphaned.
    """

    def __init__(self, *, jobs: int | None = None, memory: int) -> None:
        self.jobs = max(1, jobs if jobs is not None else default_jobs())
        self.memory = memory
        self._ctx = multiprocessing.get_context("forkserver")
        # Only takes effect if the fork server is not running yet; then it imports this module
        # (and the main script, so children need not) once instead of in every worker.
        self._ctx.set_forkserver_preload(["__main__", __name__])
        self._slots: list[_Worker | None] = [None] * self.jobs
        self._keys: dict[Hashable, int] = {}

    def __enter__(self) -> Pool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(kill=exc_type is not None)

    def close(self, *, kill: bool = False) -> None:
        """Stop every worker (`kill`: at once, without waiting for them to finish)."""
        for i, worker in enumerate(self._slots):
            if worker is not None:
                worker.stop(kill=kill)
                self._slots[i] = None

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        return [w.pid for w in self._slots if w is not None and w.pid is not None]

    def run(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        *,
        seconds: float,
        affinity: Callable[[T], Hashable] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[R | Failure]:
        """Run `fn` (a module-level function) on every task; results in task order.

        Each task may run `seconds` of wall-clock time; past it, its worker is killed and the
        task gets `Failure("time", …)`. A task that raises gets `Failure("error", …)` carrying the
        exception. `progress(done, total)` is called after each task finishes.

        `affinity(task)` gives a key; every task with the same key, in this batch and in later
        batches on this pool, runs on the same worker slot, so in-process caches (typst's
        memoisation of an item compiled before) are reused. The price is balance: a worker whose
        keys are all done idles while another still has a queue, so use keys that spread work
        evenly (one per item, not one per kind).
        """
        items: Sequence[T] = list(tasks)
        try:
            return self._run(fn, items, seconds, affinity, progress)
        except BaseException:
            self.close(kill=True)
            raise

    def _run(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        seconds: float,
        affinity: Callable[[T], Hashable] | None,
        progress: Callable[[int, int], None] | None,
    ) -> list[R | Failure]:
        total = len(items)
        results: list[Any] = [_MISSING] * total
        keys = [affinity(t) for t in items] if affinity is not None else None
        own: list[deque[int]] = [deque() for _ in range(self.jobs)]
        free: deque[int] = deque()
        for i in range(total):
            slot = self._keys.get(keys[i]) if keys is not None else None
            (own[slot] if slot is not None else free).append(i)
        retried: set[int] = set()
        finished = 0

        def pick(slot: int) -> int | None:
            if own[slot]:
                return own[slot].popleft()
            while free:
                i = free.popleft()
                if keys is None:
                    return i
                mapped = self._keys.setdefault(keys[i], slot)
                if mapped == slot:
                    return i
                own[mapped].append(i)
            return None

        def settle(worker: _Worker, slot: int, outcome: Any) -> None:
            nonlocal finished
            index = worker.task
            assert index is not None
            worker.task = None
            if (
                isinstance(outcome, Failure)
                and outcome.kind in ("memory", "crash")
                and worker.done > 0
                and index not in retried
            ):
                retried.add(index)
                own[slot].appendleft(index)
                return
            worker.done += 1
            results[index] = outcome
            finished += 1
            if progress is not None:
                progress(finished, total)

        while finished < total:
            now = time.monotonic()
            for slot in range(self.jobs):
                worker = self._slots[slot]
                if worker is not None and (not worker.ready or worker.task is not None):
                    continue
                if worker is None:
                    # Start a worker only for work no idle or starting one will take.
                    spare = sum(1 for w in self._slots if w is not None and w.task is None)
                    if own[slot] or len(free) > spare:
                        self._slots[slot] = _Worker(self._ctx, self.memory)
                    continue
                index = pick(slot)
                if index is None:
                    continue
                worker.task = index
                worker.deadline = now + seconds
                worker.conn.send((index, pickle.dumps((fn, items[index]))))
            busy = [w for w in self._slots if w is not None and (w.task is not None or not w.ready)]
            if not busy:  # pragma: no cover - a task is always pending or running here
                raise RuntimeError("worker pool stalled")
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            handles: list[Any] = []
            for w in busy:
                handles += [w.conn, w.err, w.process.sentinel]
            ready = set(wait(handles, timeout))
            for slot, worker in enumerate(self._slots):
                if worker is None or worker not in busy:
                    continue
                if worker.err in ready:
                    worker.read_stderr()
                outcome = _MISSING
                if worker.conn in ready or worker.process.sentinel in ready:
                    outcome = self._receive(worker)
                elif time.monotonic() >= worker.deadline:
                    outcome = self._overran(worker, seconds)
                if outcome is _MISSING:
                    continue
                if outcome is None:  # a worker reported ready
                    continue
                if worker.task is None:  # died or hung while starting: never ran a task
                    raise PoolError(f"a worker process could not start: {outcome.failure.message}")
                if isinstance(outcome, _Replace):
                    self._slots[slot] = None
                    outcome = outcome.failure
                settle(worker, slot, outcome)
        return cast("list[R | Failure]", results)

    def _receive(self, worker: _Worker) -> Any:
        """A message from `worker`: None when it reports ready, a task's outcome, or `_Replace`
        when the worker died or must not be reused."""
        try:
            if worker.conn.poll():
                message = worker.conn.recv()
            else:
                raise EOFError
        except (EOFError, OSError):
            worker.process.join(5.0)
            worker.read_stderr()
            failure = _death(worker.process.exitcode, bytes(worker.stderr), self.memory)
            worker.stop(kill=True)
            return _Replace(failure)
        status, payload = message
        if status == "ready":
            worker.ready = True
            return None
        if status == "ok":
            return pickle.loads(payload)
        if status == "memory":
            # A MemoryError leaves the worker's heap in an unknown state: start afresh.
            worker.stop(kill=True)
            return _Replace(
                Failure("memory", f"ran out of memory (limit {human_size(self.memory)})")
            )
        exc = cast(BaseException, payload)
        return Failure("error", _one_line(exc), exc)

    def _overran(self, worker: _Worker, seconds: float) -> Any:
        worker.stop(kill=True)
        if worker.task is None:
            return _Replace(Failure("crash", "a worker process did not start"))
        limit = human_seconds(seconds)
        return _Replace(Failure("time", f"did not finish within its time limit of {limit}"))


@dataclass(frozen=True)
class _Replace:
    """A failure after which the worker is gone and its slot must be refilled."""

    failure: Failure


def _death(exitcode: int | None, stderr: bytes, memory: int) -> Failure:
    limit = human_size(memory)
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number == signal.SIGKILL or looks_like_memory(stderr):
            return Failure("memory", f"ran out of memory (limit {limit}; {signal_name(number)})")
        return Failure("crash", f"crashed ({signal_name(number)}; memory limit {limit})")
    if looks_like_memory(stderr):
        return Failure("memory", f"ran out of memory (limit {limit})")
    return Failure("crash", f"its worker process exited unexpectedly (status {exitcode})")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _portable(exc: BaseException) -> BaseException:
    """`exc` itself if it survives pickling, else a `TaskError` with its type name and text."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return TaskError(type(exc).__name__, _one_line(exc))
    return exc


def _watch_parent(conn: Connection) -> None:
    """Kill this worker as soon as the parent's end of `conn` closes (the parent died): a task
    that never ends must not outlive the build that was enforcing its time limit."""
    poller = select.poll()
    poller.register(conn.fileno(), select.POLLRDHUP)
    while True:
        for _fd, events in poller.poll():
            if events & (select.POLLRDHUP | select.POLLHUP | select.POLLERR):
                os.kill(os.getpid(), signal.SIGKILL)


def _worker_main(conn: Connection, err: Connection, memory: int) -> None:
    """Body of a worker process: set the limits once, then run tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # The fork server, not the build, is this process's parent, and it lives on while any
    # worker does; so the death signal alone is not enough, hence the watcher thread.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    threading.stack_size(256 * 1024)
    threading.Thread(target=_watch_parent, args=(conn,), daemon=True).start()
    threading.stack_size(0)
    # Arenas of a multi-threaded engine each reserve 64 MiB of address space; under an
    # address-space limit that reservation, not use, would trip it.
    libc.mallopt(_M_ARENA_MAX, 2)
    os.dup2(err.fileno(), 2)
    err.close()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, payload = message
        try:
            fn, arg = pickle.loads(payload)
            reply: tuple[str, Any] = ("ok", pickle.dumps(fn(arg)))
        except MemoryError:
            reply = ("memory", index)
        except BaseException as exc:
            reply = ("error", _portable(exc))
        try:
            conn.send(reply)
        except MemoryError:
            return
        if reply[0] == "memory":
            return
