"""Every resource limit of the build in one place, and one way to run a command under them.

Each external engine (pandoc, typst, exhibit preparation, OCR) runs with a wall-clock limit and a
memory limit, so that hostile input in a pull request stops in seconds with a message instead of
hanging or exhausting CI. The values below were measured on a 2-core machine shared with other
work: a normal job stays well inside them, a hostile one trips them within seconds, and no single
process may grow past 1 GiB.

Memory limits are address-space limits (`RLIMIT_AS`): they count every mapping, including the
executable and shared libraries, so they sit above the peak resident size a job shows. Pandoc's
Haskell runtime reserves 1 TiB of address space when unlimited, but GHC (9.x, pandoc 3.x) retries
with smaller reservations when the limit refuses it, so `RLIMIT_AS` bounds pandoc too; it stops a
runaway pandoc with "out of memory" faster than pandoc's own `+RTS -M` heap limit, whose garbage
collector thrashes near the limit.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import resource
import selectors
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from inquiry.errors import InquiryError

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB

PANDOC_SECONDS = 30.0
"""One pandoc call. Parsing 1 MB of Markdown takes ~3 s and writing it as typst ~3 s on the
shared 2-core machine; hostile text (bracket runs, huge words, deep nesting) is refused earlier by
validation's cheap scan, so this is the last line of defence and may be generous."""

PANDOC_MEMORY = 768 * MiB
"""Address space of one pandoc process. Pandoc needs 216 MiB just to start (a 125 MB static
executable and a 64 MB initial heap); writing 2 MB of Markdown as typst needs 384–512 MiB. Calls
larger than ~2 MB of text should be split rather than given more."""

TYPST_SECONDS = 60.0
"""One typst compile in a worker: a 200-page item or front matter compiles in a few seconds; a
typst program that loops or lays out without end is stopped after a minute at most."""

TYPST_MEMORY = 1 * GiB
"""Address space of a typst worker (the Python interpreter, the typst module and its caches, and
the document being laid out). A 200-page document peaks near 300 MiB resident."""

PDF_MEMORY_PER_BYTE = 16
"""What reading a whole PDF costs in memory beyond 1 GiB, for each byte of the file:
qpdf keeps about 0.5 KB for every object it has, read or not, and a tagged bundle stores an
object in about 70 bytes (10,000 items: 20,544 pages, 1.5 million objects in 104 MB, 0.76 GB
resident just to open)."""


def pdf_memory(size: int) -> int:
    """The address space a process needs to read every page of a PDF of `size` bytes (hashing
    a bundle's pages, searching what assembly added, `verify` hashing a received copy): 1 GiB
    and `PDF_MEMORY_PER_BYTE` for each byte of the file, so still bounded."""
    return GiB + PDF_MEMORY_PER_BYTE * max(0, size)


EXHIBIT_SECONDS = 60.0
"""Preparing one exhibit (sanitise, repair, normalise boxes) in a worker: a 500-page PDF takes a
few seconds with qpdf; a decompression or pixel bomb is stopped by the memory limit first."""

EXHIBIT_MEMORY = 1 * GiB
"""Address space of an exhibit worker (pikepdf/qpdf and Pillow loaded). A 4 MB PDF whose streams
inflate to 4 GB, or a 13,000 × 13,000 PNG (3.3 GB decoded), must fail here, not exhaust CI."""

OCR_SECONDS = 120.0
"""OCR of one exhibit page by page: tesseract takes 1–5 s per page at 300 dpi, so two minutes
bounds a long exhibit on a slow runner while still ending a stuck run."""

OCR_SECONDS_PER_MB = 30.0
"""On top of `OCR_SECONDS`, for each megabyte of an exhibit: a scanned page is 0.1–0.3 MB and
takes 1–5 s to read (once for a text layer, again for redacted names in its pictures), so a
100-page scan of 20 MB gets ten minutes. The limit still ends a stuck run; it no longer refuses
an ordinary long scan (two minutes did, past about 40 pages). A scan compressed smaller than
that (G4) is allowed time by its pages instead: `OCR_SECONDS_PER_PAGE`."""

OCR_SECONDS_PER_PAGE = 15.0
"""On top of `OCR_SECONDS`, for each page of an exhibit OCR reads, when that is more than the
allowance by size: a compressed scan is far smaller than 0.1 MB a page (a 300-dpi A4 CCITT G4
page of dense text is 77 KB), so by size alone a 45-page G4 scan of 3.4 MB got 282 s and was
refused after 5 minutes (red team h_d, repro 13). Measured on the 2-core development machine
(stop 29): such a page takes 3.0 s to OCR, and 5.9 s to OCR and redact (a redacted name on
the page: rebuilt from pixels and read again), 7.4 s with the other core busy; 15 s is twice
that, and the 45-page scan now gets 855 s for about 330 s of work."""

OCR_PAGES_PER_MB = 25
"""The most pages a megabyte of exhibit counts for in `OCR_SECONDS_PER_PAGE` (40 KB a page; a
scanned page of text is 40–100 KB in G4, more in JPEG), so that a small hostile file of
thousands of blank pages is still stopped within minutes: a 100 KB file gets at most 38 s
more, a 1 MB one 375 s more."""

OCR_PAGE_SECONDS_CAP = 7_200.0
"""The most `OCR_SECONDS_PER_PAGE` adds up to for one exhibit (two hours: 480 pages); the
allowance by size still applies above it."""


def exhibit_seconds(size: int, *, ocr: bool, pages: int = 0) -> float:
    """The time limit for preparing one exhibit of `size` bytes and `pages` pages (0 when not
    known), with or without OCR: `OCR_SECONDS` and the larger of `OCR_SECONDS_PER_MB` a
    megabyte and `OCR_SECONDS_PER_PAGE` a page (at most `OCR_PAGES_PER_MB` pages a megabyte,
    and `OCR_PAGE_SECONDS_CAP` in all) on top of `EXHIBIT_SECONDS`."""
    if not ocr:
        return EXHIBIT_SECONDS
    megabytes = size / 1_000_000
    by_pages = OCR_SECONDS_PER_PAGE * min(pages, OCR_PAGES_PER_MB * megabytes)
    by_size = OCR_SECONDS_PER_MB * megabytes
    return EXHIBIT_SECONDS + OCR_SECONDS + max(by_size, min(by_pages, OCR_PAGE_SECONDS_CAP))


EXHIBITS_SECONDS = 300.0
"""What `validate` may spend preparing all of a submission's exhibits together, wall clock,
before `EXHIBITS_SECONDS_PER_MB` more for each megabyte they hold (see `exhibits_budget`). Each
exhibit keeps its own `EXHIBIT_SECONDS`; this bounds their sum, which the per-exhibit limit
alone does not: thirty 22 KB files each crafted to take the full minute (red team h110) reached
the CI validate job's 15-minute timeout with no output. Past the budget, the exhibits not yet
done are refused at their lines (`exhibit-limit`), so the job ends with a report."""

EXHIBITS_SECONDS_PER_MB = 60.0
"""On top of `EXHIBITS_SECONDS`, for each megabyte of the distinct exhibit files: ordinary
exhibits prepare at well over a megabyte a second (issue 11's 100 × 500-page exhibits, 50,413
pages, in about a minute), so only files crafted to cost far more than their size meet it."""


EXHIBITS_SECONDS_MAX = 1200.0
"""The most `exhibits_budget` gives, whatever the exhibits' size: the workflow's validate job
has 30 minutes, and must end with a report. Without it, megabytes of cheap padding exhibits
bought time for crafted ones to spend (red team h147: 10 MB of padding gave 900 s, past the
job's timeout as it then was). Ordinary exhibits prepare at over a megabyte a second, so
20 minutes is a gigabyte of them."""


def exhibits_budget(total_bytes: int) -> float:
    """The time `validate` may spend preparing exhibits holding `total_bytes` in all (each
    distinct file counted once): `EXHIBITS_SECONDS` + `EXHIBITS_SECONDS_PER_MB` a megabyte, at
    most `EXHIBITS_SECONDS_MAX`. 30 files of 22 KB get 340 s; 100 MB of exhibits, 1,200 s."""
    budget = EXHIBITS_SECONDS + EXHIBITS_SECONDS_PER_MB * total_bytes / 1_000_000
    return min(budget, EXHIBITS_SECONDS_MAX)


OCR_MEMORY = 1 * GiB
"""Address space of one OCR process: tesseract on an A4 page at 300 dpi stays within a few
hundred MiB; its OpenMP threads each reserve stack and malloc arenas, hence the headroom."""

YAML_SECONDS = 30.0
"""Reading evidence files in a worker (validation of a large submission reads them in
parallel): a file is at most 512 KiB and 100,000 values, which the pure-Python parser reads in a
few seconds at worst; a batch of files gets this much per file it holds, up to a minute."""

YAML_MEMORY = 1 * GiB
"""Address space of a worker reading evidence files: the interpreter, ruamel.yaml and one batch
of documents (a 512 KiB file composes to ~100 MiB of nodes at most)."""

BUNDLE_PAGES = 250_000
"""The most pages a bundle may have: its exhibits' pages added up, and any page a served record
names. Issue 11's largest shape (50,400 pages) builds in under 1 GB; a bundle five times that
stays within a 7 GB CI runner. An exhibit of 20,000 pages attached fifty times, or a served
record edited to name page 10⁹, is refused at its line instead of filling the machine's
memory."""

COMMAND_OUTPUT = 256 * MiB
"""Default cap on what a command may write to its standard output before it is stopped."""

COMMAND_FILE = 2 * GiB
"""`RLIMIT_FSIZE` for commands: the largest file an engine may write (an OCRed exhibit)."""

_PR_SET_PDEATHSIG = 1
_STDERR_TAIL = 64 * KiB
_CHUNK = 64 * KiB
_MEMORY_WORDS = re.compile(
    rb"out of memory|cannot allocate memory|memoryerror|heap exhausted|unable to commit"
    rb"|memory allocation of \d+ bytes failed|std::bad_alloc",
    re.IGNORECASE,
)


def human_size(n: int) -> str:
    """`1073741824` → "1 GiB": a limit as a person reads it."""
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} bytes"


def human_seconds(s: float) -> str:
    """`20.0` → "20 s"."""
    return f"{s:g} s"


def looks_like_memory(stderr: bytes) -> bool:
    """Whether an engine's last words say it ran out of memory (GHC, Python, Rust, C++)."""
    return _MEMORY_WORDS.search(stderr) is not None


class LimitExceeded(InquiryError):
    """A job ran past one of its limits (or crashed, which under a memory limit is often one).

    `kind` is "time", "memory", "crash" or "output"; `limit` the limit as text ("20 s", "1 GiB");
    `detail` says what was running. The message is one plain line.
    """

    def __init__(self, *, kind: str, limit: str, detail: str) -> None:
        self.kind = kind
        self.limit = limit
        self.detail = " ".join(detail.split())
        if kind == "time":
            text = f"{self.detail} did not finish within its time limit of {limit}"
        elif kind == "memory":
            text = f"{self.detail} ran out of memory (limit {limit})"
        elif kind == "output":
            text = f"{self.detail} wrote more than its output limit of {limit}"
        else:
            text = f"{self.detail} crashed (its memory limit was {limit})"
        super().__init__(text)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_limit, (self.kind, self.limit, self.detail))


def _rebuild_limit(kind: str, limit: str, detail: str) -> LimitExceeded:
    return LimitExceeded(kind=kind, limit=limit, detail=detail)


class CommandFailed(InquiryError):
    """A command exited with a non-zero status; `stderr` holds its last lines."""

    def __init__(self, *, program: str, returncode: int, stderr: str) -> None:
        self.program = program
        self.returncode = returncode
        self.stderr = stderr
        last = stderr.strip().splitlines()[-1:] or [f"exit status {returncode}"]
        super().__init__(f"{program} failed: {' '.join(last[0].split())}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_failed, (self.program, self.returncode, self.stderr))


def _rebuild_failed(program: str, returncode: int, stderr: str) -> CommandFailed:
    return CommandFailed(program=program, returncode=returncode, stderr=stderr)


def release_memory() -> None:
    """Hand memory freed by Python and the C libraries back to the system (glibc keeps freed
    heap pages otherwise): called between pieces of heavy work, so that what a build holds at
    its peak is what it uses, not what it once used. A no-op where malloc_trim is missing."""
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def signal_name(number: int) -> str:
    """`11` → "SIGSEGV"."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def run_command(
    argv: Sequence[str],
    *,
    input: bytes = b"",
    seconds: float,
    memory: int,
    max_output: int = COMMAND_OUTPUT,
    max_file: int = COMMAND_FILE,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
) -> bytes:
    """Run `argv` with `input` on its stdin under the limits and return its stdout.

    The child gets `RLIMIT_AS = memory`, no core dumps and `RLIMIT_FSIZE = max_file`; it runs in
    its own process group, which is killed as a whole at the wall-clock limit `seconds`, when it
    writes more than `max_output` bytes, or if the caller is interrupted. Raises `LimitExceeded`
    for a limit or a death by signal, `CommandFailed` for a non-zero exit, `OSError` when the
    program cannot be started.
    """
    program = Path(argv[0]).name
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def limit_child() -> None:
        # Runs between fork and exec. It imports nothing and takes no lock, so the usual danger
        # of preexec_fn in a threaded parent (a lock held by another thread) cannot bite.
        # If the caller dies (a worker killed at its own limit), the command dies with it.
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file, max_file))

    proc = subprocess.Popen(
        list(argv),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=dict(env) if env is not None else None,
        preexec_fn=limit_child,
        start_new_session=True,
    )
    stopped = True
    try:
        out, err, overflow, timed_out = _exchange(proc, input, seconds, max_output)
        stopped = overflow or timed_out
    finally:
        # Also after the leader exited: a grandchild may still hold the pipes open.
        if stopped or proc.poll() is None:
            _kill_group(proc)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
    if timed_out:
        raise LimitExceeded(kind="time", limit=human_seconds(seconds), detail=program)
    if overflow:
        raise LimitExceeded(kind="output", limit=human_size(max_output), detail=program)
    code = proc.returncode
    if code < 0:
        raise LimitExceeded(
            kind=_signal_kind(-code, err),
            limit=human_size(memory),
            detail=f"{program} ({signal_name(-code)})",
        )
    if code != 0:
        if looks_like_memory(err[-4 * KiB :]):
            raise LimitExceeded(kind="memory", limit=human_size(memory), detail=program)
        tail = err.decode("utf-8", errors="replace").strip().splitlines()[-5:]
        raise CommandFailed(program=program, returncode=code, stderr="\n".join(tail))
    return out


def _signal_kind(number: int, stderr: bytes) -> str:
    if number == signal.SIGXFSZ:
        return "output"
    if number == signal.SIGXCPU:
        return "time"
    # SIGKILL comes from the kernel's OOM killer; SIGABRT after a failed allocation (Rust, C++).
    if number == signal.SIGKILL or looks_like_memory(stderr[-4 * KiB :]):
        return "memory"
    return "crash"


def _exchange(
    proc: subprocess.Popen[bytes], data: bytes, seconds: float, max_output: int
) -> tuple[bytes, bytes, bool, bool]:
    """Feed stdin, collect stdout (up to the cap) and stderr's tail until exit or a limit."""
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    deadline = time.monotonic() + seconds
    out = bytearray()
    err = bytearray()
    view = memoryview(data)
    with selectors.DefaultSelector() as sel:
        if data:
            os.set_blocking(proc.stdin.fileno(), False)
            sel.register(proc.stdin, selectors.EVENT_WRITE)
        else:
            proc.stdin.close()
        sel.register(proc.stdout, selectors.EVENT_READ)
        sel.register(proc.stderr, selectors.EVENT_READ)
        while sel.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                return bytes(out), bytes(err), False, True
            for key, _ in sel.select(left):
                if key.fileobj is proc.stdin:
                    try:
                        view = view[os.write(proc.stdin.fileno(), view[:_CHUNK]) :]
                    except BrokenPipeError:
                        view = view[:0]
                    if not view:
                        sel.unregister(proc.stdin)
                        proc.stdin.close()
                    continue
                chunk = os.read(key.fd, _CHUNK)
                if not chunk:
                    sel.unregister(key.fileobj)
                elif key.fileobj is proc.stdout:
                    out += chunk
                    if len(out) > max_output:
                        return bytes(out), bytes(err), True, False
                else:
                    err += chunk
                    del err[:-_STDERR_TAIL]
    try:
        proc.wait(max(deadline - time.monotonic(), 0.001))
    except subprocess.TimeoutExpired:
        return bytes(out), bytes(err), False, True
    return bytes(out), bytes(err), False, False


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
