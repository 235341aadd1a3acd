"""The worker side of `inquiry.workers`: the body of a worker process, which sets its limits
once and then runs the tasks its parent sends until told to stop, and how what a task raises
travels back."""

from __future__ import annotations

import ctypes
import os
import pickle
import resource
import select
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

from inquiry.limits import release_memory

_PR_SET_PDEATHSIG = 1
_M_ARENA_MAX = -8


class TaskError(Exception):
    """Stands in for an exception raised in a worker that could not be sent back as itself."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(message)
        self.type_name = type_name

    def __reduce__(self) -> tuple[object, ...]:
        return (TaskError, (self.type_name, str(self)))


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _portable(exc: BaseException) -> BaseException:
    """`exc` itself if it survives pickling, else a `TaskError` with its type name and text."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return TaskError(type(exc).__name__, one_line(exc))
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


def worker_main(conn: Connection, err: Connection, memory: int) -> None:
    """Body of a worker process: set the limits once, then run tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # The fork server, not the build, is this process's parent, and it lives on while any
    # worker does; so the death signal alone is not enough, hence the watcher thread.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # Each malloc arena of a multi-threaded engine reserves 64 MiB of address space; under an
    # address-space limit that reservation, not use, would trip it.
    libc.mallopt(_M_ARENA_MAX, 2)
    threading.stack_size(256 * 1024)
    threading.Thread(target=_watch_parent, args=(conn,), daemon=True).start()
    threading.stack_size(0)
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
        del message, payload
        release_memory()
        try:
            conn.send(reply)
        except MemoryError:
            return
        if reply[0] == "memory":
            return
