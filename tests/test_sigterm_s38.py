"""Stop 38, red team h148: SIGTERM (what `timeout`, `docker stop` and a cancelled CI job send)
killed a build where it stood: its lock and staging folder stayed beside the bundle, and its
workers' temporary folders stayed in /tmp, an OCR folder holding an exhibit's pages as they were
before redaction. SIGTERM now unwinds a command as Ctrl-C does (exit 143), and the folders of
processes that are gone are swept (`inquiry.tempdirs`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from inquiry import tempdirs


def _dead_pid() -> int:
    """The pid of a process that has ended (and was reaped)."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def _marked(folder: Path, pid: int, namespace: str | None = None) -> Path:
    folder.mkdir(parents=True)
    if namespace is None:
        namespace = str(os.stat("/proc/self/ns/pid").st_ino)
    (folder / tempdirs.MARK).write_text(f"{pid} {namespace}\n", encoding="ascii")
    return folder


def test_the_folders_of_processes_gone_are_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = _dead_pid()
    dead = _marked(tmp_path / f"inquiry-ocr-{gone}-abcd1234", gone)
    (dead / "in.pdf").write_bytes(b"%PDF- an exhibit's page")
    mine = _marked(tmp_path / f"inquiry-typst-{os.getpid()}-abcd1234", os.getpid())
    parent = _marked(tmp_path / f"inquiry-ocr-{os.getppid()}-abcd1234", os.getppid())  # live
    other = tmp_path / "inquiry-notes"  # not a folder `private` made
    other.mkdir()
    # Red team h151: folders a person named alike, and one another PID namespace made (a
    # container sharing /tmp, where a live process's pid reads as gone), are never touched.
    review = tmp_path / f"inquiry-pr-{gone}-review"
    (review / "NOTES.txt").parent.mkdir()
    (review / "NOTES.txt").write_text("uncommitted notes", encoding="utf-8")
    bundle = tmp_path / f"inquiry-build-{gone}-abcd1234"  # the right shape, but no mark
    bundle.mkdir()
    elsewhere = _marked(tmp_path / f"inquiry-ocr-{gone}-wxyz9876", gone, namespace="4026531836x")
    tempdirs.sweep()
    assert not dead.exists()
    for kept in (mine, parent, other, review, bundle, elsewhere):
        assert kept.exists(), kept


def test_a_private_folder_is_named_for_its_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with tempdirs.private("ocr") as made:
        assert Path(made).name.startswith(f"inquiry-ocr-{os.getpid()}-")
    assert not Path(made).exists()


@pytest.mark.parametrize("to", ["process", "group"])
def test_sigterm_to_a_running_build(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to: str
) -> None:
    """SIGTERM midway: exit 143 (or 0 had it finished), `build/` untouched, no lock, no
    staging folder, and nothing of the build's left in its temporary folder. `timeout` sends
    it to the command and then to its whole process group (the workers too, and the command
    twice, which stopped the unwinding itself)."""
    out = sample / "build"
    out.mkdir()
    (out / "bundle.pdf").write_bytes(b"the last good bundle")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "TMPDIR": str(scratch)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "inquiry", "build", "--root", str(sample), "--no-cache"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    if to == "group":
        os.killpg(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (143, 0), err
    if proc.returncode == 143:
        assert b"terminated" in err and b"Traceback" not in err, err
        assert (out / "bundle.pdf").read_bytes() == b"the last good bundle"
    left = sorted(p.name for p in sample.iterdir() if "inquiry-" in p.name)
    assert left == [], left
    # A program a killed worker started (OCR's Tesseract) may write on for a moment: the next
    # command's sweep removes what it leaves, once no process of the build runs.
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    deadline = time.monotonic() + 20
    while list(scratch.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
        tempdirs.sweep()
    assert sorted(p.name for p in scratch.iterdir()) == [], err


def test_a_second_sigterm_is_the_same_request_a_later_one_is_obeyed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Red team h151: the first SIGTERM can be swallowed (raised inside a finaliser, where
    Python only prints it); ignoring every later one left a command only SIGKILL could stop."""
    from inquiry import entry

    clock = [100.0]
    monkeypatch.setattr(entry.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(entry, "_TERM", [])
    with pytest.raises(KeyboardInterrupt):
        entry._terminate(signal.SIGTERM, None)
    clock[0] += 0.2
    entry._terminate(signal.SIGTERM, None)  # `timeout`'s second: the same request
    clock[0] += 5
    with pytest.raises(KeyboardInterrupt):
        entry._terminate(signal.SIGTERM, None)
    assert entry.interrupted_status() == entry.TERMINATED
