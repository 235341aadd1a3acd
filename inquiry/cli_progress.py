"""The progress of a long build, on stderr: each phase named as it starts, its counter moving as
its work is done, every line finished before the next phase or the `wrote` lines.

The build calls `tick(stage, done, total)`: a new `stage` starts a phase; `total` 0 is a phase
without a counter (`Writing the DOCX`). On a terminal the phase's line is rewritten in place as
its counter moves (`\\r`, at most ten times a second) and ended with a newline when the next phase
starts or the build ends. Elsewhere (a CI log, a file, a dumb terminal, where `\\r` garbles) each
phase is one plain line, written when it starts. Stdout is never written: scripts read it.

`validate`'s progress is `transient`: shown only on a terminal, and wiped when it ends, so only
the report stays (a CI log holds the report alone).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import click

INTERVAL = 0.1
"""Seconds between two rewrites of a terminal's line (the last count of a phase is always shown)."""


def live(stream: TextIO) -> bool:
    """Whether a line can be rewritten in place: a terminal that is not a dumb one."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False
    return tty and os.environ.get("TERM", "") != "dumb"


class Progress:
    """The status lines of one build (see the module's docstring)."""

    def __init__(
        self, stream: TextIO | None = None, *, rewrite: bool | None = None, transient: bool = False
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.rewrite = live(self.stream) if rewrite is None else rewrite
        self.transient = transient  # each line wiped when done; nothing shown but on a terminal
        self.stage = ""
        self.shown = ""  # what the open line of a terminal shows now
        self.last = 0.0  # when it was last rewritten
        self.broken = False  # stderr could not be written: say no more

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.transient and not self.rewrite:
            return
        if stage != self.stage:
            self.finish()
            self.stage = stage
            if not self.rewrite:
                self._write(_line(stage, done, total) + "\n")
                return
        elif not self.rewrite:
            return
        line = _line(stage, done, total)
        now = time.monotonic()
        if line == self.shown or (self.shown and done < total and now - self.last < INTERVAL):
            return
        # Blanks cover what a longer line showed (`10/10` after `9/10` never needs them).
        pad = " " * max(0, len(self.shown) - len(line))
        self._write(f"\r{line}{pad}" if self.shown else line)
        self.shown, self.last = line, now

    def finish(self) -> None:
        """End the open line, if any: what comes next starts on a line of its own."""
        if self.shown:
            self._write(f"\r{' ' * len(self.shown)}\r" if self.transient else "\n")
        self.stage = self.shown = ""

    def _write(self, text: str) -> None:
        # Progress is not a result: a reader gone (`2>&1 | head -1`) does not stop the build.
        if self.broken:
            return
        try:
            click.echo(text, nl=False, file=self.stream)
            self.stream.flush()
        except (OSError, ValueError):
            self.broken = True


def _line(stage: str, done: int, total: int) -> str:
    return f"{stage} {done:,}/{total:,}" if total else stage


@contextmanager
def progress(quiet: bool, *, transient: bool = False) -> Iterator[Progress | None]:
    """The build's progress on stderr (none with --quiet), its last line finished however the
    build ends, so an error or the `wrote` lines start a line of their own (`transient`: wiped,
    and shown only on a terminal)."""
    if quiet or (transient and not live(sys.stderr)):
        yield None
        return
    shown = Progress(transient=transient)
    try:
        yield shown
    finally:
        shown.finish()


__all__ = ["Progress", "live", "progress"]
