"""Where the `inquiry` command's failures become a message and an exit code, never a traceback:
every error a command meets (`failures`), and a report that cannot be written (a full disk, a
reader gone). (The progress of a build: cli_progress.)"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
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
        with writing(), interrupted():  # --help and --version are written here
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with writing(), interrupted():
            return super().invoke(ctx)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            with writing():
                sys.stdout.flush()
            raise


@contextmanager
def interrupted() -> Iterator[None]:
    """Ctrl-C outside a command's own `failures` (reading the options, starting up) exits 130,
    as it does inside: click would say "Aborted!" and exit 1, which reads as invalid evidence."""
    try:
        yield
    except KeyboardInterrupt:
        click.echo("\ninterrupted", err=True)
        sys.exit(130)


@contextmanager
def writing() -> Iterator[None]:
    """An error writing to stdout (not to a named file) becomes `output_failed`."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno in OUTPUT_ERRORS:
            output_failed(exc)
        raise


def color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@contextmanager
def failures(action: str) -> Iterator[None]:
    """Every error a command can meet, as one line and an exit code. What a message quotes (a
    file name, an engine's words) is made inert for a CI log (`problems.inert`)."""
    from inquiry.errors import BuildFailed, InquiryError, InvalidEvidence, UsageProblem
    from inquiry.problems import inert, render_text

    def say(message: str) -> None:
        click.echo(inert(message), err=True)

    kept = "the previous bundle, if any, was left untouched" if action == "build" else ""
    try:
        yield
    except UsageProblem as exc:
        raise click.UsageError(inert(str(exc))) from None
    except InvalidEvidence as exc:
        click.echo(render_text(exc.report, color=color()))
        say(f"{action} refused: the evidence is invalid; nothing was written")
        sys.exit(1)
    except BuildFailed as exc:
        say(f"{action} failed: {exc}")
        say("the previous bundle, if any, was left untouched")
        sys.exit(3)
    except InquiryError as exc:  # a limit, a lock, an engine: the machine, not the evidence
        say(f"{action} failed: {exc}")
        sys.exit(3)
    except OSError as exc:
        if os.environ.get("INQUIRY_DEBUG"):
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        say(f"{action} failed: {exc.strerror or exc}{where}")
        if kept:
            say(kept)
        sys.exit(3)
    except MemoryError:
        say(f"{action} failed: out of memory")
        sys.exit(3)
    except KeyboardInterrupt:  # Ctrl-C: the shell's code for SIGINT, not "invalid evidence"
        say(f"\n{action} interrupted" + (f"; {kept}" if kept else ""))
        sys.exit(130)
    except Exception as exc:  # a bug: still a message, not a traceback
        if os.environ.get("INQUIRY_DEBUG"):
            raise
        say(f"{action} failed: {type(exc).__name__}: {exc}")
        debug = "set INQUIRY_DEBUG=1 to see the traceback"
        say(f"{kept}; {debug}" if kept else debug)
        sys.exit(3)


def removed(paths: Sequence[Path], formats: Sequence[str]) -> str:
    """The line saying which outputs of an earlier set a build with fewer formats removed."""
    made = " ".join(f"--format {f}" for f in formats)
    return (
        f"removed {', '.join(str(p) for p in paths)}: an earlier build's outputs that this "
        f"one ({made}) did not make; name every format you need in one build"
    )
