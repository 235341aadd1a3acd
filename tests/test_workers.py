"""The worker pool: results in order whatever the jobs, each limit a Failure of its kind, the
other tasks unharmed, affinity honoured, and no worker outliving its parent."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from inquiry.workers import Failure, Pool, TaskError, call, run_tasks

MEMORY = 512 << 20
_seen: list[int] = []


# Tasks run in worker processes, so they are module-level functions.
def square(x: int) -> int:
    return x * x


def pid_of(_: object) -> int:
    return os.getpid()


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def allocate(n: int) -> int:
    return len(bytearray(n))


def segfault(_: object) -> None:
    ctypes.string_at(0)


def refuse(x: int) -> None:
    raise ValueError(f"item {x} is refused")


class Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:
        super().__init__(f"{a}/{b}")


def refuse_oddly(x: int) -> None:
    raise Unpicklable(x, x + 1)


def address_limit(_: object) -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def refuse_or_square(x: int) -> int:
    if x < 0:
        raise ValueError("negative")
    return x * x


def noisy(x: int) -> int:
    print("engine chatter", file=sys.stderr, flush=True)
    os.write(2, b"more chatter\n")
    return x


def fragile(x: int) -> int:
    """Crashes on any worker that has run a task before: a stand-in for leftovers of earlier
    tasks (memoisation, fragmentation) pushing a worker over its limit."""
    _seen.append(x)
    if len(_seen) > 1:
        ctypes.string_at(0)
    return x


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_in_task_order(jobs: int) -> None:
    assert run_tasks(square, range(20), jobs=jobs, seconds=10, memory=MEMORY) == [
        x * x for x in range(20)
    ]


def test_one_batch_may_run_different_functions() -> None:
    """`call` runs `(fn, args)` jobs: a batch of tasks of different functions (the bundle's
    page hashes beside its proof), each outcome in its place, a failure where it failed."""
    jobs = [(square, (3,)), (pid_of, (None,)), (refuse, (5,)), (square, (4,))]
    nine, pid, failure, sixteen = run_tasks(call, jobs, jobs=2, seconds=10, memory=MEMORY)
    assert (nine, sixteen) == (9, 16)
    assert isinstance(pid, int) and pid != os.getpid()
    assert isinstance(failure, Failure) and failure.message == "item 5 is refused"


def test_limits_apply_with_one_job() -> None:
    [limit] = run_tasks(address_limit, [0], jobs=1, seconds=10, memory=MEMORY)
    assert limit == MEMORY
    [pid] = run_tasks(pid_of, [0], jobs=1, seconds=10, memory=MEMORY)
    assert pid != os.getpid()


def test_a_task_past_its_time_fails_alone() -> None:
    start = time.monotonic()
    results = run_tasks(nap, [0.0, 30.0, 0.1, 0.0], jobs=2, seconds=1.0, memory=MEMORY)
    assert time.monotonic() - start < 4
    assert results[0] == 0.0 and results[2] == 0.1 and results[3] == 0.0
    assert results[1] == Failure("time", "did not finish within its time limit of 1 s")


def test_each_task_may_have_its_own_time_limit() -> None:
    """A long exhibit gets longer than a short one: the limit is the task's own."""
    with Pool(jobs=2, memory=MEMORY) as pool:
        results = pool.run(nap, [1.5, 1.5, 0.0], seconds=lambda s: 5.0 if s else 0.5)
    assert results == [1.5, 1.5, 0.0]
    with Pool(jobs=2, memory=MEMORY) as pool:
        [late] = pool.run(nap, [3.0], seconds=lambda s: s / 3)
    assert late == Failure("time", "did not finish within its time limit of 1 s")


def test_a_task_past_its_memory_fails_quickly() -> None:
    start = time.monotonic()
    results = run_tasks(allocate, [10, 4 << 30, 20], jobs=2, seconds=10, memory=MEMORY)
    assert time.monotonic() - start < 4
    assert results[0] == 10 and results[2] == 20
    failure = results[1]
    assert isinstance(failure, Failure) and failure.kind == "memory"
    assert "512 MiB" in failure.message


def test_a_segfault_is_a_crash() -> None:
    results = run_tasks(segfault, [0], jobs=1, seconds=10, memory=MEMORY)
    assert results == [Failure("crash", "crashed (SIGSEGV; memory limit 512 MiB)")]


def test_exceptions_come_back_with_their_message() -> None:
    results = run_tasks(refuse, [7], jobs=1, seconds=10, memory=MEMORY)
    [failure] = results
    assert isinstance(failure, Failure)
    assert (failure.kind, failure.message) == ("error", "item 7 is refused")
    assert isinstance(failure.exception, ValueError)


def test_an_exception_that_cannot_travel_keeps_its_name() -> None:
    [failure] = run_tasks(refuse_oddly, [1], jobs=1, seconds=10, memory=MEMORY)
    assert isinstance(failure, Failure) and failure.message == "1/2"
    assert isinstance(failure.exception, TaskError)
    assert failure.exception.type_name == "Unpicklable"


def test_affinity_routes_equal_keys_to_one_worker() -> None:
    tasks = [(key, n) for n in range(6) for key in "abcd"]
    with Pool(jobs=2, memory=MEMORY) as pool:
        first = pool.run(pid_of, tasks, seconds=10, affinity=lambda t: t[0])
        second = pool.run(pid_of, tasks, seconds=10, affinity=lambda t: t[0])
    for key in "abcd":
        pids = {pid for (k, _), pid in zip(tasks * 2, first + second, strict=True) if k == key}
        assert len(pids) == 1, (key, pids)
    assert len(set(first)) == 2  # both workers had work


def test_progress_counts_every_task() -> None:
    seen: list[tuple[int, int]] = []
    run_tasks(
        square,
        range(5),
        jobs=2,
        seconds=10,
        memory=MEMORY,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(n, 5) for n in range(1, 6)]


def test_a_crash_on_a_used_worker_is_retried_on_a_fresh_one() -> None:
    # Scheduling must not decide results: task 2 crashes only because task 1 ran first.
    assert run_tasks(fragile, [1, 2, 3], jobs=1, seconds=10, memory=MEMORY) == [1, 2, 3]


def test_worker_stderr_is_not_the_builds(capfd: pytest.CaptureFixture[str]) -> None:
    assert run_tasks(noisy, [1, 2], jobs=1, seconds=10, memory=MEMORY) == [1, 2]
    assert capfd.readouterr().err == ""


def test_a_pool_serves_several_batches_and_stops_its_workers() -> None:
    with Pool(jobs=2, memory=MEMORY) as pool:
        assert pool.run(square, [1, 2, 3], seconds=10) == [1, 4, 9]
        assert pool.run(nap, [30.0], seconds=0.5)[0] == Failure(
            "time", "did not finish within its time limit of 0.5 s"
        )
        assert pool.run(square, [4], seconds=10) == [16]
        pids = pool.pids()
    time.sleep(0.2)
    assert pids and not [p for p in pids if _alive(p)]


def test_each_outcome_is_handed_on_once() -> None:
    seen: list[tuple[int, object]] = []
    with Pool(jobs=2, memory=MEMORY) as pool:
        results = pool.run(
            refuse_or_square, [1, 2, -3, 4, 5], seconds=10, each=lambda i, r: seen.append((i, r))
        )
    assert sorted(i for i, _ in seen) == [0, 1, 2, 3, 4]
    assert dict(seen) == dict(enumerate(results))
    assert isinstance(results[2], Failure) and results[4] == 25


def test_released_workers_stop_and_fresh_ones_take_the_next_batch() -> None:
    with Pool(jobs=2, memory=MEMORY) as pool:
        before = set(pool.run(pid_of, [0, 1, 2, 3], seconds=10))
        pool.release()
        assert pool.pids() == []
        time.sleep(0.2)
        assert not [p for p in before if _alive(p)]
        after = set(pool.run(pid_of, [0, 1, 2, 3], seconds=10))
        assert pool.run(square, [5, 6], seconds=10) == [25, 36]
    assert after and not after & before


def test_a_worker_that_died_while_idle_is_replaced() -> None:
    with Pool(jobs=1, memory=MEMORY) as pool:
        [first] = pool.run(pid_of, [0], seconds=10)
        os.kill(first, signal.SIGKILL)
        time.sleep(0.1)
        [second] = pool.run(pid_of, [0], seconds=10)
    assert second != first


PROGRAM = """
    import os, sys, time
    from inquiry.workers import Pool

    def report_and_sleep(path):
        with open(path, "w") as f:
            f.write(str(os.getpid()))
        time.sleep(60)

    if __name__ == "__main__":
        with Pool(jobs=2, memory=512 << 20) as pool:
            pool.run(report_and_sleep, [sys.argv[1] + "/a", sys.argv[1] + "/b"], seconds=120)
"""


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_no_worker_outlives_its_parent(tmp_path: Path, how: signal.Signals) -> None:
    (tmp_path / "prog.py").write_text(textwrap.dedent(PROGRAM))
    proc = subprocess.Popen(
        [sys.executable, str(tmp_path / "prog.py"), str(tmp_path)],
        stderr=subprocess.DEVNULL,
        # A background job may have inherited SIGINT ignored; the program must see Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        pids = _wait_for_pids([tmp_path / "a", tmp_path / "b"], timeout=20)
        proc.send_signal(how)
        proc.wait(10)
    finally:
        proc.kill()
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in pids if _alive(p)]


def _wait_for_pids(paths: list[Path], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        texts = [p.read_text() if p.exists() else "" for p in paths]
        if all(texts):
            return [int(t) for t in texts]
        time.sleep(0.05)
    raise AssertionError("the workers never started")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # gone, or going as it was read
        return False
