"""A full disk while a PDF is written is an error with a message and exit 3, never an aborted
process: pikepdf's `save(path)` on a full disk threw through a C++ destructor and the build
ended with SIGABRT (exit 134), no message, its staging folder left filling the disk (red-team,
stop 28, on a 700 KB tmpfs). `/dev/full` answers every write with ENOSPC."""

from __future__ import annotations

import builtins
import errno
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner

from inquiry import pdf_file
from inquiry.cli import main

FULL = Path("/dev/full")
pytestmark = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")


def one_page() -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return pdf


def test_saving_to_a_full_disk_raises_oserror() -> None:
    with pytest.raises(OSError) as info:
        pdf_file.save(one_page(), FULL, deterministic_id=True)
    assert info.value.errno == errno.ENOSPC


def test_pikepdfs_own_save_aborts_the_process_on_a_full_disk() -> None:
    """Why `pdf_file.save` exists: if this starts passing as a clean OSError, pikepdf fixed it."""
    code = "import pikepdf; p = pikepdf.new(); p.add_blank_page(); p.save('/dev/full')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode != 0


def test_a_full_disk_while_the_bundle_is_written_is_exit_3(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = sample / "out"
    runner = CliRunner()
    args = ["build", "--root", str(sample), "--out", str(out), "--format", "pdf"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def full_for_the_bundle(path: Any, mode: str = "r", *a: Any, **k: Any) -> Any:
        target = FULL if Path(path).name == "bundle.pdf" else path
        return builtins.open(target, mode, *a, **k)

    monkeypatch.setattr(pdf_file, "open", full_for_the_bundle, raising=False)
    item = sample / "evidence/testimonies/TM-003.yaml"
    item.write_text(item.read_text("utf-8").replace("set the targets", "set targets"), "utf-8")
    result = runner.invoke(main, [*args, "--no-cache"])
    assert result.exit_code == 3, result.output
    assert "No space left on device" in result.output and "bundle.pdf" in result.output
    assert "Traceback" not in result.output
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before, "the last good bundle set is whole"
    assert not [p for p in sample.iterdir() if "staging" in p.name], "staging removed"
