"""Where the `inquiry` command's failures become a message and an exit code, never a traceback:
every error a command meets (`failures`), and a report that cannot be written (a full disk, a
reader gone). (The progress of a build: cli_progress.)"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TextIO

import click

from inquiry.entry import TERMINATED, interrupted_status

OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
"""What writing the report to stdout can meet: a reader gone (`| head`), a full disk."""
CLOSED_PIPE = 141
"""Exit code when the reader of the output went away while a stream other than the process's
own stdout was written (`ReaderMayLeave` covers that one): the shell's for a SIGPIPE."""


class ReaderMayLeave(io.FileIO):
    """The process's stdout, where a reader that went away (`inquiry validate | head -1`)
    makes the rest of the output go nowhere, and the command goes on to its own exit code: a
    script wants the verdict (valid, differs, stale), which must not depend on whether the
    report outgrew the pipe's buffer before `head` left, as dying of SIGPIPE like grep made it
    (0, 1 or 141 for the same evidence)."""

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            _to_null(self.fileno())
            return memoryview(data).nbytes


def _to_null(fd: int) -> None:
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def reader_may_leave() -> None:
    """Put `ReaderMayLeave` under sys.stdout, when it is the process's own (not a test's); a
    character its encoding cannot write is written as its escape (`\\u8a3c`), as on stderr,
    not a traceback (red team h186: an exhibit named `証拠.png` under a Windows runner's
    cp1252, or the verdict's dash under Latin-1)."""
    out = sys.stdout
    if out is not sys.__stdout__ or not isinstance(out, io.TextIOWrapper):
        return
    try:
        fd = out.fileno()
        out.flush()
    except (OSError, ValueError):
        return
    raw = ReaderMayLeave(fd, "w", closefd=False)
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=out.encoding,
        errors="backslashreplace",
        line_buffering=out.line_buffering,
    )


def output_failed(exc: OSError) -> NoReturn:
    """The output could not be written: quietly for a closed pipe, as other commands are;
    otherwise one line on stderr, exit 2. Either way stdout is pointed at the null device, so
    that flushing it at exit cannot fail again with a traceback."""
    with contextlib.suppress(OSError, ValueError):
        _to_null(sys.stdout.fileno())
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
        reader_may_leave()
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
        status = interrupted_status()
        click.echo("\n" + ("terminated" if status == TERMINATED else "interrupted"), err=True)
        sys.exit(status)


@contextmanager
def writing() -> Iterator[None]:
    """An error writing to stdout (not to a named file) becomes `output_failed`."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno in OUTPUT_ERRORS:
            output_failed(exc)
        raise


def color(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal that is not a dumb one (`TERM=dumb`: an editor's shell, a
    log), and never when NO_COLOR is set (https://no-color.org). `stream` is where the text
    goes: stdout unless given (a build's warnings go to stderr)."""
    stream = sys.stdout if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False
    return tty and os.environ.get("TERM", "") != "dumb" and not os.environ.get("NO_COLOR")


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
        status = interrupted_status()  # Ctrl-C, or SIGTERM (`inquiry.entry`)
        word = "terminated" if status == TERMINATED else "interrupted"
        say(f"\n{action} {word}" + (f"; {kept}" if kept else ""))
        sys.exit(status)
    except Exception as exc:  # a bug: still a message, not a traceback
        if os.environ.get("INQUIRY_DEBUG"):
            raise
        say(f"{action} failed: {type(exc).__name__}: {exc}")
        debug = "set INQUIRY_DEBUG=1 to see the traceback"
        say(f"{kept}; {debug}" if kept else debug)
        sys.exit(3)


def removed(paths: Sequence[Path], formats: Sequence[str], *, restricted: bool = False) -> str:
    """The lines saying which outputs of an earlier set a build removed: those of formats it
    did not make, and the public edition's redactions.json, which a restricted build does not
    write (it is no format, and naming every format would not keep it)."""
    schedule = [p for p in paths if restricted and p.name == "redactions.json"]
    others = [p for p in paths if p not in schedule]
    made = " ".join(f"--format {f}" for f in formats)
    lines = []
    if others:
        lines.append(
            f"removed {', '.join(str(p) for p in others)}: an earlier build's outputs that this "
            f"one ({made}) did not make; name every format you need in one build"
        )
    lines += [
        f"removed {p}: the public edition's list of what it redacted, which a restricted build"
        " does not write (the edition in this folder is now the restricted one)"
        for p in schedule
    ]
    return "\n".join(lines)
