"""The private temporary folders of inquiry's processes, and the sweep of those whose process
is gone.

A folder made with `private` is named for its kind and the process that made it
(`inquiry-ocr-4242-…`). The process removes it when its work is done; a process killed midway
(a worker stopped for its time limit, a build ended by SIGKILL, or by SIGTERM, which stops its
workers at once) cannot, and an OCR folder holds an exhibit's pages as they were before
redaction. `sweep` removes every such folder of this user whose process no longer runs; the
worker pool sweeps as it starts and as it stops, so a killed build's folders go with the next
command, or with the build itself when only its workers were killed.

Only a folder `private` made is ever swept: its name is exactly `inquiry-<kind>-<pid>-` and
`mkdtemp`'s eight characters, and it holds a mark (`MARK`) naming the same pid and the PID
namespace it runs in. A folder a person named alike (`inquiry-pr-123-review`, a bundle built
with `--out $TMPDIR/inquiry-build-2026-11-25`) has no mark and is never touched (red team
h151); nor is one made in another PID namespace sharing the folder (a container with the
host's /tmp), where a live process's pid reads as gone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time

_NAME = re.compile(r"inquiry-[a-z]+-(\d+)-[a-z0-9_]{8}")
MARK = ".inquiry-temporary"
"""The file in each folder `private` makes: `<pid> <PID namespace>`, what `sweep` checks."""


def _namespace() -> str:
    """This process's PID namespace (its inode), or `-` where there is no /proc."""
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return "-"


def private(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for `kind` of work (`ocr`, `typst`), named for this process and
    marked as made by it."""
    made = tempfile.TemporaryDirectory(prefix=f"inquiry-{kind}-{os.getpid()}-")
    try:
        with open(os.path.join(made.name, MARK), "x", encoding="ascii") as f:
            f.write(f"{os.getpid()} {_namespace()}\n")
    except BaseException:
        made.cleanup()
        raise
    return made


def _made_here(path: str, pid: int) -> bool:
    """Whether the folder at `path` holds the mark of process `pid` of this PID namespace."""
    try:
        fd = os.open(os.path.join(path, MARK), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with open(fd, "rb") as f:
            words = f.read(64).split()
    except OSError:
        return False
    return words == [str(pid).encode(), _namespace().encode()]


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
        found = _NAME.fullmatch(entry.name)
        if found is None or int(found.group(1)) == os.getpid():
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        pid = int(found.group(1))
        if _made_here(entry.path, pid) and not _running(pid):
            shutil.rmtree(entry.path, ignore_errors=True)
            left += os.path.lexists(entry.path)
    return left
