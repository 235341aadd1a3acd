"""The `inquiry` command's entry point, kept apart from the CLI so that a Ctrl-C while Python
is still importing it (the first tenth of a second) ends as one inside a command does: one
line and exit status 130, not a traceback."""

from __future__ import annotations

import sys

INTERRUPTED = 130
"""The shell's status for a command ended by SIGINT."""


def run() -> None:
    """Import the CLI and run it; a Ctrl-C during the import says so and exits 130."""
    try:
        from inquiry.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        sys.exit(INTERRUPTED)
    main(prog_name="inquiry")
