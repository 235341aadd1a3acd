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
pikepdf) only when the first such task arrives. The worker's side (its body, and how an
exception travels back) is `inquiry.worker_process`; the parent's handle on one worker is
`inquiry.worker_handle`.

    with Pool(jobs=4, memory=limits.TYPST_MEMORY) as pool:
        pdfs = pool.run(compile_item, sources, seconds=limits.TYPST_SECONDS, affinity=item_key)
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from types import TracebackType
from typing import Any, TypeVar, cast

from inquiry.errors import InquiryError
from inquiry.limits import (
    human_seconds,
    human_size,
    looks_like_memory,
    signal_name,
)
from inquiry.tempdirs import sweep
from inquiry.worker_handle import START_SECONDS, Worker
from inquiry.worker_process import TaskError, one_line

T = TypeVar("T")
R = TypeVar("R")
Seconds = float | Callable[[T], float]
"""A task's time limit: the same for every task, or each task's own (a long exhibit's OCR)."""

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


def call(job: tuple[Callable[..., R], tuple[Any, ...]]) -> R:
    """`fn(*args)` for `job = (fn, args)`: a batch whose tasks are different functions runs as
    `pool.run(call, [(fn, args), …])`, each function sent by reference."""
    fn, args = job
    return fn(*args)


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
        self._ctx.set_forkserver_preload(["__main__", __name__, "inquiry.worker_process"])
        self._slots: list[Worker | None] = [None] * self.jobs
        self._keys: dict[Hashable, int] = {}
        sweep()  # what killed processes left in the temporary folder (`inquiry.tempdirs`)

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
        if not kill:  # ask every worker first, then wait: they finish in parallel
            for worker in self._slots:
                if worker is not None and worker.idle():
                    with contextlib.suppress(OSError):
                        worker.conn.send(None)
        for i, worker in enumerate(self._slots):
            if worker is not None:
                worker.stop(kill=kill)
                self._slots[i] = None
        # The folders of workers killed (for their time limit, or with the build).
        sweep(wait=2.0 if kill else 0.0)

    def release(self) -> None:
        """Stop every worker between batches and hand back what they hold; the next `run`
        starts fresh ones, with no affinity kept (the caches it was for are gone). For a pause
        in the work: typst keeps every compile's memoised layout for the life of its process
        (200–450 MB a worker after a 1,000-item bundle), which assembly would have to fit beside."""
        self.close()
        self._keys.clear()

    def widen(self, memory: int) -> None:
        """Give the workers started from now on at least `memory` bytes (those running now, on
        a smaller limit, are stopped: see `release`)."""
        if memory > self.memory:
            self.release()
            self.memory = memory

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        return [w.pid for w in self._slots if w is not None and w.pid is not None]

    def run(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        *,
        seconds: Seconds[T],
        affinity: Callable[[T], Hashable] | None = None,
        progress: Callable[[int, int], None] | None = None,
        each: Callable[[int, R | Failure], None] | None = None,
    ) -> list[R | Failure]:
        """Run `fn` (a module-level function) on every task; results in task order.

        Each task may run `seconds` (or `seconds(task)`) of wall-clock time; past it, its worker
        is killed and the task gets `Failure("time", …)`. A task that raises gets
        `Failure("error", …)` carrying the exception. `progress(done, total)` is called after
        each task finishes, and `each(index, outcome)` with its outcome, once the workers have
        their next tasks: this process can work on results while the workers go on.

        `affinity(task)` gives a key; every task with the same key, in this batch and in later
        batches on this pool, runs on the same worker slot, so in-process caches (typst's
        memoisation of an item compiled before) are reused. The price is balance: a worker whose
        keys are all done idles while another still has a queue, so use keys that spread work
        evenly (one per item, not one per kind).
        """
        items: Sequence[T] = list(tasks)
        keys = [affinity(t) for t in items] if affinity is not None else None
        queues = _Queues(len(items), self.jobs, keys, self._keys)
        results: list[Any] = [_MISSING] * len(items)
        retried: set[int] = set()
        finished = 0
        try:
            while finished < len(items):
                arrived: list[int] = []
                self._dispatch(fn, items, seconds, queues)
                busy = [(i, w) for i, w in enumerate(self._slots) if w and not w.idle()]
                soonest = min(w.deadline for _, w in busy) - time.monotonic()
                handles = [h for _, w in busy for h in (w.conn, w.err, w.process.sentinel)]
                ready = set(wait(handles, max(0.0, soonest)))
                for slot, worker in busy:
                    outcome = self._collect(worker, ready)
                    if outcome is _MISSING:
                        continue
                    if worker.stopped:
                        self._slots[slot] = None
                    index, worker.task = worker.task, None
                    if index is None:  # died or hung while starting: it never ran a task
                        raise PoolError(f"a worker process could not start: {outcome.message}")
                    if (
                        isinstance(outcome, Failure)
                        and outcome.kind in ("memory", "crash")
                        and worker.done
                        and index not in retried
                    ):
                        retried.add(index)  # once more, on a fresh worker
                        queues.own[slot].appendleft(index)
                        continue
                    worker.done += 1
                    results[index] = outcome
                    arrived.append(index)
                    finished += 1
                    if progress is not None:
                        progress(finished, len(items))
                if each is not None and arrived:
                    self._dispatch(fn, items, seconds, queues)
                    for index in arrived:
                        each(index, results[index])
        except BaseException:
            self.close(kill=True)
            raise
        return cast("list[R | Failure]", results)

    def _dispatch(
        self, fn: Callable[[T], R], items: Sequence[T], seconds: Seconds[T], queues: _Queues
    ) -> None:
        """Give every idle worker its next task; start workers for work no idle one will take."""
        for slot, worker in enumerate(self._slots):
            if worker is None:
                spare = sum(1 for w in self._slots if w is not None and w.task is None)
                if queues.own[slot] or len(queues.free) > spare:
                    self._slots[slot] = Worker(self._ctx, self.memory)
                continue
            if not worker.idle():
                continue
            index = queues.pick(slot)
            if index is None:
                continue
            try:
                worker.conn.send((index, pickle.dumps((fn, items[index]))))
            except OSError:  # it died while idle (the OOM killer): start afresh, same task
                worker.stop(kill=True)
                self._slots[slot] = Worker(self._ctx, self.memory)
                queues.own[slot].appendleft(index)
                continue
            worker.limit = seconds(items[index]) if callable(seconds) else seconds
            worker.task, worker.deadline = index, time.monotonic() + worker.limit

    def _collect(self, worker: Worker, ready: set[Any]) -> Any:
        """The outcome of `worker`'s task if there is one now, else `_MISSING`. A worker that
        died, overran or must not be reused is stopped on the way."""
        if worker.err in ready:
            worker.read_stderr()
        if worker.conn in ready or worker.process.sentinel in ready:
            try:
                message = worker.conn.recv() if worker.conn.poll() else None
            except (EOFError, OSError):
                message = None
            if message is None:  # it died
                worker.process.join(5.0)
                worker.read_stderr()
                failure = _death(worker.process.exitcode, bytes(worker.stderr), self.memory)
                worker.stop(kill=True)
                return failure
            status, payload = message
            if status == "ready":
                worker.ready = True
                return _MISSING
            if status == "ok":
                return pickle.loads(payload)
            if status == "memory":
                # A MemoryError leaves the worker's heap in an unknown state: start afresh.
                worker.stop(kill=True)
                return Failure("memory", f"ran out of memory (limit {human_size(self.memory)})")
            return Failure("error", one_line(payload), payload)
        if time.monotonic() < worker.deadline:
            return _MISSING
        worker.stop(kill=True)
        if worker.task is None:
            return Failure("crash", f"no worker was ready after {human_seconds(START_SECONDS)}")
        limit = human_seconds(worker.limit)
        return Failure("time", f"did not finish within its time limit of {limit}")


class _Queues:
    """Which task each worker slot takes next: its own queue (tasks whose affinity key is bound
    to it) first, then the shared one, binding new keys to the slot that takes them."""

    def __init__(
        self, total: int, jobs: int, keys: list[Hashable] | None, bound: dict[Hashable, int]
    ) -> None:
        self.own: list[deque[int]] = [deque() for _ in range(jobs)]
        self.free: deque[int] = deque()
        self.keys = keys
        self.bound = bound
        for i in range(total):
            slot = bound.get(keys[i]) if keys is not None else None
            (self.free if slot is None else self.own[slot]).append(i)

    def pick(self, slot: int) -> int | None:
        if self.own[slot]:
            return self.own[slot].popleft()
        while self.free:
            i = self.free.popleft()
            if self.keys is None:
                return i
            taker = self.bound.setdefault(self.keys[i], slot)
            if taker == slot:
                return i
            self.own[taker].append(i)
        return None


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


__all__ = [
    "START_SECONDS",
    "Failure",
    "Pool",
    "PoolError",
    "TaskError",
    "call",
    "default_jobs",
    "run_tasks",
]
