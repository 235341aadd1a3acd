"""A build's progress, as a coalition user sees it on a terminal and in a CI log (red-team s27):
every phase named when it starts, counters that move, every line finished before the next
phase or the `wrote` lines (a screen reader reads a line left open and overwritten as one
garbled line), no carriage return in a log; Ctrl-C's exit 130 documented; `init .` and `new`
without --root say nothing about a folder the user is already in."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import inquiry
from inquiry.cli import main
from inquiry.cli_progress import Progress, live, progress

REPO = Path(__file__).resolve().parents[1]
PHASES = (
    "Validating the evidence",
    "Preparing exhibits",
    "Preparing the items' text",
    "Laying out the items",
    "Assembling the bundle",
    "Hashing and checking the pages",
    "Writing the DOCX",
    "Writing the HTML edition",
    "Searching the outputs for redacted strings",
)
PHASE = re.compile(rf"^({'|'.join(re.escape(p) for p in PHASES)})(?: (\d+)/(\d+))?$")


def _env(**extra: str) -> dict[str, str]:
    """The build's environment: this checkout's inquiry, a fixed date, no colour settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env.update(
        PYTHONPATH=str(Path(inquiry.__file__).resolve().parents[1]),
        SOURCE_DATE_EPOCH="1767225600",
        **extra,
    )
    return env


def _argv(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "inquiry", "build", "--root", str(root), *args]


def _on_a_terminal(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run `argv` with stdout and stderr on one pseudo-terminal; its exit code and every byte
    it showed, with the terminal's own `\\r\\n` for each newline turned back into `\\n`."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    shown = b""
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            shown += data
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode().replace("\r\n", "\n")


def _lines(shown: str) -> list[list[str]]:
    """Each line the terminal shows, as the states it went through (rewritten after `\\r`)."""
    assert shown.endswith("\n"), repr(shown[-200:])  # the last line is finished too
    return [[s.rstrip(" ") for s in line.split("\r")] for line in shown[:-1].split("\n")]


def _phases(lines: list[list[str]]) -> list[str]:
    return [m.group(1) for states in lines if (m := PHASE.match(states[-1]))]


def test_on_a_terminal_each_phase_is_a_finished_line_and_the_counters_move(
    sample: Path,
) -> None:
    code, shown = _on_a_terminal(
        _argv(sample, "--format", "pdf", "--format", "docx", "--no-cache", "--ocr", "never"),
        _env(TERM="xterm"),
        sample.parent,
    )
    assert code == 0, shown
    lines = _lines(re.sub(r"\x1b\[[0-9;]*m", "", shown))  # the warnings' colours
    warned = [i for i, states in enumerate(lines) if "warning[" in states[-1]]
    assert warned, shown  # the picture without text (--ocr never), after the progress
    for states in lines[: warned[0]]:
        # A progress line: every state it went through is a phase and its counter, nothing
        # glued on (`Writing the DOCX 0/1wrote build/bundle.pdf` was one line).
        assert all(PHASE.match(s) for s in states), states
    # Each `wrote` line is a line of its own, and the last ones.
    wrote = [states for states in lines if any("wrote " in s for s in states)]
    assert all(len(states) == 1 and states[0].startswith("wrote ") for states in wrote), wrote
    assert len(wrote) == 5 and lines[-5:] == wrote
    assert _phases(lines) == [
        "Validating the evidence",
        "Preparing exhibits",
        "Preparing the items' text",
        "Laying out the items",
        "Assembling the bundle",
        "Hashing and checking the pages",
        "Writing the DOCX",
        "Searching the outputs for redacted strings",
    ]
    counted = {s[-1].rpartition(" ")[0] or s[-1]: s for s in lines[: warned[0]]}
    assert counted["Preparing exhibits"][-1] == "Preparing exhibits 2/2"
    laying = [PHASE.match(s) for s in counted["Laying out the items"]]
    first, last = laying[0], laying[-1]
    assert first is not None and last is not None
    # Starts at 0 of N and ends at N of N: the counter moved as pieces were laid out.
    assert first.group(2) == "0" and int(first.group(3)) > 0
    assert last.group(2) == last.group(3) and int(last.group(2)) >= int(first.group(3))
    assembling = PHASE.match(counted["Assembling the bundle"][-1])
    assert assembling is not None and assembling.group(2) == assembling.group(3) != "0"


def test_in_a_log_each_phase_is_one_plain_line_on_stderr(sample: Path, build_cache: Path) -> None:
    done = subprocess.run(
        _argv(sample, "--format", "pdf", "--format", "html", "--ocr", "never"),
        env=_env(INQUIRY_CACHE_DIR=str(build_cache)),
        cwd=sample.parent,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert b"\r" not in done.stderr and b"\r" not in done.stdout
    stderr = done.stderr.decode().splitlines()
    progress_lines = [line for line in stderr if PHASE.match(line)]
    assert [PHASE.match(line).group(1) for line in progress_lines] == [  # type: ignore[union-attr]
        "Validating the evidence",
        "Preparing exhibits",
        "Preparing the items' text",
        "Laying out the items",
        "Assembling the bundle",
        "Hashing and checking the pages",
        "Writing the HTML edition",
        "Searching the outputs for redacted strings",
    ]
    assert len(progress_lines) <= 10  # a short log: no line per piece or page
    # Stdout is for scripts: the files written, nothing else.
    assert all(line.startswith("wrote ") for line in done.stdout.decode().splitlines())


def test_a_dumb_terminal_gets_plain_lines(sample: Path, build_cache: Path) -> None:
    code, shown = _on_a_terminal(
        _argv(sample, "--format", "pdf", "--ocr", "never"),
        _env(TERM="dumb", NO_COLOR="1", INQUIRY_CACHE_DIR=str(build_cache)),
        sample.parent,
    )
    assert code == 0, shown
    assert "\r" not in shown and "\x1b" not in shown
    assert _phases(_lines(shown))[:2] == ["Validating the evidence", "Preparing exhibits"]


def test_refused_evidence_starts_its_report_on_a_line_of_its_own(sample: Path) -> None:
    (sample / "evidence/statistics/ST-001.yaml").write_text("kind: statistic\n", encoding="utf-8")
    code, shown = _on_a_terminal(
        _argv(sample, "--format", "pdf"), _env(TERM="xterm"), sample.parent
    )
    assert code == 1, shown
    lines = _lines(shown)
    # Then its files counted as they are read (stop 34), on the same line.
    assert lines[0][0] == "Validating the evidence"
    assert all(part.startswith("Validating the evidence") for part in lines[0]), lines[0]
    assert ["build refused: the evidence is invalid; nothing was written"] in lines


def test_the_line_of_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("inquiry.cli_progress.INTERVAL", 0.0)
    out = io.StringIO()
    shown = Progress(out, rewrite=True)
    shown("Validating the evidence", 0, 0)
    shown("Laying out the items", 0, 12)
    shown("Laying out the items", 12, 12)
    shown("Laying out the items", 12, 13)  # a second pass: the same line, a longer count
    shown("Laying out the items", 13, 13)
    shown("Writing the DOCX", 0, 0)
    shown.finish()
    shown.finish()  # finished once only
    assert out.getvalue() == (
        "Validating the evidence\n"
        "Laying out the items 0/12\rLaying out the items 12/12"
        "\rLaying out the items 12/13\rLaying out the items 13/13\n"
        "Writing the DOCX\n"
    )


def test_a_fast_counter_is_shown_ten_times_a_second_and_its_end_always() -> None:
    out = io.StringIO()
    shown = Progress(out, rewrite=True)
    for done in range(1001):
        shown("Assembling the bundle", done, 1000)
    shown.finish()
    states = out.getvalue().rstrip("\n").split("\r")
    assert states[0] == "Assembling the bundle 0/1,000"
    assert states[-1] == "Assembling the bundle 1,000/1,000"
    assert len(states) < 50


def test_a_log_has_one_line_per_phase() -> None:
    out = io.StringIO()
    shown = Progress(out)  # not a terminal
    for done in range(41):
        shown("Laying out the items", done, 40)
    shown("Writing the DOCX", 0, 0)
    shown.finish()
    assert out.getvalue() == "Laying out the items 0/40\nWriting the DOCX\n"


def test_a_dumb_terminal_is_not_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    assert live(Terminal())
    monkeypatch.setenv("TERM", "dumb")
    assert not live(Terminal())
    assert not live(io.StringIO())


def test_quiet_has_no_progress() -> None:
    with progress(True) as shown:
        assert shown is None


def test_a_progress_line_that_cannot_be_written_does_not_stop_the_build() -> None:
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    shown = Progress(Gone(), rewrite=False)
    shown("Validating the evidence", 0, 0)
    shown("Laying out the items", 0, 3)
    shown.finish()


def test_exit_130_is_documented() -> None:
    helped = CliRunner().invoke(main, ["build", "--help"])
    assert helped.exit_code == 0
    assert "130 interrupted" in " ".join(helped.output.split())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `inquiry build "))
    assert "130 interrupted" in row


def test_init_here_and_new_here_name_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "ours"
    here.mkdir()
    monkeypatch.chdir(here)
    made = CliRunner().invoke(main, ["init", "."])
    assert made.exit_code == 0, made.output
    assert "next: follow the two commands in its README.md" in made.stdout.splitlines()
    assert "cd ." not in made.output
    added = CliRunner().invoke(main, ["new", "testimony"])
    assert added.exit_code == 0, added.output
    assert added.stdout.splitlines()[-1] == (
        "fill it in, set `status: final`, then run `inquiry validate`"
    )
    monkeypatch.chdir(tmp_path)
    elsewhere = CliRunner().invoke(main, ["new", "testimony", "--root", "ours"])
    assert elsewhere.exit_code == 0, elsewhere.output
    assert elsewhere.stdout.splitlines()[-1].endswith("`inquiry validate --root ours`")
    spaced = CliRunner().invoke(main, ["init", "our evidence"])
    assert spaced.exit_code == 0, spaced.output
    assert "next: cd 'our evidence' and follow" in spaced.stdout


def test_the_exhibits_counter_counts_each_exhibit_as_it_is_prepared(sample: Path) -> None:
    """`Preparing exhibits` went from 0/N to N/N in one jump, however long the exhibits took
    (a 500-page scan takes minutes): it now counts each one, the cached ones at once."""
    from inquiry.build import build

    build(sample, formats=("pdf",), ocr="never", jobs=1)  # the cache holds both exhibits
    for cached in (False, True):
        seen: list[tuple[int, int]] = []

        def tick(stage: str, done: int, total: int, seen: list[tuple[int, int]] = seen) -> None:
            if stage == "Preparing exhibits":
                seen.append((done, total))

        build(sample, formats=("pdf",), ocr="never", jobs=1, use_cache=cached, progress=tick)
        assert seen[0] == (0, 2) and seen[-1] == (2, 2), seen
        assert ((1, 2) in seen) is not cached, seen  # one at a time, or the cached at once
        assert [d for d, _ in seen] == sorted(d for d, _ in seen), seen
