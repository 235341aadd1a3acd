"""The parent's side of one worker process of `inquiry.workers.Pool`: the process, the parent's
ends of its pipes, its stderr's tail, and the task it is running with that task's deadline.

The worker's own side (its body, and how an exception travels back) is `inquiry.worker_process`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from inquiry.worker_process import worker_main

START_SECONDS = 60.0
"""How long a new worker may take to report ready (a cold fork server imports this package)."""

_STDERR_TAIL = 4096


class Worker:
    """One worker process, the parent's ends of its pipes, and what it is doing."""

    def __init__(self, ctx: Any, memory: int) -> None:
        self.conn, child_conn = ctx.Pipe(duplex=True)
        err_r, err_w = ctx.Pipe(duplex=False)
        self.err: Connection = err_r
        self.process: BaseProcess = ctx.Process(
            target=worker_main, args=(child_conn, err_w, memory), daemon=True
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
        self.limit = START_SECONDS
        self.done = 0
        self.stopped = False

    def idle(self) -> bool:
        """Started and not running a task."""
        return self.ready and self.task is None

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
        if not kill:
            self.process.join(1.0)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        for end in (self.conn, self.err):
            end.close()
        with contextlib.suppress(ValueError):
            self.process.close()
