"""The `inquiry` command's entry point, kept apart from the CLI so that a Ctrl-C while Python
is still importing it (the first tenth of a second) ends as one inside a command does: one
line and exit status 130, not a traceback. SIGTERM (what `timeout`, `docker stop` and a
cancelled CI job send) ends a command as Ctrl-C does — its lock released, its staging folder
and temporary files removed, the last good bundle set untouched — with status 143."""

from __future__ import annotations

import signal
import sys
from types import FrameType

INTERRUPTED = 130
"""The shell's status for a command ended by SIGINT."""
TERMINATED = 143
"""And by SIGTERM."""
_TERM: list[bool] = [False]


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: unwound as Ctrl-C is (every `with` block closed on the way out). Once: a
    second SIGTERM (`timeout` sends one to the command and one to its process group) would
    stop the unwinding itself, leaving the staging folder behind."""
    _TERM[0] = True
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def interrupted_status() -> int:
    """The exit status for a command interrupted: 143 after SIGTERM, else 130."""
    return TERMINATED if _TERM[0] else INTERRUPTED


def run() -> None:
    """Import the CLI and run it; a Ctrl-C during the import says so and exits 130."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from inquiry.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        sys.exit(interrupted_status())
    main(prog_name="inquiry")
