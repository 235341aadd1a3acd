"""The private temporary folders of inquiry's processes, and the sweep of those whose process
is gone.

A folder made with `private` is named for its kind and the process that made it
(`inquiry-ocr-4242-…`). The process removes it when its work is done; a process killed midway
(a worker stopped for its time limit, a build ended by SIGKILL, or by SIGTERM, which stops its
workers at once) cannot, and an OCR folder holds an exhibit's pages as they were before
redaction. `sweep` removes every such folder of this user whose process no longer runs; the
worker pool sweeps as it starts and as it stops, so a killed build's folders go with the next
command, or with the build itself when only its workers were killed.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time

_NAME = re.compile(r"inquiry-[a-z]+-(\d+)-")


def private(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for `kind` of work (`ocr`, `typst`), named for this process."""
    return tempfile.TemporaryDirectory(prefix=f"inquiry-{kind}-{os.getpid()}-")


def _running(pid: int) -> bool:
    """Whether process `pid` runs: not when it has ended, even if its parent has yet to reap
    it (a worker's parent is the fork server, which reaps it a moment after it dies)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's, or not a pid: not ours to judge
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rpartition(b")")[2].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (macOS): it answered the signal
    return state not in (b"Z", b"X")


def sweep(wait: float = 0.0) -> None:
    """Remove the folders `private` made whose process is gone (this user's only). A folder
    still there after its removal (a program the killed process started, OCR's Tesseract, may
    still be writing to it) is tried again for up to `wait` seconds, and else left to the next
    sweep."""
    deadline = time.monotonic() + wait
    while _sweep_once() and time.monotonic() < deadline:
        time.sleep(0.1)


def _sweep_once() -> int:
    """One sweep; how many folders of processes gone are still there after it."""
    top = tempfile.gettempdir()
    try:
        entries = list(os.scandir(top))
    except OSError:
        return 0
    left = 0
    for entry in entries:
        found = _NAME.match(entry.name)
        if found is None or int(found.group(1)) == os.getpid():
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        if not _running(int(found.group(1))):
            shutil.rmtree(entry.path, ignore_errors=True)
            left += os.path.lexists(entry.path)
    return left
