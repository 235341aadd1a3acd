"""What the `inquiry` command does when its report cannot be written (a full disk, a reader
gone): a message and an exit code, never a traceback. (The progress of a build: cli_progress.)"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
"""What writing the report to stdout can meet: a reader gone (`| head`), a full disk."""
CLOSED_PIPE = 141
"""Exit code when the reader of the output went away: the shell's for a SIGPIPE (128 + 13)."""


def output_failed(exc: OSError) -> NoReturn:
    """The output could not be written: quietly for a closed pipe, as other commands are;
    otherwise one line on stderr, exit 2. Either way stdout is pointed at the null device, so
    that flushing it at exit cannot fail again with a traceback."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if exc.errno == errno.EPIPE:
        sys.exit(CLOSED_PIPE)
    with contextlib.suppress(OSError):
        click.echo(f"inquiry: cannot write the output: {exc.strerror or exc}", err=True)
    sys.exit(2)


class MainGroup(click.Group):
    """The `inquiry` group: a report that cannot be written (a full disk, a closed pipe) is
    a message and an exit code, never a traceback, whether it fails as it is written or as it
    is flushed at exit."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with writing():  # --help and --version are written here
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with writing():
            return super().invoke(ctx)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            with writing():
                sys.stdout.flush()
            raise


@contextmanager
def writing() -> Iterator[None]:
    """An error writing to stdout (not to a named file) becomes `output_failed`."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno in OUTPUT_ERRORS:
            output_failed(exc)
        raise
