"""run_command: every limit trips, quickly, as a LimitExceeded of the right kind; pandoc runs."""

from __future__ import annotations

import pickle
import sys
import time

import pytest

from inquiry import limits
from inquiry.limits import CommandFailed, LimitExceeded, run_command

PY = sys.executable
SMALL = 256 * limits.MiB


def test_returns_stdout_and_feeds_stdin() -> None:
    data = bytes(range(256)) * 4096  # 1 MiB: more than a pipe buffer both ways
    assert run_command(["cat"], input=data, seconds=10, memory=SMALL) == data


def test_pandoc_runs_under_its_limits() -> None:
    import pypandoc

    out = run_command(
        [pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "html"],
        input=b"*hi*",
        seconds=limits.PANDOC_SECONDS,
        memory=limits.PANDOC_MEMORY,
    )
    assert out.strip() == b"<p><em>hi</em></p>"


def test_time_limit_kills_the_whole_group() -> None:
    start = time.monotonic()
    # The grandchild keeps the pipes open: only killing the process group ends the wait.
    with pytest.raises(LimitExceeded) as info:
        run_command(["sh", "-c", "sleep 30 & sleep 30"], seconds=0.5, memory=SMALL)
    assert time.monotonic() - start < 3
    assert info.value.kind == "time"
    assert str(info.value) == "sh did not finish within its time limit of 0.5 s"


def test_memory_limit() -> None:
    start = time.monotonic()
    with pytest.raises(LimitExceeded) as info:
        run_command([PY, "-c", "b = bytearray(2 << 30)"], seconds=10, memory=SMALL)
    assert time.monotonic() - start < 3
    assert info.value.kind == "memory"
    assert info.value.limit == "256 MiB"


def test_output_cap() -> None:
    with pytest.raises(LimitExceeded) as info:
        run_command(["yes"], seconds=10, memory=SMALL, max_output=1 << 20)
    assert info.value.kind == "output"
    assert "1 MiB" in str(info.value)


def test_crash_is_reported_by_signal() -> None:
    with pytest.raises(LimitExceeded) as info:
        run_command([PY, "-c", "import ctypes; ctypes.string_at(0)"], seconds=10, memory=SMALL)
    assert info.value.kind == "crash"
    assert "SIGSEGV" in str(info.value)


def test_non_zero_exit_keeps_stderr_tail() -> None:
    with pytest.raises(CommandFailed) as info:
        run_command(["sh", "-c", "echo one >&2; echo two >&2; exit 3"], seconds=10, memory=SMALL)
    assert info.value.returncode == 3
    assert info.value.stderr == "one\ntwo"
    assert str(info.value) == "sh failed: two"


def test_errors_are_one_line_and_pickle() -> None:
    exc = LimitExceeded(kind="memory", limit="1 GiB", detail="typst\ncompile")
    again = pickle.loads(pickle.dumps(exc))
    assert (again.kind, again.limit, str(again)) == ("memory", "1 GiB", str(exc))
    assert "\n" not in str(exc)
    failed = pickle.loads(pickle.dumps(CommandFailed(program="x", returncode=2, stderr="a\nb")))
    assert (failed.returncode, failed.stderr, str(failed)) == (2, "a\nb", "x failed: b")


@pytest.mark.parametrize(
    ("n", "text"), [(1 << 30, "1 GiB"), (768 << 20, "768 MiB"), (1536, "1.5 KiB"), (12, "12 bytes")]
)
def test_human_size(n: int, text: str) -> None:
    assert limits.human_size(n) == text


def test_limits_are_sane() -> None:
    for name in ("PANDOC", "TYPST", "EXHIBIT", "OCR"):
        assert 0 < getattr(limits, f"{name}_SECONDS") <= 120
        assert 256 * limits.MiB <= getattr(limits, f"{name}_MEMORY") <= limits.GiB
