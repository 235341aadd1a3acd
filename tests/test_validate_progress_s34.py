"""`inquiry validate` says how far it has got on a terminal (a large pull request takes
minutes), and wipes it when done, so only the report stays; elsewhere (a CI log, a pipe) it
shows nothing but the report."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_pdf

from inquiry.cli import main
from inquiry.cli_progress import Progress
from inquiry.scaffold import init
from inquiry.validate import validate


def test_validate_reports_each_stage_with_its_counts(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/letter.pdf").write_bytes(make_pdf(2))
    item = root / "evidence/statistics/ST-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/letter.pdf, description: A letter}\n",
        encoding="utf-8",
    )
    seen: list[tuple[str, int, int]] = []
    _, report = validate(root, tick=lambda stage, done, total: seen.append((stage, done, total)))
    assert report.valid()
    files = len(list((root / "evidence").rglob("*.yaml"))) - 1  # not submission.yaml
    reading = [(d, t) for s, d, t in seen if s == "Reading the evidence files"]
    assert reading == [(n, files) for n in range(1, files + 1)]
    assert ("Checking the evidence", 0, 0) in seen
    assert [(d, t) for s, d, t in seen if s == "Opening the exhibits"][-1] == (1, 1)


def test_a_transient_line_is_wiped_and_shown_only_on_a_terminal() -> None:
    stream = io.StringIO()
    shown = Progress(stream, rewrite=True, transient=True)
    shown("Reading the evidence files", 3, 10)
    shown("Reading the evidence files", 10, 10)
    shown.finish()
    text = stream.getvalue()
    assert "Reading the evidence files 3/10" in text and "\n" not in text
    assert text.endswith("\r" + " " * len("Reading the evidence files 10/10") + "\r")
    quiet = io.StringIO()
    elsewhere = Progress(quiet, rewrite=False, transient=True)
    elsewhere("Reading the evidence files", 3, 10)
    elsewhere.finish()
    assert quiet.getvalue() == ""


def test_the_cli_report_alone_off_a_terminal(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    assert result.exit_code == 0
    assert result.output.startswith("{") and "Reading" not in result.output


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux script(1)")
def test_on_a_terminal_the_progress_shows_then_goes(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    command = f"{sys.executable} -m inquiry validate --root {root}"
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1"}
    out = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, env=env, timeout=120
    ).stdout.decode("utf-8", "replace")
    assert "Reading the evidence files" in out
    last = out.replace("\r\n", "\n").split("\n")[-2]  # the report's last line, as seen
    assert last.rsplit("\r", 1)[-1].endswith("valid"), repr(out)
