"""The `inquiry` command's entry point, kept apart from the CLI so that a Ctrl-C while Python
is still importing it (the first tenth of a second) ends as one inside a command does: one
line and exit status 130, not a traceback. SIGTERM (what `timeout`, `docker stop` and a
cancelled CI job send) ends a command as Ctrl-C does — its lock released, its staging folder
and temporary files removed, the last good bundle set untouched — with status 143."""

from __future__ import annotations

import signal
import sys
import time
from types import FrameType

INTERRUPTED = 130
"""The shell's status for a command ended by SIGINT."""
TERMINATED = 143
"""And by SIGTERM."""
_TERM: list[float] = []
"""When SIGTERM first came (`time.monotonic`), once it has."""
_REPEAT = 1.0
"""Seconds after a SIGTERM in which another is taken for the same one (`timeout` sends it to
the command and then to its process group)."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: unwound as Ctrl-C is (every `with` block closed on the way out). A second one
    within `_REPEAT` seconds is the same request, and would stop the unwinding itself, leaving
    the staging folder behind; one later is obeyed (the first may have been swallowed where
    Python ignores exceptions, in a finaliser)."""
    now = time.monotonic()
    if _TERM and now - _TERM[-1] < _REPEAT:
        return
    _TERM.append(now)
    raise KeyboardInterrupt


def interrupted_status() -> int:
    """The exit status for a command interrupted: 143 after SIGTERM, else 130."""
    return TERMINATED if _TERM else INTERRUPTED


def run() -> None:
    """Import the CLI and run it; a Ctrl-C during the import says so and exits 130."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from inquiry.cli import main
    except KeyboardInterrupt:
        status = interrupted_status()
        sys.stderr.write("\nterminated\n" if status == TERMINATED else "\ninterrupted\n")
        sys.exit(status)
    main(prog_name="inquiry")
